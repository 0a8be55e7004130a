"""The engine knows no business process by name, and every shipped process
is valid and loads idempotently."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from engine.models import DefinitionVersion, ReferenceList

ROOT = Path(settings.BASE_DIR)
PROCESS_KEYS = sorted(p.parent.name for p in (ROOT / "workflows").glob("*/definition.yaml"))


def test_there_are_shipped_processes():
    assert len(PROCESS_KEYS) >= 4


@pytest.mark.parametrize("package", ["engine", "forms"])
def test_no_process_key_in_python_code(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {key}" for key in PROCESS_KEYS if key in source]
    assert offenders == []


def test_no_python_in_workflows():
    assert list((ROOT / "workflows").rglob("*.py")) == []


def test_shipped_definitions_validate():
    call_command("workflows", "validate")  # raises CommandError (exit 1) on any problem


@pytest.mark.django_db
def test_load_twice_creates_each_version_once():
    call_command("workflows", "load")
    versions = DefinitionVersion.objects.count()
    assert versions == len(PROCESS_KEYS)
    assert ReferenceList.objects.filter(key="competition_events").get().items.count() == 140
    call_command("workflows", "load")
    assert DefinitionVersion.objects.count() == versions


@pytest.mark.django_db
def test_reference_items_keep_their_active_flag():
    from engine.runtime.reference import reference_list_store

    data = {
        "key": "tiers",
        "title": "档次",
        "items": [{"code": "a", "label": "甲"}, {"code": "b", "label": "乙", "active": False}],
    }
    ref_list, changed = reference_list_store(data)
    assert changed == 2
    assert dict(ref_list.items.values_list("code", "active")) == {"a": True, "b": False}
    assert reference_list_store(data)[1] == 0  # storing the same list again changes nothing
