"""Immutable versions: load is idempotent; running cases stay on their version."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from viewflow.workflow import fields as viewflow_fields

from engine.definitions.bundle import read_folder
from engine.models import Case, DefinitionVersion
from engine.runtime import flows
from engine.runtime.services import task_claim, task_complete
from engine.runtime.versions import version_store

from .conftest import FIXTURES
from .helpers import open_item


def _v2_files():
    files = read_folder(FIXTURES / "all_kinds")
    # version 2 gives the call-back an hour instead of 30 minutes
    files["definition.yaml"] = files["definition.yaml"].replace("within: 30 minutes", "within: 60 minutes", 1)
    return files


def test_storing_the_same_files_twice_changes_nothing(all_kinds):
    again, created = version_store(files=read_folder(FIXTURES / "all_kinds"), origin="x")
    assert not created and again.pk == all_kinds.pk
    assert DefinitionVersion.objects.count() == 1


def test_published_version_is_immutable(all_kinds):
    all_kinds.files = {**all_kinds.files, "definition.yaml": "key: changed"}
    with pytest.raises(ValidationError):
        all_kinds.save()


def test_version_one_case_finishes_on_version_one(start, people, all_kinds):
    old = start()
    v2, created = version_store(files=_v2_files(), origin="v2")
    assert created and v2.number == 2
    all_kinds.refresh_from_db()
    assert all_kinds.status == "retired" and v2.status == "published"

    new = start()
    assert new.version == v2 and "AllKinds_v2" in str(new.flow_class)
    new_item, item = open_item(new, "intake"), open_item(old, "intake")
    assert (new_item.due_at - new_item.created).seconds == 3600
    assert (item.due_at - item.created).seconds == 1800
    task_claim(task=item.task, user=people["officer"])
    task_complete(task=item.task, user=people["officer"], outcome="withdraw", comment="撤回")
    old = Case.objects.get(pk=old.pk)
    assert old.version == all_kinds and old.final_status == "withdrawn"
    assert "AllKinds_v1" in str(old.flow_class)


def test_a_fresh_worker_rebuilds_flow_classes_from_the_database(start):
    case = start()
    ref = str(Case.objects.get(pk=case.pk).flow_class)
    # forget everything this process compiled, as a new worker would
    vars(flows).pop("AllKinds_v1", None)
    viewflow_fields.import_flow_by_ref.cache_clear()
    viewflow_fields.import_task_by_ref.cache_clear()
    rebuilt = import_string("engine.runtime.flows.AllKinds_v1")
    assert rebuilt.process_title == "全要素测试流程"
    assert Case.objects.get(pk=case.pk).flow_class is rebuilt and ref.endswith("AllKinds_v1")
    assert open_item(case, "intake").task.flow_task.name == "intake"
