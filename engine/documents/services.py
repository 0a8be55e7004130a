"""Writes on documents: request, render, retry, revise, sweep.

No user waits for a PDF: a transition only inserts the document row
(pending); the PDF is rendered after the transition commits, by a Celery
worker when CELERY_BROKER_URL is set, otherwise by `manage.py worker` (which
`make run` starts), or in this process after commit when
DOCUMENTS_RENDER_AFTER_COMMIT is on (tests). Rendering never raises into the
caller: a failure is recorded on the document, where staff see it and retry.

A renderer first takes a lease on the row (document_claim), so two workers
never render the same revision; one that dies loses the lease when it
expires and document_sweep gives the document to another. The file is
written under a temporary name and renamed into place only when the row is
saved, so a crash leaves no file that a row does not point to for longer
than one sweep."""

import hashlib
import logging
import os
import secrets
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .chain import file_seal, record_hash
from .models import Document, private_storage
from .selectors import document_latest, document_verify  # noqa: F401  (document_verify is part of this API)
from .signing import sign_pdf, signing_configured
from .specs import document_spec
from .templating import document_html

logger = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 2000
TEMP_SUFFIX = ".part"
_local = threading.local()


def render_lease() -> timedelta:
    """How long a renderer may hold a document before others may take it."""
    return timedelta(seconds=getattr(settings, "DOCUMENT_RENDER_LEASE_SECONDS", 120))


@contextmanager
def rendering_deferred():
    """Inside this block, documents are requested (row, number, audit) but
    not rendered after commit in this process, nor queued: they stay pending
    for the background worker or a retry (重新生成). For bulk loads such as
    the demo's statistics."""
    previous = getattr(_local, "deferred", False)
    _local.deferred = True
    try:
        yield
    finally:
        _local.deferred = previous


def document_request(*, case, key: str, actor=None) -> Document:
    """Create revision 1 (or the next revision) of a case document, pending;
    it is rendered after the caller's transaction commits (see the module)."""
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
    Document.objects.filter(pk=document.pk).exclude(status=Document.Status.RENDERED).update(
        status=Document.Status.PENDING, error="", lease_until=None
    )
    document.refresh_from_db()
    logger.info("document %s retry requested by %s", document.pk, actor)
    _schedule(document)
    return document


def document_claim(pk: int, *, now=None) -> bool:
    """Take the render lease of a pending (or failed, for Celery's own
    retries) document: one atomic UPDATE, so of two workers exactly one wins.
    A lease left by a renderer that died expires after render_lease()."""
    now = now or timezone.now()
    taken = (
        Document.objects.filter(pk=pk, status__in=[Document.Status.PENDING, Document.Status.FAILED])
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + render_lease(), attempts=F("attempts") + 1)
    )
    return taken == 1


def document_render(*, document: Document, store: bool = True) -> Document:
    """Render and store the PDF; set status rendered, or failed with the error.
    Does nothing when the document is rendered or another renderer holds it.
    `store=False` (the studio's dry run) renders without writing a file."""
    if document.status == Document.Status.RENDERED or not document_claim(document.pk):
        document.refresh_from_db()
        return document
    document.refresh_from_db()
    try:
        pdf = _render_pdf(document)
        with transaction.atomic():  # a savepoint inside a caller's transaction (dry run)
            _store(document, pdf, write=store)
    except Exception as exc:  # noqa: BLE001 - any failure must be recorded, never propagated
        logger.exception("document %s failed to render", document.pk)
        _mark_failed(document, exc)
    else:
        from engine.runtime.applicant_notices import document_ready_notify

        try:
            document_ready_notify(document)
        except Exception:  # noqa: BLE001 - the document is rendered; a notice must not undo that
            logger.exception("document %s: the applicant's notice failed", document.pk)
    return document


def _render_pdf(document: Document) -> bytes:
    from .rendering import render_pdf  # weasyprint loads only where rendering happens

    spec = document_spec(document.version, document.key)
    pdf = render_pdf(document_html(document, spec.template))
    document.signed = _should_sign(spec)
    if document.signed:
        pdf = sign_pdf(pdf, reason=document.title, location=document.case.org_unit.name)
    return pdf


