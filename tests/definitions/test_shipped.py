"""The shipped processes and the all-kinds fixture pass every check, with
options_from checked against workflows/reference/."""

from pathlib import Path

import pytest
from django.conf import settings

from engine.definitions import load_bundle, read_folder

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = sorted(p.parent for p in Path(settings.WORKFLOWS_DIR).glob("*/definition.yaml"))
FOLDERS.append(ROOT / "tests" / "fixtures" / "workflows" / "all_kinds")
LISTS = {p.stem for p in (Path(settings.WORKFLOWS_DIR) / "reference").glob("*.yaml")} - {"calendar"}


def test_there_are_processes_to_check():
    assert len(FOLDERS) >= 2


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_folder_is_valid(folder):
    bundle, problems = load_bundle(read_folder(folder), str(folder), LISTS)
    assert problems == [], "\n".join(map(str, problems))
    assert bundle.key and bundle.steps
