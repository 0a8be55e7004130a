"""Crash safety, proven with SIGKILL on PostgreSQL: a process driving
transitions and submitting applications is killed at random moments, then
every case is either before or after each transition (work item, viewflow
task and audit in step; every audit chain verifies) and every application
whose submission returned exists. A worker killed in the middle of renders
leaves documents that the next worker renders, and no stray file."""

import os
import random
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from viewflow.workflow.models import Task

from engine.audit_checks import audit_breaks
from engine.documents.models import Document
from engine.models import Case, CaseEvent, WorkItem

from . import subprocesses
from .helpers import pending_documents

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
KILLS = 6
HUMAN_STEPS = {"intake", "check_a", "check_b", "assess", "chair_approval", "committee", "follow_up", "revise"}


def test_sigkill_during_transitions_leaves_every_case_before_or_after(start, people, tmp_path):
    for _ in range(4):
        start()
    log = tmp_path / "submitted.txt"
    log.touch()
    rng = random.Random(20261203)
    for _round in range(KILLS):
        driver = subprocesses.start(["tests/runtime/crash_driver.py", str(log)])
        before = CaseEvent.objects.count()
        deadline = time.monotonic() + 120
        # Let it get going (Django set up, transitions under way), then kill.
        while CaseEvent.objects.count() < before + 3 and time.monotonic() < deadline:
            assert driver.poll() is None, subprocesses.stop(driver)
            time.sleep(0.2)
        time.sleep(rng.uniform(0.2, 2.0))
        assert driver.poll() is None, subprocesses.stop(driver)  # killed while working, not after a crash
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(10)
    assert CaseEvent.objects.filter(action="complete").count() >= KILLS  # the driver did real work

    submitted = [line for line in log.read_text().splitlines() if line]
    assert submitted, "the driver submitted nothing before being killed"
    numbers = set(Case.objects.values_list("number", flat=True))
    assert [n for n in submitted if n not in numbers] == []

    for case in Case.objects.all():
        _assert_in_step(case)
    assert audit_breaks() == []


def _assert_in_step(case):
    tasks = {task.pk: task for task in Task.objects.filter(process_id=case.pk)}
    items = {item.task_id: item for item in WorkItem.objects.filter(case=case)}
    decided = {}
    for event in CaseEvent.objects.filter(case=case, action__in=["complete", "vote_closed"]):
        decided.setdefault(event.task_id, []).append(event)
    for task in tasks.values():
        step = task.flow_task.name if task.flow_task else ""
        if step not in HUMAN_STEPS:
            continue
        item = items.get(task.pk)
        assert item is not None, (case.number, step, "viewflow task without its work item")
        assert item.status == task.status, (case.number, step, item.status, task.status)
        if task.status == "DONE":
            assert len(decided.get(task.pk, [])) == 1, (case.number, step, "done without one decision event")
            key = f"{step}_passed" if step == "committee" else f"{step}_outcome"
            assert key in case.data, (case.number, step, "done without its result in the case data")
        else:
            assert task.pk not in decided, (case.number, step, "decision recorded on an open task")
    assert set(items) <= set(tasks), (case.number, "work item without its viewflow task")


def test_sigkill_during_renders_then_the_next_worker_renders_all_and_leaves_no_stray_file():
    documents = pending_documents(6)
    lease = {"DOCUMENT_RENDER_LEASE_SECONDS": 3}
    worker = subprocesses.worker("--poll", "0.2", "--tick", "3600", **lease)
    # Kill it while it renders: once the first PDF is done, the next is under way.
    deadline = time.monotonic() + 120
    while (
        time.monotonic() < deadline and not Document.objects.filter(status=Document.Status.RENDERED).exists()
    ):
        assert worker.poll() is None, subprocesses.stop(worker)
        time.sleep(0.05)
    time.sleep(0.2)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    stuck = Document.objects.filter(status=Document.Status.PENDING)
    assert stuck.exists(), "the kill came too late to interrupt a render"
    assert stuck.exclude(lease_until=None).exists()  # the killed render's lease
    # A render in progress never leaves a document marked rendered without its file.
    for document in Document.objects.filter(status=Document.Status.RENDERED):
        assert Path(document.file.path).is_file()

    again = subprocesses.worker("--poll", "0.2", "--tick", "3600", "--sweep", "2", **lease)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and (
            Document.objects.exclude(status=Document.Status.RENDERED).exists() or _stray_files()
        ):
            assert again.poll() is None, subprocesses.stop(again)
            time.sleep(0.5)
    finally:
        output = subprocesses.stop(again)
    rows = list(Document.objects.filter(pk__in=[d.pk for d in documents]))
    assert all(row.status == Document.Status.RENDERED for row in rows), output
    assert sum(row.attempts for row in rows) > len(rows)  # the killed one was rendered again
    assert _stray_files() == [], output
    assert audit_breaks() == []


def _stray_files() -> list[str]:
    root = Path(settings.PRIVATE_STORAGE_ROOT) / "documents"
    named = {row.file.name for row in Document.objects.exclude(file="")}
    return sorted(
        path.relative_to(root.parent).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root.parent).as_posix() not in named
    )
