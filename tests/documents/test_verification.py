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

from .helpers import committed


@pytest.fixture
def notice(case, inline_rendering):
    return committed(document_request, case=case, key="notice")


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
    second = committed(document_revise, document=notice, actor=None, data={"amount": "10800.00"})
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
    committed(document_revise, document=notice, actor=None)
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


def test_staff_of_the_case_may_retry_others_may_not(
    client, case, unit, version, inline_rendering, version_files, django_capture_on_commit_callbacks
):
    from engine.models import OrgUnit, RoleAssignment

    version.files = {**version.files, "documents/notice.html": "{% if %}"}
    version.save()
    document = committed(document_request, case=case, key="notice")
    assert document.status == Document.Status.FAILED
    version.files = version_files
    version.save()
    # Django's is_staff flag alone is not enough: a role somewhere else.
    other = OrgUnit.objects.create(code="other", name="别处总工会", short_name="别", level="district")
    outsider = User.objects.create_user(username="outsider", is_staff=True)
    RoleAssignment.objects.create(user=outsider, role="rights_officer", org_unit=other)
    # A case worker of the case's unit, not a superuser.
    officer = User.objects.create_user(username="officer")
    RoleAssignment.objects.create(user=officer, role="rights_officer", org_unit=unit)
    url = reverse("documents:retry", args=[document.pk])
    assert client.post(url).status_code == 302 and "login" in client.post(url)["Location"]
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"next": "/"}).status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.RENDERED and document.attempts == 2


def test_a_replaced_file_with_its_hash_changed_in_the_database_is_refused(notice, case):
    """Someone swaps the stored PDF and writes its SHA-256 into the row: the
    hash no longer matches its seal, so the forged file does not verify and
    `manage.py audit verify` names the document."""
    import hashlib

    from engine.audit_checks import audit_breaks

    forged = tampered(read(notice))
    Document.objects.filter(pk=notice.pk).update(sha256=hashlib.sha256(forged).hexdigest())
    result = document_verify(short_code=notice.short_code, content=forged)
    assert result.found and result.genuine is False and result.intact is False
    breaks = audit_breaks(case_ids=[case.pk])
    assert [(b.document, b.seq, b.reason) for b in breaks] == [("notice", 1, "file")]


def test_the_verify_page_says_a_tampered_record_is_not_genuine(client, notice):
    Document.objects.filter(pk=notice.pk).update(number="伪〔2024〕999号")
    upload = SimpleUploadedFile("n.pdf", read(notice), content_type="application/pdf")
    page = client.post(reverse("documents:verify", args=[notice.short_code]), {"file": upload})
    html = page.content.decode()
    assert "存档记录校验未通过" in html and "核验未通过" in html and "核验通过：" not in html


def test_revisions_are_chained_and_a_removed_revision_is_noticed(notice, case):
    from engine.audit_checks import audit_breaks

    second = committed(document_revise, document=notice, actor=None, data={"amount": "10800.00"})
    third = committed(document_revise, document=second, actor=None)
    assert (second.prev_hash, third.prev_hash) == (notice.record_hash, second.record_hash)
    assert audit_breaks(case_ids=[case.pk]) == []
    # Re-pointing revision 3 at revision 1 and dropping 2 (as if a correction
    # never happened) breaks the chain.
    Document.objects.filter(pk=third.pk).update(supersedes=notice)
    Document.objects.filter(pk=second.pk).update(revision=99)
    found = audit_breaks(case_ids=[case.pk])
    assert [(b.document, b.reason) for b in found] == [("notice", "missing")]
