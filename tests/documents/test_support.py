"""System checks, template checks for the definition loader, racing
revisions, and the case-page list of documents."""

from django.core import checks as django_checks
from django.template.loader import render_to_string
from django.test import RequestFactory

from engine.documents import checks, services
from engine.documents.models import Document
from engine.documents.selectors import documents_of_case
from engine.documents.services import document_request, document_revise
from engine.documents.templating import template_errors
from engine.models import User

from .helpers import committed


def test_checks_pass_here_and_name_the_fix_when_something_is_missing(monkeypatch, tmp_path):
    assert checks.check_document_rendering() == []
    monkeypatch.setattr(checks.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(checks, "FONTS_DIR", tmp_path)
    found = {(p.id, p.level) for p in checks.check_document_rendering()}
    assert found == {("documents.E001", django_checks.ERROR), ("documents.W001", django_checks.WARNING)}


def test_template_errors_found_without_rendering(version):
    assert template_errors(version) == []
    version.files = {**version.files, "documents/notice.html": "{% extends 'documents/nope.html' %}"}
    version.save()
    [error] = template_errors(version)
    assert error.startswith("documents/notice.html: TemplateDoesNotExist")


def test_racing_request_takes_the_next_revision(case, inline_rendering):
    first = committed(document_request, case=case, key="notice")
    second = committed(document_revise, document=first, actor=None)
    # A request that still believed revision 1 was the latest:
    fields = {
        "case": case,
        "key": "notice",
        "title": first.title,
        "number": first.number,
        "version": case.version,
        "data": first.data,
        "download_roles": [],
        "created_by": None,
    }
    third = services._create(fields, supersedes=first)
    assert (third.revision, third.supersedes_id) == (3, second.pk)


def test_case_documents_list_shows_errors_and_retry_to_the_case_staff_only(
    case, unit, version, inline_rendering
):
    """Not Django's is_staff flag: whoever acts on the case (a role in its
    unit) sees the error and the retry button; a role elsewhere does not."""
    from engine.models import OrgUnit, RoleAssignment
    from engine.roles.policy import document_retryable_by

    version.files = {**version.files, "documents/notice.html": "{% if %}"}
    version.save()
    committed(document_request, case=case, key="notice")
    documents = documents_of_case(case=case)
    assert [d.status for d in documents] == [Document.Status.FAILED]
    officer = User.objects.create_user(username="officer")
    RoleAssignment.objects.create(user=officer, role="rights_officer", org_unit=unit)
    elsewhere = OrgUnit.objects.create(code="other", name="别处总工会", short_name="别", level="district")
    stranger = User.objects.create_user(username="stranger", is_staff=True)
    RoleAssignment.objects.create(user=stranger, role="rights_officer", org_unit=elsewhere)
    request = RequestFactory().get("/cases/1/")
    for user, sees_error in [(officer, True), (stranger, False)]:
        request.user = user
        context = {"documents": documents, "user": user, "can_retry": document_retryable_by(user, case)}
        html = render_to_string("documents/_case_documents.html", context, request=request)
        assert ("TemplateSyntaxError" in html) is sees_error
        assert ("重新生成" in html) is sees_error
