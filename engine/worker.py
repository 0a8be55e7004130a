"""The background worker for setups without Celery (`manage.py worker`,
started by `make run` beside runserver): renders pending documents within
about a second of the transition's commit, sends webhook deliveries that are
due, runs the deadline sweep
(reminders, escalations, votes, waits) every TICK seconds, sweeps stuck
documents and orphan files, and verifies the audit chains once a night.

Safe beside Celery and beside another worker: every piece of work is claimed
in the database first (a document's render lease, a reminder's conditional
UPDATE, escalations and wakes under the case lock), so two workers never
do the same thing twice, and a worker killed at any point leaves work that
the next one picks up."""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)

TICK_SECONDS = 30
POLL_SECONDS = 1.0
SWEEP_SECONDS = 300
VERIFY_AT_HOUR = 3  # local time


def render_pending(*, limit: int = 20) -> int:
    """Render the oldest pending documents no one holds; how many it rendered."""
    from engine.documents.models import Document
    from engine.documents.services import document_render, documents_pending

    done = 0
    for pk in documents_pending(limit=limit):
        document = Document.objects.filter(pk=pk).first()
        if document is not None and document_render(document=document).status != Document.Status.PENDING:
            done += 1
    return done


def webhooks_due() -> dict:
    """Webhook deliveries that are due (first tries and retries)."""
    from engine.api.webhooks import deliver_due

    return deliver_due()


def _next_verify(now: datetime) -> datetime:
    local = timezone.localtime(now)
    at = local.replace(hour=VERIFY_AT_HOUR, minute=0, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


@dataclass
class Worker:
    tick_seconds: float = TICK_SECONDS
    poll_seconds: float = POLL_SECONDS
    sweep_seconds: float = SWEEP_SECONDS
    stdout: object = None
    _stop: bool = False
    _due: dict = field(default_factory=dict)

    def stop(self, *_args):
        self._stop = True

    def say(self, text: str):
        if self.stdout is not None:
            self.stdout.write(f"{timezone.localtime():%H:%M:%S} {text}")

    def run(self, *, once: bool = False):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        now = time.monotonic()
        self._due = {"tick": now, "sweep": now, "verify": _next_verify(timezone.now())}
        while not self._stop:
            self.step()
            if once:
                return
            time.sleep(self.poll_seconds)

    def step(self):
        """One pass: whatever is due. Errors are logged, never fatal: the
        next pass tries again."""
        close_old_connections()
        try:
            rendered = render_pending()
            if rendered:
                self.say(f"documents rendered={rendered}")
            delivered = webhooks_due()
            if any(delivered.values()):
                self.say("webhooks " + " ".join(f"{k}={v}" for k, v in delivered.items()))
            now = time.monotonic()
            if now >= self._due["tick"]:
                from engine.runtime.deadlines import deadlines_tick

                counts = deadlines_tick()
                self._due["tick"] = now + self.tick_seconds
                if any(counts.values()):
                    self.say("deadlines " + " ".join(f"{k}={v}" for k, v in counts.items()))
            if now >= self._due["sweep"]:
                from engine.documents.services import document_sweep

                swept = document_sweep()
                self._due["sweep"] = now + self.sweep_seconds
                if any(swept.values()):
                    self.say("documents swept " + " ".join(f"{k}={v}" for k, v in swept.items()))
            if timezone.now() >= self._due["verify"]:
                from engine.audit_checks import audit_nightly

                result = audit_nightly()
                self._due["verify"] = _next_verify(timezone.now())
                self.say(f"audit verify broken={result['broken']}")
        except Exception:  # noqa: BLE001 - a worker keeps going; the error is logged
            logger.exception("background worker pass failed")
        finally:
            close_old_connections()
