"""Validating a draft with the engine's own definition layer: the same
load_bundle that `workflows validate` and `workflows load` use, so the studio
can never accept what the loader would refuse."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from engine.definitions.bundle import DEFINITION_FILE, load_bundle
from engine.runtime.reference import reference_keys

_RELPATH = re.compile(r"^(definition\.yaml|forms/[a-z][a-z0-9_]*\.ya?ml|documents/[A-Za-z0-9_./-]+)$")


def relpath_valid(relpath: str) -> bool:
    """Only the files a process folder may hold; no way out of the folder."""
    return bool(_RELPATH.match(relpath or "")) and ".." not in relpath and "//" not in relpath


def _as_dict(problem) -> dict:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "message": problem.message,
        "hint": problem.hint,
    }


def _key_of(files: dict) -> str | None:
    match = re.search(r"^key:\s*([A-Za-z0-9_-]+)\s*$", files.get(DEFINITION_FILE, ""), re.MULTILINE)
    return match.group(1) if match else None


def _key_problem(files: dict, expected_key: str) -> list[dict]:
    text = files.get(DEFINITION_FILE, "")
    found = _key_of(files)
    if found is None or found == expected_key:
        return []
    line = next((n for n, row in enumerate(text.splitlines(), 1) if row.startswith("key:")), 1)
    message = _("流程标识不能修改：应为 %(key)s") % {"key": expected_key}
    return [{"path": DEFINITION_FILE, "line": line, "column": 1, "message": message, "hint": ""}]


def files_validate(files: dict, *, expected_key: str | None = None) -> list[dict]:
    """Every problem of a process folder as {path, line, column, message, hint},
    paths relative to the folder; an empty list means publishable."""
    problems = [
        {"path": path, "line": 1, "column": 1, "message": _("不允许的文件路径"), "hint": ""}
        for path in files
        if not relpath_valid(path)
    ]
    _bundle, found = load_bundle(files, origin="", known_reference_lists=reference_keys())
    problems += [_as_dict(p) for p in found]
    if expected_key:
        problems += _key_problem(files, expected_key)
    return sorted(problems, key=lambda p: (p["path"] != DEFINITION_FILE, p["path"], p["line"], p["column"]))


def key_of_files(files: dict) -> str | None:
    return _key_of(files)
