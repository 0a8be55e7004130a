"""One process published, its demo unions and logins created (without the
demo's sample cases: the tests make their own through HTTP)."""

import pytest
from django.conf import settings

from engine.demo.load import demo_load
from engine.runtime.reference import reference_load
from tests.processes.conftest import publish


def process_with_logins(key: str):
    list(reference_load(settings.WORKFLOWS_DIR / "reference"))  # option lists and calendar
    publish(key)
    demo_load()


@pytest.fixture
def deferred_documents(settings):
    """Flow-only tests skip rendering PDFs (see tests/processes/conftest.py)."""
    settings.CELERY_BROKER_URL = "memory://"
