"""Definitions that used to validate and then go silently wrong at run time
are refused at the line that causes it."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from engine.definitions import load_bundle, read_folder

from .conftest import HERE

VOTE = """  - id: committee
    type: vote
    role: officer
    members: 5
    rule: "votes_for >= 3"
    passed: summary
    failed: summary
"""


def _files(**changes):
    files = read_folder(HERE / "instances")
    for relpath, (old, new) in changes.items():
        assert files[relpath].count(old) == 1, old
        files[relpath] = files[relpath].replace(old, new)
    return files


def _at(files, relpath, fragment):
    """The line of the last row containing fragment (the one a test added)."""
    return [n for n, row in enumerate(files[relpath].splitlines(), 1) if fragment in row][-1]


def _problems(files):
    return load_bundle(files, "workflows/instances")[1]


def _with_vote(vote=VOTE):
    files = _files(**{"definition.yaml": ("  - id: summary\n", vote + "  - id: summary\n")})
    files["definition.yaml"] = files["definition.yaml"].replace(
        "label: 已走访, next: summary", "label: 已走访, next: committee"
    )
    return files


def test_the_vote_fixture_is_valid():
    assert _problems(_with_vote()) == []


@pytest.mark.parametrize(
    ("rule", "fragment"),
    [
        ('"votes_for >= 6"', "永远不能通过"),
        ('"votes_for > members"', "永远不能通过"),
        ('"members > 0"', "都通过"),
    ],
)
def test_a_vote_rule_the_committee_cannot_meet(rule, fragment):
    files = _with_vote(VOTE.replace('"votes_for >= 3"', rule))
    (problem,) = _problems(files)
    assert fragment in problem.message and problem.line == _at(files, "definition.yaml", "rule:")


def test_a_form_on_a_vote_step_is_refused():
    files = _with_vote(VOTE.replace("    members: 5\n", "    members: 5\n    form: visit\n"))
    (problem,) = _problems(files)
    assert "不会显示给投票人" in problem.message and problem.line == _at(
        files, "definition.yaml", "form: visit"
    )


def test_an_upload_column_in_a_repeat_table_is_refused_at_its_line():
    files = _files(
        **{
            "forms/apply.yaml": (
                "{name: relation, type: text, label: 关系}",
                "{name: proof, type: file, label: 证明}",
            )
        }
    )
    (problem,) = _problems(files)
    assert problem.path.endswith("forms/apply.yaml") and "上传列" in problem.message
    assert problem.line == _at(files, "forms/apply.yaml", "type: file")


def test_role_on_a_user_field_is_accepted_and_checked():
    text = "  - {name: visit_note, type: textarea, label: 走访情况, required: true}\n"
    good = _files(
        **{
            "forms/visit.yaml": (
                text,
                text + "  - {name: partner, type: user, label: 同行人, role: officer}\n",
            )
        }
    )
    assert _problems(good) == []
    bad = _files(
        **{
            "forms/visit.yaml": (
                text,
                text + "  - {name: partner, type: user, label: 同行人, role: oficer}\n",
            )
        }
    )
    (problem,) = _problems(bad)
    assert "oficer" in problem.message and problem.line == _at(bad, "forms/visit.yaml", "oficer")
    misplaced = _files(
        **{
            "forms/visit.yaml": (
                text,
                text + "  - {name: partner, type: text, label: 同行人, role: officer}\n",
            )
        }
    )
    (problem,) = _problems(misplaced)
    assert "只用于 user 字段" in problem.message


def test_a_missing_reference_folder_is_a_problem_not_a_skipped_check(tmp_path):
    folder = tmp_path / "proc"
    files = _files(
        **{
            "forms/apply.yaml": (
                "{name: relation, type: text, label: 关系}",
                "{name: relation, type: choice, label: 关系, options_from: relations}",
            )
        }
    )
    for relpath, text in files.items():
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        (folder / relpath).write_text(text, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("workflows", "validate", str(folder), stdout=out)
    line = _at(files, "forms/apply.yaml", "options_from")
    assert f"forms/apply.yaml:{line}:" in out.getvalue() and "reference/" in out.getvalue()
