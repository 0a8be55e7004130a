"""Request, failure, retry, revision and the Celery hand-off."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from engine.documents import services, tasks
from engine.documents.models import Document
from engine.documents.services import document_render, document_request, document_retry, document_revise
from engine.models import Case

from .helpers import committed, pdf_text

BROKEN = (
    '{% extends "documents/base_official.html" %}{% block body %}{% if data.name %}<p>未闭合{% endblock %}'
)


def read(document):
    with document.file.open("rb") as fh:
        return fh.read()


def break_template(version, text=BROKEN):
    version.files = {**version.files, "documents/notice.html": text}
    version.save()  # a draft version may still change


def test_rendered_document_file_and_hash_cannot_change(case, inline_rendering):
    document = committed(document_request, case=case, key="notice")
    document.sha256 = "0" * 64
    with pytest.raises(ValidationError):
        document.save()


def test_failed_render_is_recorded_not_raised_and_case_untouched(case, version, inline_rendering):
    break_template(version)
    with transaction.atomic():  # as inside a case transition
        document = committed(document_request, case=case, key="notice")
        # The caller's transaction is still usable after the failure.
        case.stage = "已建档"
        case.save(update_fields=["stage"])
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert "TemplateSyntaxError" in document.error
    assert document.attempts == 1 and not document.file and not document.sha256
    case = Case.objects.get(pk=case.pk)
    assert case.stage == "已建档" and case.data["amount"] == "10400.00"


def test_retry_after_fixing_the_template(case, version, version_files, inline_rendering):
    break_template(version)
    document = committed(document_request, case=case, key="notice")
    assert document.status == Document.Status.FAILED
    break_template(version, version_files["documents/notice.html"])  # the fix
    document = committed(document_retry, document=document, actor=None)
    assert document.status == Document.Status.RENDERED, document.error
    assert document.attempts == 2 and document.error == ""
    assert "张喆" in pdf_text(read(document))


def test_retry_leaves_a_rendered_document_alone(case, inline_rendering):
    document = committed(document_request, case=case, key="notice")
    sha = document.sha256
    assert committed(document_retry, document=document, actor=None).sha256 == sha
    assert document_render(document=document).attempts == 1


def test_revision_supersedes_and_keeps_the_old_one(case, inline_rendering):
    first = committed(document_request, case=case, key="notice")
    first_bytes = read(first)
    second = committed(document_revise, document=first, actor=None, data={"amount": "10800.00"})
    first.refresh_from_db()
    assert (second.revision, second.supersedes_id, second.status) == (2, first.pk, Document.Status.RENDERED)
    assert read(first) == first_bytes and first.sha256 != second.sha256
    assert "10400.00" in pdf_text(first_bytes)
    text = pdf_text(read(second))
    assert "10800.00" in text and "第2版（更正版" in text
    assert second.data["name"] == "张喆" and first.data["amount"] == "10400.00"


def test_unknown_document_key_is_an_error(case, inline_rendering):
    with pytest.raises(LookupError):
        committed(document_request, case=case, key="no_such_document")


def test_with_a_broker_rendering_is_enqueued_on_commit(
    case, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    sent = []
    monkeypatch.setattr(tasks.render_document, "delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_request(case=case, key="notice")
    assert document.status == Document.Status.PENDING and sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [document.pk]


def test_task_raises_for_celery_to_retry_while_the_failure_stays_visible(
    case, version, settings, monkeypatch
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    monkeypatch.setattr(services.transaction, "on_commit", lambda fn: None)
    break_template(version)
    document = document_request(case=case, key="notice")
    with pytest.raises(tasks.DocumentRenderFailed):
        tasks.render_document.run(document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED and document.attempts == 1


def test_broker_outage_after_commit_is_recorded_not_raised(
    case, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    def refuse(pk):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.render_document, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(case=case, key="notice")
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED and "broker down" in document.error


def test_requests_inside_rendering_deferred_stay_pending_until_retried(case, inline_rendering):
    """Bulk loads (the demo's statistics) request documents without rendering
    them inline; a retry renders them as usual."""
    from engine.documents.services import rendering_deferred

    with rendering_deferred():
        document = committed(document_request, case=case, key="notice")
    assert document.status == Document.Status.PENDING and not document.file
    assert committed(document_retry, document=document).status == Document.Status.RENDERED
    # outside the block, requests render inline again
    assert committed(document_request, case=case, key="notice").status == Document.Status.RENDERED