def _store(document: Document, pdf: bytes, *, write: bool) -> None:
    """Write the file under a temporary name, save the row (only if still
    not rendered), then rename the file into place. A failure removes the
    file; a crash leaves a `.part` or an unreferenced file for the sweeper."""
    name = f"documents/{timezone.localtime():%Y/%m}/{_stored_name(document)}"
    final = Path(private_storage().path(name))
    temp = final.with_name(f"{final.name}{TEMP_SUFFIX}{secrets.token_hex(4)}")
    if write:
        final.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.file_seal = file_seal(document)
    document.rendered_at = timezone.now()
    try:
        saved = (
            Document.objects.filter(pk=document.pk)
            .exclude(status=Document.Status.RENDERED)
            .update(
                sha256=document.sha256,
                file=name if write else "",
                signed=document.signed,
                file_seal=document.file_seal,
                status=Document.Status.RENDERED,
                error="",
                rendered_at=document.rendered_at,
                lease_until=None,
            )
        )
        if saved and write:
            os.replace(temp, final)
    finally:
        if write and temp.exists():
            temp.unlink()
    document.refresh_from_db()


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
    Document.objects.filter(pk=document.pk).exclude(status=Document.Status.RENDERED).update(
        status=document.status, error=document.error, sha256="", file="", file_seal="", lease_until=None
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
    """Insert the next revision, linked into the revisions' hash chain. Two
    requests racing for the same revision number (or, astronomically rarely,
    the same short code) lose nothing: the loser takes the next number."""
    from .models import new_short_code

    for _attempt in range(5):
        document = Document(
            **fields,
            supersedes=supersedes,
            revision=(supersedes.revision + 1) if supersedes else 1,
            short_code=new_short_code(),
            prev_hash=supersedes.record_hash if supersedes else "",
        )
        document.record_hash = record_hash(document)
        try:
            with transaction.atomic():
                document.save(force_insert=True)
                return document
        except IntegrityError:
            supersedes = document_latest(case=fields["case"], key=fields["key"])
    raise IntegrityError("could not insert the document revision")


def _schedule(document: Document) -> None:
    """After the caller's transaction commits: queue the render on Celery,
    or render here when DOCUMENTS_RENDER_AFTER_COMMIT is on; otherwise the
    background worker (`manage.py worker`) finds the pending row."""
    if getattr(_local, "deferred", False):
        return
    pk = document.pk
    if getattr(settings, "CELERY_BROKER_URL", ""):
        transaction.on_commit(lambda: _enqueue(pk))
    elif getattr(settings, "DOCUMENTS_RENDER_AFTER_COMMIT", False):
        transaction.on_commit(lambda: _render_pk(pk))


def _render_pk(pk: int) -> None:
    document = Document.objects.filter(pk=pk).first()
    if document is not None:
        document_render(document=document)


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


def documents_pending(*, limit: int = 20, now=None) -> list[int]:
    """Ids of pending documents no renderer holds, oldest first."""
    now = now or timezone.now()
    return list(
        Document.objects.filter(status=Document.Status.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def document_sweep(*, now=None, stale_after: timedelta | None = None) -> dict:
    """For Celery setups (beat) and the worker: re-queue documents left
    pending longer than `stale_after` with no live lease (their renderer
    died, or the broker lost the message), and remove files no rendered row
    points to (left by a crash between writing and saving)."""
    now = now or timezone.now()
    stale_after = stale_after or render_lease()
    stale = list(
        Document.objects.filter(status=Document.Status.PENDING, created_at__lt=now - stale_after)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .values_list("pk", flat=True)[:500]
    )
    if getattr(settings, "CELERY_BROKER_URL", ""):
        for pk in stale:
            _enqueue(pk)
    else:
        for pk in stale:
            _render_pk(pk)
    return {"requeued": len(stale), "orphans_removed": orphan_files_remove(now=now, older_than=stale_after)}


def orphan_files_remove(*, now=None, older_than: timedelta | None = None) -> int:
    """Delete temporary `.part` files and PDFs that no rendered document row
    names, once older than `older_than` (a render in progress is younger)."""
    now = now or timezone.now()
    cutoff = (now - (older_than or render_lease())).timestamp()
    root = Path(private_storage().path("documents"))
    if not root.is_dir():
        return 0
    candidates = {}
    for path in root.rglob("*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            candidates[path.relative_to(root.parent).as_posix()] = path
    if not candidates:
        return 0
    names = [name for name in candidates if TEMP_SUFFIX not in name.rsplit("/", 1)[-1]]
    kept = set()
    for start in range(0, len(names), 1000):
        kept |= set(
            Document.objects.filter(
                file__in=names[start : start + 1000], status=Document.Status.RENDERED
            ).values_list("file", flat=True)
        )
    removed = 0
    for name, path in candidates.items():
        if name not in kept:
            path.unlink(missing_ok=True)
            removed += 1
            logger.warning("removed orphan document file %s", name)
    return removed
