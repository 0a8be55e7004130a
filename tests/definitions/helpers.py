"""Build a process from inline YAML and find lines in it, for the tests."""

from __future__ import annotations

from pathlib import Path

from engine.definitions import load_bundle, read_folder

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
VALID = FIXTURES / "_valid_minimal"
ORIGIN = "workflows/demo"


def valid_files() -> dict[str, str]:
    return read_folder(VALID)


def valid_definition() -> str:
    return valid_files()["definition.yaml"]


def build(definition: str | None = None, forms: dict | None = None, known_reference_lists=None, **extra):
    """(bundle, problems) for the valid process with parts replaced.
    forms: {key: yaml text or None to delete}; extra: relpath=text files."""
    files = valid_files()
    if definition is not None:
        files["definition.yaml"] = definition
    for key, text in (forms or {}).items():
        if text is None:
            files.pop(f"forms/{key}.yaml")
        else:
            files[f"forms/{key}.yaml"] = text
    files.update(extra)
    return load_bundle(files, ORIGIN, known_reference_lists)


def problems_of(*args, **kwargs):
    return build(*args, **kwargs)[1]


def edit(old: str, new: str, text: str | None = None) -> str:
    """The valid definition (or text) with exactly one occurrence replaced."""
    text = valid_definition() if text is None else text
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing fragment."""
    found = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return found[occurrence - 1]


def only(problems):
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def at(problems, line: int, fragment: str, path: str = "workflows/demo/definition.yaml"):
    """The problem at line whose message contains fragment (fails otherwise)."""
    matches = [p for p in problems if p.line == line and fragment in p.message and p.path == path]
    assert matches, f"no problem at {path}:{line} with {fragment!r} in:\n" + "\n".join(
        str(p) for p in problems
    )
    return matches[0]
