"""Issue 15: a decision branch that reads a field some form hides is a
warning at the branch's line (the process stays valid), unless the
condition already says what a missing value means."""

from pathlib import Path

from engine.definitions.bundle import load_bundle, read_folder
from engine.definitions.checks.hidden import definition_warnings

CONDITION = "proposed_amount > 5000"


def _warnings(files):
    bundle, problems = load_bundle(files, "workflows/hardship_aid")
    assert problems == []
    return [w for w in definition_warnings(bundle) if "proposed_amount" in w.message]


def test_a_branch_on_a_field_hidden_on_some_path_is_a_warning_at_its_line():
    files = read_folder(Path("workflows/hardship_aid"))
    (warning,) = _warnings(files)
    line = next(n for n, row in enumerate(files["definition.yaml"].splitlines(), 1) if CONDITION in row)
    assert warning.severity == "warning" and warning.line == line
    assert "assessment" in warning.message and "empty(proposed_amount)" in warning.hint
    assert str(warning).startswith(f"workflows/hardship_aid/definition.yaml:{line}:") and "警告" in str(
        warning
    )


def test_a_guarded_condition_is_not_warned_about():
    files = read_folder(Path("workflows/hardship_aid"))
    text = files["definition.yaml"]
    assert text.count(CONDITION) == 1
    guarded = dict(
        files, **{"definition.yaml": text.replace(CONDITION, f"not empty(proposed_amount) and {CONDITION}")}
    )
    assert _warnings(guarded) == []
