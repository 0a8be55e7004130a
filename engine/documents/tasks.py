"""Celery task: render a document on a worker, with retries and backoff.

The service records every failed attempt on the document (staff see it); the
task then raises so Celery retries with exponential backoff. After the last
retry the document stays `failed` until staff press retry."""

from celery import shared_task

from .models import Document
from .services import document_render

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
)
def render_document(self, document_id: int) -> str:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    document = document_render(document=document)
    if document.status == Document.Status.FAILED and self.request.retries < MAX_RETRIES:
        raise DocumentRenderFailed(document.error)
    return document.status
