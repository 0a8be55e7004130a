"""The admission ticket carries the photo the entry form collects."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from engine.demo.cases import _portrait_png
from engine.documents.services import document_request
from engine.documents.templating import document_html
from engine.runtime.services import case_start
from forms.models import Attachment
from forms.uploads import attachment_store

pytestmark = pytest.mark.django_db


def test_the_ticket_prints_the_uploaded_photo_and_only_this_cases(units, new_applicant, publish, settings):
    settings.CELERY_BROKER_URL = "memory://"  # request the document, render the HTML here
    version = publish("skills_competition")
    entrant = new_applicant()
    png = _portrait_png("x")
    photo = attachment_store(
        upload=SimpleUploadedFile("me.png", png, content_type="image/png"), field_name="photo", owner=entrant
    )
    data = {"name": "刘新", "gender": "male", "id_number": "11010519980621351X", "photo": photo.as_json()}
    case = case_start(version=version, applicant=entrant, data=data)
    Attachment.objects.filter(pk=photo.pk).update(case=case)
    html = document_html(
        document_request(case=case, key="admission_ticket"), "documents/admission_ticket.html"
    )
    photo_tag = html.split('alt="本人照片"')[0].rsplit("<img", 1)[1]
    assert 'src="data:image/png;base64,' in photo_tag and "（照片）" not in html

    # Someone else's attachment named in the data is not printed.
    other = new_applicant("13912345679")
    foreign = attachment_store(
        upload=SimpleUploadedFile("x.png", png, content_type="image/png"), field_name="photo", owner=other
    )
    second = case_start(
        version=version,
        applicant=other,
        data={**data, "photo": foreign.as_json(), "id_number": "110105200109152024"},
    )
    html = document_html(
        document_request(case=second, key="admission_ticket"), "documents/admission_ticket.html"
    )
    assert 'alt="本人照片"' not in html and "（照片）" in html
