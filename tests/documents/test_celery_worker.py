"""A real Celery worker (separate process, Redis broker) renders a document
requested in a committed transaction. Needs PostgreSQL, so the worker sees
the test database, and Redis on 127.0.0.1:6379."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from config.celery import app as celery_app
from engine.documents.models import Document
from engine.documents.services import document_request

from .helpers import pdf_text

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BROKER = "redis://127.0.0.1:6379/14"
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture
def worker(settings):
    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="0",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_BROKER_URL=BROKER,
        PRIVATE_STORAGE_ROOT=str(settings.PRIVATE_STORAGE_ROOT),
    )
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-l", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    settings.CELERY_BROKER_URL = BROKER
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = BROKER
    yield process
    celery_app.conf.broker_url = previous
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_worker_renders_the_document_after_commit(case, worker):
    document = document_request(case=case, key="notice")
    assert document.status == Document.Status.PENDING  # queued, not rendered in the request
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status != Document.Status.PENDING:
            break
        assert worker.poll() is None, worker.stdout.read()
        time.sleep(0.5)
    assert document.status == Document.Status.RENDERED, (document.status, document.error)
    with document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "张喆" in text and "10400.00" in text


# The same broker as the test above: Celery keeps its producer connection
# pool for the session, so a second broker address would not be used.
KILL_BROKER = BROKER


def _celery(env):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-l", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_worker_killed_in_a_render_is_replaced_and_the_document_rendered(case, settings):
    """The probe's finding: a Celery worker SIGKILLed in a render left the
    document pending for good. Now the message is given back (acks_late,
    visibility timeout), the dead render's lease runs out, and the next
    worker renders it; no stray file is left."""
    import signal

    from django.test import TestCase

    db = connection.settings_dict
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="0",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_BROKER_URL=KILL_BROKER,
        CELERY_VISIBILITY_TIMEOUT="5",
        DOCUMENT_RENDER_LEASE_SECONDS="3",
        PRIVATE_STORAGE_ROOT=str(settings.PRIVATE_STORAGE_ROOT),
    )
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    settings.CELERY_BROKER_URL = KILL_BROKER
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = KILL_BROKER
    first = _celery(env)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            documents = [document_request(case=case, key="notice") for _ in range(3)]
        # Kill the worker while it holds a render (lease taken, not finished).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert first.poll() is None, first.stdout.read()
            if Document.objects.filter(status=Document.Status.PENDING).exclude(lease_until=None).exists():
                break
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        killed = Document.objects.filter(status=Document.Status.PENDING).exclude(lease_until=None)
        assert killed.exists(), list(Document.objects.values_list("status", "lease_until", "error"))
        second = _celery(env)
        try:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                if not Document.objects.exclude(status=Document.Status.RENDERED).exists():
                    break
                assert second.poll() is None, second.stdout.read()
                time.sleep(0.5)
        finally:
            second.terminate()
            try:
                second.wait(20)
            except subprocess.TimeoutExpired:
                second.kill()
    finally:
        celery_app.conf.broker_url = previous
        if first.poll() is None:
            first.kill()
    rows = list(Document.objects.filter(pk__in=[d.pk for d in documents]))
    assert [row.status for row in rows] == [Document.Status.RENDERED] * 3
    assert sum(row.attempts for row in rows) > 3  # the killed render ran again
    stored = {row.file.name for row in rows}
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    assert all((root / name).is_file() for name in stored)
    # A killed render's temporary file is the sweep's to remove once stale.
    from datetime import timedelta

    from engine.documents.services import orphan_files_remove

    time.sleep(1)
    orphan_files_remove(older_than=timedelta(seconds=1))
    assert not list((root / "documents").rglob("*.part*"))
    assert all((root / name).is_file() for name in stored)
