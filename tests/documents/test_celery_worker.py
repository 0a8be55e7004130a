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
