"""Writes on documents: request, render, retry, revise.

Rendering never raises into the caller: a case transition that asks for a
document must complete even when the template is broken or the renderer is
down. The failure is recorded on the document, where staff see it and retry."""

import hashlib
import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Document
from .selectors import document_latest, document_verify  # noqa: F401  (document_verify is part of this API)
from .signing import sign_pdf, signing_configured
from .specs import document_spec
from .templating import document_html

logger = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 2000
_local = threading.local()


@contextmanager
def rendering_deferred():
    """Inside this block, documents are requested (row, number, audit) but
    not rendered inline when there is no broker: they stay pending until
    someone retries them (重新生成) or `document_retry` runs. For bulk loads
    such as the demo's statistics, where hundreds of inline renders would
    take minutes. With a broker, rendering is queued as usual."""
    previous = getattr(_local, "deferred", False)
    _local.deferred = True
    try:
        yield
    finally:
        _local.deferred = previous


def document_request(*, case, key: str, actor=None) -> Document:
    """Create revision 1 (or the next revision) of a case document and render it:
    in this request without a broker, on a Celery worker after commit with one."""
    latest = document_latest(case=case, key=key)
    return _create_and_schedule(
        case=case, key=key, actor=actor, data=dict(case.data or {}), supersedes=latest
    )


def document_revise(*, document: Document, actor, data: dict | None = None) -> Document:
    """A correction: a new revision that supersedes the latest one; the old
    revisions stay untouched. With `data`, those values are laid over the
    corrected document's snapshot; without, the case's current data is used."""
    case = document.case
    latest = document_latest(case=case, key=document.key)
    snapshot = {**document.data, **data} if data is not None else dict(case.data or {})
    return _create_and_schedule(case=case, key=document.key, actor=actor, data=snapshot, supersedes=latest)


def document_retry(*, document: Document, actor=None) -> Document:
    """Render a failed (or stuck pending) document again. Rendered ones are final."""
    if document.status == Document.Status.RENDERED:
        return document
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING, error="")
    document.refresh_from_db()
    logger.info("document %s retry requested by %s", document.pk, actor)
    _schedule(document)
    return document


def document_render(*, document: Document) -> Document:
    """Render and store the PDF; set status rendered, or failed with the error."""
    if document.status == Document.Status.RENDERED:
        return document  # idempotent: a repeated task must not replace the file
    Document.objects.filter(pk=document.pk).update(attempts=document.attempts + 1)
    document.attempts += 1
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the caller's transaction usable
            _render_into(document)
    except Exception as exc:  # noqa: BLE001 - any failure must be recorded, never propagated
        logger.exception("document %s failed to render", document.pk)
        _mark_failed(document, exc)
    return document


def _render_into(document: Document) -> None:
    from .rendering import render_pdf  # weasyprint loads only where rendering happens

    spec = document_spec(document.version, document.key)
    pdf = render_pdf(document_html(document, spec.template))
    document.signed = _should_sign(spec)
    if document.signed:
        pdf = sign_pdf(pdf, reason=document.title, location=document.case.org_unit.name)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.file.save(_stored_name(document), ContentFile(pdf), save=False)
    document.status = Document.Status.RENDERED
    document.error = ""
    document.rendered_at = timezone.now()
    document.save(update_fields=["sha256", "file", "signed", "status", "error", "rendered_at"])


def _should_sign(spec) -> bool:
    if spec.sign and not signing_configured():
        # Development machines have no certificate: render, say so in the log.
        logger.warning("document %s wants a signature but DOCUMENT_SIGNING_PKCS12 is not set", spec.key)
    return spec.sign and signing_configured()


def _stored_name(document: Document) -> str:
    # ASCII only: the official number (禹困〔2024〕007号) is for the download name.
    return f"case{document.case_id}-{document.key}-r{document.revision}-{document.short_code}.pdf"


def _mark_failed(document: Document, exc: Exception) -> None:
    document.sha256 = ""
    document.file = None
    document.status = Document.Status.FAILED
    document.error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
    Document.objects.filter(pk=document.pk).update(
        status=document.status, error=document.error, sha256="", file=""
    )


def _create_and_schedule(*, case, key, actor, data, supersedes) -> Document:
    spec = document_spec(case.version, key)
    fields = {
        "case": case,
        "key": key,
        "title": spec.title,
        "number": str(data.get(spec.number_field) or "") if spec.number_field else case.number,
        "version": case.version,
        "data": data,
        "download_roles": list(spec.download),
        "created_by": actor if getattr(actor, "pk", None) else None,
    }
    document = _create(fields, supersedes=supersedes)
    _schedule(document)
    return document


def _create(fields: dict, *, supersedes) -> Document:
    """Insert the next revision. Two requests racing for the same revision
    number (or, astronomically rarely, the same short code) lose nothing:
    the loser takes the next number."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Document.objects.create(
                    **fields, supersedes=supersedes, revision=(supersedes.revision + 1) if supersedes else 1
                )
        except IntegrityError:
            supersedes = document_latest(case=fields["case"], key=fields["key"])
    raise IntegrityError("could not insert the document revision")


def _schedule(document: Document) -> None:
    if not getattr(settings, "CELERY_BROKER_URL", ""):
        if not getattr(_local, "deferred", False):
            document_render(document=document)
        return
    pk = document.pk
    transaction.on_commit(lambda: _enqueue(pk))


def _enqueue(pk: int) -> None:
    """Runs after the case committed: a broker outage must not turn the
    user's finished step into an error page. Record it for staff instead."""
    from .tasks import render_document

    try:
        render_document.delay(pk)
    except Exception as exc:  # noqa: BLE001 - kombu raises many kinds
        logger.exception("could not enqueue document %s", pk)
        Document.objects.filter(pk=pk, status=Document.Status.PENDING).update(
            status=Document.Status.FAILED,
            error=f"任务队列不可用：{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH],
        )
