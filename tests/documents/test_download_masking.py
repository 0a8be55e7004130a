"""Documents follow the case file's masking: whoever sees the file with the
ID number masked (a unit above, reading only) cannot download the PDF,
which prints the number in full. Those who act on the case can."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from engine.documents.models import Document
from engine.documents.services import document_request
from engine.models import OrgUnit, RoleAssignment, User
from engine.roles.policy import case_file_full_to, case_visible_to


@pytest.fixture
def rendered(case, settings):
    settings.CELERY_BROKER_URL = "memory://"
    document = document_request(case=case, key="notice")
    document.file.save("notice.pdf", ContentFile(b"%PDF-1.7 full id 410181199001011234"), save=False)
    document.status = Document.Status.RENDERED
    document.save()
    return document


def _staff(username, unit, role="rights_officer"):
    user = User.objects.create_user(username=username, password="pw", display_name=username)
    RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


@pytest.fixture
def city(unit):
    city = OrgUnit.objects.create(code="zhengzhou", name="郑州市总工会", short_name="郑", level="city")
    unit.parent = city
    unit.save()
    return city


def test_a_viewer_above_sees_the_id_masked_and_cannot_download(client, case, rendered, city):
    viewer = _staff("city_viewer", city)  # the document's download role, one unit above
    client.force_login(viewer)
    # The case file shows this viewer a summary with the ID masked ...
    assert case_visible_to(viewer, case) and not case_file_full_to(viewer, case)
    # ... and the PDF, which prints it in full, is refused (as if absent).
    response = client.get(reverse("documents:download", args=[rendered.pk]))
    assert response.status_code == 404
    assert b"410181199001011234" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_officer_of_the_case_unit_downloads_it(client, case, rendered, city):
    officer = _staff("officer_here", case.org_unit)
    assert case_file_full_to(officer, case)
    client.force_login(officer)
    response = client.get(reverse("documents:download", args=[rendered.pk]))
    assert response.status_code == 200
    assert b"410181199001011234" in b"".join(response.streaming_content)
