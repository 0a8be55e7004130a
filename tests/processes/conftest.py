"""The four processes of the source page, loaded exactly as `manage.py
workflows load` and `manage.py demo` load them: reference lists and calendar,
every folder under workflows/, the demo unions and logins, and the sample
cases of each demo.yaml walked through the engine's services."""

import pytest
import yaml
from django.conf import settings
from viewflow.workflow.models import Task

from engine.definitions.bundle import read_folder
from engine.demo.cases import demo_cases_create
from engine.demo.load import demo_load
from engine.models import Case, User, WorkItem
from engine.runtime.reference import calendar_store
from engine.runtime.versions import version_store

OPEN = ("NEW", "ASSIGNED", "STARTED")


@pytest.fixture
def deferred_documents(settings):
    """Documents are requested but not rendered: with a broker configured the
    render is queued on commit, which never comes inside a test transaction.
    Tests about the flow skip the ~0.5-5 s per PDF; document tests render."""
    settings.CELERY_BROKER_URL = "memory://"


def publish(key: str):
    """The working-day calendar and one process folder, published as
    `workflows load` would (one process at a time keeps each test's setup
    short; reference lists are checked from their files, see
    test_reference_data.py for loading them)."""
    calendar_store(yaml.safe_load((settings.WORKFLOWS_DIR / "reference" / "calendar.yaml").read_text()))
    version, _ = version_store(files=read_folder(settings.WORKFLOWS_DIR / key), origin=key)
    return version


def demo_of(key: str):
    """Demo unions, logins and the sample cases of the process's demo.yaml."""
    publish(key)
    processes, _logins = demo_load()
    demo_cases_create(processes)


def case_of(process_key: str, applicant: str) -> Case:
    return Case.objects.get(process_key=process_key, applicant__username=applicant)


def open_steps(case) -> list[str]:
    return sorted(WorkItem.objects.filter(case=case, status__in=OPEN).values_list("step", flat=True))


def open_item(case, step) -> WorkItem:
    return WorkItem.objects.get(case=case, step=step, status__in=OPEN)


def user(username) -> User:
    return User.objects.get(username=username)


def waiting_steps(case) -> list[str]:
    """Steps whose viewflow task is still open (waits included)."""
    tasks = Task.objects.filter(process_id=case.pk).exclude(status__in=["DONE", "CANCELED"])
    return sorted(task.flow_task.name for task in tasks if task.flow_task)
