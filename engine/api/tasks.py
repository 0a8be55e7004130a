"""Celery task of the API: one webhook delivery attempt, retried by the row's
own schedule (next_attempt) through Celery's countdown."""

from celery import shared_task


@shared_task(name="api.deliver_webhook", acks_late=True)
def deliver_webhook(delivery_id: int):
    from .webhooks import delivery_send

    row = delivery_send(delivery_id)
    if row is not None and row.status == "pending" and row.next_attempt is not None:
        from django.utils import timezone

        delay = max(1, int((row.next_attempt - timezone.now()).total_seconds()))
        deliver_webhook.apply_async(args=[delivery_id], countdown=delay)
    return row.status if row is not None else None


@shared_task(name="api.deliver_due")
def deliver_due_task():
    """Retries whose time has come (Celery beat, every minute)."""
    from .webhooks import deliver_due

    return deliver_due()
