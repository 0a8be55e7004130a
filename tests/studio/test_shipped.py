"""Every shipped process dry-runs along its sample happy path, produces its
documents without leaving files behind, and changes nothing."""

import pytest
import yaml
from django.conf import settings

from engine.models import Case, CaseEvent, ProcessDefinition
from engine.runtime.versions import versions_load
from engine.studio.dryrun import dry_run
from engine.studio.samples import sample_script


@pytest.fixture
def shipped(db):
    versions_load()
    return list(ProcessDefinition.objects.order_by("key"))


@pytest.mark.slow
def test_every_shipped_process_dry_runs(shipped):
    files_before = sorted(p for p in settings.PRIVATE_STORAGE_ROOT.rglob("*") if p.is_file())
    report = {}
    for definition in shipped:
        version = definition.published_version
        data_text, script_text = sample_script(version)
        result = dry_run(version=version, data=yaml.safe_load(data_text), script=yaml.safe_load(script_text))
        report[definition.key] = (
            result["error"],
            result["status"],
            [d["status"] for d in result["documents"]],
        )
    assert len(report) >= 1
    # documents were really rendered during the runs (and their files removed after)
    assert any("rendered" in statuses for _error, _status, statuses in report.values()), report
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    assert sorted(p for p in settings.PRIVATE_STORAGE_ROOT.rglob("*") if p.is_file()) == files_before
    assert all(error == "" for error, _status, _docs in report.values()), report
