"""Public verification: genuine and current, modified, superseded; and the
permission-checked download and retry views."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from engine.documents import views
from engine.documents.models import Document
from engine.documents.selectors import document_verify
from engine.documents.services import document_request, document_revise
from engine.models import User


@pytest.fixture
def notice(case, inline_rendering):
    return document_request(case=case, key="notice")


def read(document):
    with document.file.open("rb") as fh:
        return fh.read()


def tampered(content: bytes) -> bytes:
    index = len(content) // 2
    return content[:index] + bytes([content[index] ^ 0x01]) + content[index + 1 :]


def test_genuine_current_file(notice):
    result = document_verify(short_code=notice.short_code.lower(), content=read(notice))
    assert result.found and result.genuine is True and result.current
    assert (result.title, result.number, result.unit, result.revision) == (
        "帮扶决定通知书",
        "禹困〔2024〕007号",
        "禹州市总工会",
        1,
    )


def test_modified_byte_is_rejected(notice):
    assert document_verify(short_code=notice.short_code, content=tampered(read(notice))).genuine is False


def test_superseded_revision_says_so(notice):
    second = document_revise(document=notice, actor=None, data={"amount": "10800.00"})
    old = document_verify(short_code=notice.short_code, content=read(notice))
    assert old.genuine is True and not old.current
    assert (old.superseded_by_revision, old.superseded_by_code) == (2, second.short_code)
    assert document_verify(short_code=second.short_code).current


def test_verify_page_states_result_without_personal_data(client, notice):
    url = reverse("documents:verify", args=[notice.short_code])
    page = client.get(url).content.decode()
    assert "帮扶决定通知书" in page and "禹困〔2024〕007号" in page and "现行有效" in page
    assert "张喆" not in page and "410181199001011234" not in page and "10400" not in page

    upload = SimpleUploadedFile("notice.pdf", tampered(read(notice)), content_type="application/pdf")
    assert "核验未通过" in client.post(url, {"file": upload}).content.decode()
    upload = SimpleUploadedFile("notice.pdf", read(notice), content_type="application/pdf")
    assert "核验通过" in client.post(url, {"file": upload}).content.decode()


def test_verify_page_for_superseded_and_unknown_codes(client, notice):
    document_revise(document=notice, actor=None)
    page = client.get(reverse("documents:verify", args=[notice.short_code])).content.decode()
    assert "已被更正" in page and "第 2 版" in page
    assert client.get(reverse("documents:verify", args=["NOPE234567"])).status_code == 404


@pytest.fixture
def policy(monkeypatch):
    allowed = set()
    monkeypatch.setattr(views, "_downloadable", lambda user, document: user.pk in allowed)
    return allowed


def test_download_requires_login_and_policy(client, notice, applicant, policy):
    url = reverse("documents:download", args=[notice.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    policy.add(applicant.pk)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == read(notice)
    assert "attachment" in response["Content-Disposition"]


def test_staff_retry_view(client, case, version, policy, inline_rendering, version_files):
    version.files = {**version.files, "documents/notice.html": "{% if %}"}
    version.save()
    document = document_request(case=case, key="notice")
    assert document.status == Document.Status.FAILED
    version.files = version_files
    version.save()
    clerk = User.objects.create_user(username="clerk", is_staff=False)
    staff = User.objects.create_user(username="officer", is_staff=True)
    policy.update({clerk.pk, staff.pk})
    url = reverse("documents:retry", args=[document.pk])
    client.force_login(clerk)
    assert client.post(url).status_code == 404
    client.force_login(staff)
    assert client.post(url, {"next": "/"}).status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERED
