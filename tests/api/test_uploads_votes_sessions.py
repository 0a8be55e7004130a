"""Uploads through the API (multipart page saves, with the site's type and
size checks), a committee vote, document downloads by policy, and the
site's own session (CSRF checked) on the same endpoints."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from engine.definitions.bundle import read_folder
from engine.models import Case, RoleAssignment, User, WorkItem
from engine.runtime.versions import version_store

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def flow(units):
    version, _ = version_store(files=read_folder(Path(__file__).parent / "upload_vote"), origin="upload_vote")
    return version


@pytest.fixture
def applicant(units):
    return User.objects.create_user(
        username="13955554444", mobile="13955554444", password="pw", home_unit=units["district"]
    )


def _submitted(client):
    draft = client.post("/api/v1/drafts", {"service": "upload_vote"}, format="json").json()
    wrong = client.put(
        f"/api/v1/drafts/{draft['id']}/pages/main",
        {"name": "袁某", "proof": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        format="multipart",
    )
    assert wrong.status_code == 422 and "proof" in wrong.json()["errors"]
    saved = client.put(
        f"/api/v1/drafts/{draft['id']}/pages/main",
        {"name": "袁某", "proof": SimpleUploadedFile("证明.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["data"]["proof"]["name"] == "证明.pdf"
    submitted = client.post(f"/api/v1/drafts/{draft['id']}/submit")
    assert submitted.status_code == 201, submitted.content
    return Case.objects.get(pk=submitted.json()["case"]["id"])


def test_upload_is_checked_and_kept(bearer, flow, applicant):
    from forms.models import Attachment

    case = _submitted(bearer(applicant))
    attachment = Attachment.objects.get(case=case)
    assert attachment.original_name == "证明.pdf" and attachment.owner == applicant
    assert case.data["proof"]["attachment"] == attachment.pk


def test_committee_votes(bearer, flow, applicant, units):
    case = _submitted(bearer(applicant))
    members = []
    for n in range(3):
        user = User.objects.create_user(username=f"member{n}", password="pw")
        RoleAssignment.objects.create(user=user, org_unit=units["district"], role="member")
        members.append(user)
    item = WorkItem.objects.get(case=case, step="committee")
    outsider = bearer(User.objects.create_user(username="nobody", password="pw"))
    assert outsider.post(f"/api/v1/tasks/{item.pk}/vote", {"choice": "for"}, format="json").status_code == 403
    first = bearer(members[0])
    assert first.post(f"/api/v1/tasks/{item.pk}/vote", {"choice": "maybe"}, format="json").status_code == 409
    assert first.post(f"/api/v1/tasks/{item.pk}/vote", {"choice": "for"}, format="json").status_code == 200
    assert first.post(f"/api/v1/tasks/{item.pk}/vote", {"choice": "for"}, format="json").status_code == 409
    assert (
        bearer(members[1]).post(f"/api/v1/tasks/{item.pk}/vote", {"choice": "for"}, format="json").status_code
        == 200
    )
    last = bearer(members[2]).post(f"/api/v1/tasks/{item.pk}/vote", {"choice": "against"}, format="json")
    assert last.status_code == 200
    case.refresh_from_db()
    assert case.final_status == "approved"


def test_session_works_with_csrf(flow, applicant):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert client.get("/api/v1/services").status_code == 200
    # An unsafe method without the CSRF token is refused (the site's JavaScript sends it).
    refused = client.post("/api/v1/drafts", {"service": "upload_vote"}, format="json")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_document_download_follows_the_policy(bearer, start, people):
    from engine.documents.models import Document

    case = start()
    document = Document.objects.create(
        case=case,
        key="notice",
        title="通知书",
        version=case.version,
        status="rendered",
        download_roles=["officer"],
    )
    document.file.save("notice.pdf", ContentFile(PDF))
    officer = bearer(people["officer"]).get(f"/api/v1/documents/{document.pk}/download")
    assert officer.status_code == 200 and b"".join(officer.streaming_content).startswith(b"%PDF")
    assert bearer(people["stranger"]).get(f"/api/v1/documents/{document.pk}/download").status_code == 404
    # The applicant's role is not among those allowed for this document.
    assert bearer(people["applicant"]).get(f"/api/v1/documents/{document.pk}/download").status_code == 404
