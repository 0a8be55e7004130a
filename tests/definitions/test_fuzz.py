"""Issue 14: load_bundle fed mutated copies of the four shipped process
folders (fixed seed, 2,000 cases): no exception escapes, every case is
answered in under 2 s, and every problem names a file, a line and a column.
A failure names the case and writes its files to a temporary folder.

Each case's time is the CPU time of this process (`time.process_time`): a
hang in the loader burns CPU and is caught, while other jobs sharing the
machine (CI runs test files side by side) do not make a case look slow."""

import json
import random
import tempfile
import time
from pathlib import Path

from engine.definitions.bundle import load_bundle, read_folder
from engine.definitions.problems import Problem

from .fuzz import mutants

SEED = 20261203
CASES = 2000
LIMIT_SECONDS = 2.0
SHIPPED = ["collective_contract", "hardship_aid", "model_worker_care", "skills_competition"]


def _keep(label: str, files: dict, why: str) -> str:
    folder = Path(tempfile.mkdtemp(prefix="uf-fuzz-"))
    (folder / "files.json").write_text(
        json.dumps(files, ensure_ascii=False), encoding="utf-8", errors="replace"
    )
    return f"{label}: {why} (files in {folder}/files.json)"


def test_load_bundle_survives_two_thousand_mutated_definitions():
    folders = [read_folder(Path("workflows") / key) for key in SHIPPED]
    assert all("definition.yaml" in files for files in folders)
    rng = random.Random(SEED)
    refused = 0
    slowest = (0.0, "")
    began = time.process_time()
    for label, files in mutants(folders, rng, CASES):
        started = time.process_time()
        try:
            bundle, problems = load_bundle(files, "workflows/fuzz")
        except BaseException as exc:  # noqa: BLE001 - the point is that nothing escapes
            raise AssertionError(_keep(label, files, f"{type(exc).__name__}: {exc}")) from exc
        took = time.process_time() - started
        assert took < LIMIT_SECONDS, _keep(label, files, f"took {took:.2f} s")
        slowest = max(slowest, (took, label))
        assert all(isinstance(p, Problem) and p.line >= 1 and p.column >= 1 for p in problems)
        assert all(str(p).startswith("workflows/fuzz/") for p in problems), _keep(
            label, files, str(problems[:3])
        )
        refused += bool(problems) or bundle is None
    # most mutations break something; a fuzz that refuses nothing tests nothing
    assert refused > CASES // 2, refused
    total = time.process_time() - began
    print(
        f"fuzz: {CASES} cases, {refused} refused, {total:.1f} s CPU, slowest {slowest[0]:.3f} s ({slowest[1]})"
    )
