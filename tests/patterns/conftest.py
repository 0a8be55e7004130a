"""Each folder here is one workflow pattern written as a process definition;
the tests validate it and drive it through the services."""

from pathlib import Path

import pytest

from engine.definitions.bundle import read_folder
from engine.models import WorkItem
from engine.runtime.services import case_start, task_claim, task_complete
from engine.runtime.versions import version_store
from tests.runtime.conftest import people, units  # noqa: F401  (shared fixtures)

HERE = Path(__file__).resolve().parent


def load(name):
    version, _ = version_store(files=read_folder(HERE / name), origin=name)
    return version


@pytest.fixture
def run(db, units, people):  # noqa: F811
    """run(folder, **start data) -> a started case of that pattern folder."""

    def _run(name, **data):
        version = load(name)
        data.setdefault("name", "袁某")
        return case_start(
            version=version, applicant=people["applicant"], org_unit=units["district"], data=data
        )

    return _run


def open_steps(case):
    return sorted(
        WorkItem.objects.filter(case=case, status__in=["NEW", "ASSIGNED"]).values_list("step", flat=True)
    )


def item_at(case, step):
    return WorkItem.objects.get(case=case, step=step, status__in=["NEW", "ASSIGNED"])


def do(case, step, user, outcome="done", data=None, comment=""):
    item = item_at(case, step)
    if item.status == "NEW":
        task_claim(task=item.task, user=user)
    return task_complete(task=item.task, user=user, outcome=outcome, data=data, comment=comment)
