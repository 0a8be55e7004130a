"""`manage.py worker` for real: started as a process against the test's
PostgreSQL database, it sends the reminder and the escalation of overdue
tasks and renders a pending document by itself; two of them side by side do
each thing once; SIGTERM stops it."""

import datetime as dt
import subprocess
import time

import pytest
from django.utils import timezone

from engine.documents.models import Document
from engine.models import CaseEvent, Notification, WorkItem

from . import subprocesses
from .helpers import pending_documents

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def wait_for(condition, *, timeout=90, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        for process in processes:
            assert process.poll() is None, subprocesses.stop(process)
        time.sleep(0.5)
    return condition()


def test_two_workers_remind_escalate_and_render_each_once(start, people):
    due_soon, overdue = start(), start()
    past = timezone.now() - dt.timedelta(minutes=1)
    WorkItem.objects.filter(case=due_soon, step="intake").update(remind_at=past)
    WorkItem.objects.filter(case=overdue, step="intake").update(remind_at=past, due_at=past)
    document = pending_documents(1)[0]
    workers = [subprocesses.worker("--tick", "1", "--poll", "0.3") for _ in range(2)]
    try:
        done = wait_for(
            lambda: (
                CaseEvent.objects.filter(case=due_soon, action="remind").exists()
                and CaseEvent.objects.filter(case=overdue, action="escalate").exists()
                and Document.objects.get(pk=document.pk).status == Document.Status.RENDERED
            ),
            processes=workers,
        )
        time.sleep(3)  # a few more passes of both workers: nothing happens twice
    finally:
        outputs = [subprocesses.stop(worker) for worker in workers]
    assert done, outputs
    assert CaseEvent.objects.filter(case=due_soon, action="remind").count() == 1
    assert Notification.objects.filter(case=due_soon, key="reminder").count() == 2  # officer, officer2
    assert CaseEvent.objects.filter(case=overdue, action="escalate").count() == 1
    item = WorkItem.objects.get(case=overdue, step="intake")
    assert (item.role, item.escalated) == ("head", True)
    assert (
        Notification.objects.filter(case=overdue, user=people["head"], key="overdue_reassigned").count() == 1
    )
    document.refresh_from_db()
    assert document.attempts == 1 and document.sha256 and document.file
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert all(worker.returncode == 0 for worker in workers), outputs


def test_sigterm_stops_the_worker_promptly():
    worker = subprocesses.worker("--tick", "30")
    assert "worker:" in worker.stdout.readline()  # started (Django set up)
    time.sleep(1)
    worker.terminate()
    try:
        assert worker.wait(15) == 0
    except subprocess.TimeoutExpired:
        worker.kill()
        pytest.fail("the worker did not stop on SIGTERM")
