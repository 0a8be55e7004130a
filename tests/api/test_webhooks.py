"""Webhooks against a real receiving server on 127.0.0.1: the signature
checks out, a failed delivery is retried, nothing is sent for a rolled-back
transition, and one happening is delivered once."""

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from engine.api.models import Webhook, WebhookDelivery
from engine.api.tokens import api_key_create
from engine.api.webhooks import check_target, deliver_due, hooks_changed

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server that records POSTs and answers with the codes queued."""

    def __init__(self, codes=()):
        self.received, self.codes = [], list(codes)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((self.headers, body))  # case-insensitive names
                code = outer.codes.pop(0) if outer.codes else 204
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def receiver():
    made = []

    def _make(codes=()):
        made.append(Receiver(codes))
        return made[-1]

    yield _make
    for each in made:
        each.close()


def _subscribe(units, url, events):
    secret, _key = api_key_create(name="人社局", scopes=["webhooks:manage"], org_unit=units["city"])
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=secret)
    response = client.post("/api/v1/partner/webhooks", {"url": url, "events": events}, format="json")
    assert response.status_code == 201, response.content
    return client, response.json()


def _verify(secret, headers, body):
    expected = hmac.new(
        secret.encode(), headers["X-UnionFlow-Timestamp"].encode() + b"." + body, hashlib.sha256
    )
    return hmac.compare_digest("sha256=" + expected.hexdigest(), headers["X-UnionFlow-Signature"])


def test_case_started_is_delivered_signed(units, start, receiver, django_capture_on_commit_callbacks):
    target = receiver()
    _client, hook = _subscribe(units, target.url, ["case.started", "step.entered"])
    case = start()
    assert deliver_due() == {"delivered": 2, "not_delivered": 0}
    events = {}
    for headers, body in target.received:
        assert _verify(hook["secret"], headers, body)
        events[headers["X-UnionFlow-Event"]] = json.loads(body)
    assert events["case.started"]["case"]["number"] == case.number
    assert events["step.entered"]["step"]["id"] == "intake"
    # A tampered body does not verify.
    headers, body = target.received[0]
    assert not _verify(hook["secret"], headers, body + b" ")


def test_failed_delivery_is_retried(units, start, receiver):
    target = receiver(codes=[500])
    _subscribe(units, target.url, ["case.started"])
    start()
    assert deliver_due() == {"delivered": 0, "not_delivered": 1}
    row = WebhookDelivery.objects.get()
    assert row.status == "pending" and row.attempts == 1 and row.last_status_code == 500
    # Not due yet: nothing is sent.
    assert deliver_due() == {"delivered": 0, "not_delivered": 0}
    later = timezone.now() + dt.timedelta(minutes=5)
    assert deliver_due(now=later) == {"delivered": 1, "not_delivered": 0}
    row.refresh_from_db()
    assert row.status == "delivered" and row.attempts == 2
    assert len(target.received) == 2
    # Both attempts carry the same delivery id, so the receiver can dedupe.
    assert target.received[0][0]["X-UnionFlow-Delivery"] == target.received[1][0]["X-UnionFlow-Delivery"]


def test_case_ended_once(units, people, start, receiver):
    from engine.runtime.services import case_cancel

    target = receiver()
    _subscribe(units, target.url, ["case.ended"])
    case = start()
    case_cancel(case=case, user=people["officer"], reason="重复申请")
    case.save()  # saving again is not a second ending
    deliver_due()
    assert [json.loads(body)["event"] for _h, body in target.received] == ["case.ended"]
    assert json.loads(target.received[0][1])["case"]["status"] == "CANCELED"


def test_nothing_for_a_rolled_back_transition(units, start, receiver):
    from django.db import transaction

    target = receiver()
    _subscribe(units, target.url, ["case.started"])
    with pytest.raises(RuntimeError), transaction.atomic():
        start()
        raise RuntimeError
    assert WebhookDelivery.objects.count() == 0


def test_private_targets_are_refused_in_production(settings):
    from engine.api.webhooks import UnsafeTarget

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    for url in (
        "http://127.0.0.1/x",
        "http://10.0.0.5/x",
        "http://[::1]/x",
        "ftp://example.org/x",
        "http://localhost/x",
    ):
        with pytest.raises(UnsafeTarget):
            check_target(url)


def test_delivery_log_and_unsubscribe(units, start, receiver):
    target = receiver()
    client, hook = _subscribe(units, target.url, ["case.started"])
    start()
    deliver_due()
    log = client.get(f"/api/v1/partner/webhooks/{hook['id']}/deliveries").json()
    assert [(row["event"], row["status"]) for row in log] == [("case.started", "delivered")]
    assert "secret" not in client.get("/api/v1/partner/webhooks").json()[0]
    assert client.delete(f"/api/v1/partner/webhooks/{hook['id']}").status_code == 204
    hooks_changed()
    assert not Webhook.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_delivers(units, start, receiver):
    """`manage.py worker` (no Celery) sends due deliveries in its pass. The
    worker closes stale connections first, as a long-running process must,
    so this runs outside a test transaction (on PostgreSQL closing would end it)."""
    from engine.worker import Worker

    target = receiver()
    _subscribe(units, target.url, ["case.started"])
    start()
    Worker().step()
    assert [h["X-UnionFlow-Event"] for h, _b in target.received] == ["case.started"]
    assert WebhookDelivery.objects.get().status == "delivered"


def test_command_delivers(units, start, receiver):
    from io import StringIO

    from django.core.management import call_command

    target = receiver()
    _subscribe(units, target.url, ["case.started"])
    start()
    out = StringIO()
    call_command("webhooks", "deliver", stdout=out)
    assert out.getvalue().strip() == "delivered=1 not_delivered=0"
    assert len(target.received) == 1
