"""Celery tasks: render a document on a worker, with retries and backoff,
and the sweep that re-queues documents whose renderer died.

The service records every failed attempt on the document (staff see it); the
task then raises so Celery retries with exponential backoff. After the last
retry the document stays `failed` until staff press retry.

A worker killed in the middle of a render: with `acks_late` and
`reject_on_worker_lost` the message goes back to the queue (and, if the
whole worker died, Redis hands it out again after the visibility timeout);
the redelivered task waits for the dead render's lease to expire, and the
sweep (Celery beat, every minute) re-queues anything still left pending."""

from celery import shared_task
from django.utils import timezone

from .models import Document
from .services import document_render, document_sweep, render_lease

MAX_RETRIES = 4


class DocumentRenderFailed(RuntimeError):
    pass


@shared_task(
    bind=True,
    autoretry_for=(DocumentRenderFailed,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def render_document(self, document_id: int) -> str:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    document = document_render(document=document)
    if document.status == Document.Status.PENDING and document.lease_until:
        # Another renderer holds it (or held it and died): look again when
        # its lease runs out.
        wait = (document.lease_until - timezone.now()).total_seconds()
        if self.request.retries < MAX_RETRIES:
            raise self.retry(countdown=max(1, min(wait + 1, render_lease().total_seconds())))
    if document.status == Document.Status.FAILED and self.request.retries < MAX_RETRIES:
        raise DocumentRenderFailed(document.error)
    return document.status


@shared_task(name="documents.sweep")
def sweep_documents() -> dict:
    return document_sweep()
