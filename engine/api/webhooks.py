"""Webhooks: what happens to a case is posted to the URLs subscribed to it.

Happenings are read from the engine's own saves (a case started or ended, a
task created for a step, a document rendered), so no service has to know
about webhooks. Each becomes one WebhookDelivery row per subscription, made
in the same transaction as the change (a rolled-back transition sends
nothing) and sent after commit: by Celery when a broker is configured,
otherwise by `manage.py webhooks deliver` / the background worker. A failed
delivery is retried with growing waits, up to MAX_ATTEMPTS.

Each POST carries `X-UnionFlow-Signature: sha256=<HMAC-SHA256 of
"<timestamp>.<body>" with the subscription's secret>` and
`X-UnionFlow-Timestamp`, so the receiver can check it came from us and is
fresh."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from engine.runtime.signals import work_items_created

from .models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
TIMEOUT_SECONDS = 5
# Whether any subscription exists is remembered for a few seconds per
# process: a happening on every save must not cost a query when nobody
# subscribes (a new subscription reaches every process within that time).
# The subscriptions themselves are always read inside the transaction, so a
# deleted one is never referenced.
_CACHE_SECONDS = 5.0
_cache: dict = {"at": 0.0, "any": False}


def _any_hooks() -> bool:
    now = time.monotonic()
    if now - _cache["at"] > _CACHE_SECONDS:
        _cache["any"] = Webhook.objects.filter(active=True).exists()
        _cache["at"] = now
    return _cache["any"]


def hooks_changed() -> None:
    _cache["at"] = 0.0


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def event_emit(event: str, *, case, dedupe: str, payload: dict) -> int:
    """Queue `event` for every subscription that wants it. -> rows made."""
    if not _any_hooks():
        return 0
    hooks = [
        h
        for h in Webhook.objects.filter(active=True, process_key__in=["", case.process_key])
        if event in (h.events or [])
    ]
    made = []
    for hook in hooks:
        body = {"event": event, "case": _case_payload(case), **payload}
        try:
            with transaction.atomic():
                made.append(
                    WebhookDelivery.objects.create(
                        webhook=hook,
                        event=event,
                        dedupe_key=f"{event}:{dedupe}"[:96],
                        payload=json.loads(json.dumps(body, cls=DjangoJSONEncoder)),
                        next_attempt=timezone.now(),
                    )
                )
        except IntegrityError:
            continue  # sent (or queued) already for this happening
    if made:
        ids = [row.pk for row in made]
        transaction.on_commit(lambda: _dispatch(ids))
    return len(made)


def _case_payload(case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "service": case.process_key,
        "unit": getattr(case.org_unit, "code", None) if case.org_unit_id else None,
        "stage": case.stage,
        "status": case.status,
        "final_status": case.final_status,
    }


def _dispatch(ids: list[int]) -> None:
    if getattr(settings, "CELERY_BROKER_URL", ""):
        from .tasks import deliver_webhook

        for pk in ids:
            deliver_webhook.delay(pk)
    # Without a broker the rows wait for `manage.py webhooks deliver` or the
    # background worker: a request never waits for somebody else's server.


# -- where happenings come from ---------------------------------------------


@receiver(post_save, sender="engine.CaseEvent", dispatch_uid="api.webhooks.case_event")
def _on_case_event(sender, instance, created, **kwargs):
    if created and instance.action == "start":
        event_emit("case.started", case=instance.case, dedupe=str(instance.case_id), payload={})


@receiver(post_save, sender="engine.Case", dispatch_uid="api.webhooks.case")
def _on_case(sender, instance, created, **kwargs):
    if instance.status in ("DONE", "CANCELED") and _any_hooks():
        event_emit("case.ended", case=instance, dedupe=str(instance.pk), payload={})


@receiver(work_items_created, dispatch_uid="api.webhooks.items")
def _on_items(sender, case, items, **kwargs):
    if not _any_hooks():
        return
    for item in items:
        payload = {"step": {"id": item.step, "title": item.step_title, "task": item.pk, "role": item.role}}
        event_emit("step.entered", case=case, dedupe=str(item.pk), payload=payload)


@receiver(post_save, sender="documents.Document", dispatch_uid="api.webhooks.document")
def _on_document(sender, instance, created, **kwargs):
    if instance.status == "rendered" and _any_hooks():
        payload = {
            "document": {
                "id": instance.pk,
                "key": instance.key,
                "title": instance.title,
                "number": instance.number,
                "revision": instance.revision,
                "sha256": instance.sha256,
            }
        }
        event_emit("document.ready", case=instance.case, dedupe=f"{instance.pk}", payload=payload)


# -- sending ----------------------------------------------------------------


class UnsafeTarget(Exception):
    pass


def check_target(url: str) -> None:
    """Refuse URLs that point inside the server's own network (SSRF), unless
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS (development and tests)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("only http(s) URLs")
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise UnsafeTarget(f"cannot resolve {parts.hostname}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise UnsafeTarget(f"{parts.hostname} resolves to a private address")


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def delivery_send(delivery_id: int) -> WebhookDelivery | None:
    """One attempt, under a row lock so two workers never send it twice."""
    with transaction.atomic():
        row = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if row is None:
            return None
        body = json.dumps(row.payload, ensure_ascii=False, sort_keys=True).encode()
        timestamp = str(int(time.time()))
        row.attempts += 1
        code, error = None, ""
        try:
            check_target(row.webhook.url)
            request = urllib.request.Request(
                row.webhook.url,
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "User-Agent": "UnionFlow-Webhook/1",
                    "X-UnionFlow-Event": row.event,
                    "X-UnionFlow-Delivery": str(row.pk),
                    "X-UnionFlow-Timestamp": timestamp,
                    "X-UnionFlow-Signature": sign(row.webhook.secret, timestamp, body),
                },
            )
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                code = response.status
        except urllib.error.HTTPError as failure:
            code, error = failure.code, f"HTTP {failure.code}"
        except (UnsafeTarget, urllib.error.URLError, OSError, ValueError) as failure:
            error = str(failure)[:500]
        row.last_status_code, row.last_error = code, error
        if code is not None and 200 <= code < 300:
            row.status, row.delivered, row.next_attempt = (
                WebhookDelivery.Status.DELIVERED,
                timezone.now(),
                None,
            )
        elif row.attempts >= MAX_ATTEMPTS:
            row.status, row.next_attempt = WebhookDelivery.Status.FAILED, None
        else:
            row.next_attempt = timezone.now() + _backoff(row.attempts)
        row.save()
    return row


def deliveries_due(*, now=None, limit=100) -> list[int]:
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt__lte=now)
        .order_by("next_attempt")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(*, now=None) -> dict:
    """Send what is due; for the worker, cron, or `manage.py webhooks deliver`."""
    sent = failed = 0
    for pk in deliveries_due(now=now):
        row = delivery_send(pk)
        if row is None:
            continue
        if row.status == WebhookDelivery.Status.DELIVERED:
            sent += 1
        else:
            failed += 1
    return {"delivered": sent, "not_delivered": failed}
