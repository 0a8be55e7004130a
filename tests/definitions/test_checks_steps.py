"""Targets, start, ids and outcome ids."""

from engine.definitions.checks.steps import reserved_step_ids

from .helpers import at, edit, line_of, only, problems_of


def test_valid_minimal_has_no_problems():
    assert problems_of() == []


def test_outcome_target_missing_at_the_next_value_with_did_you_mean():
    text = edit("{id: agree, label: 同意, next: filing}", "{id: agree, label: 同意, next: filng}")
    problem = only(problems_of(text))  # no cascade of unreachable steps
    assert problem.line == line_of(text, "next: filng")
    assert problem.column == text.splitlines()[problem.line - 1].index("filng") + 1
    assert "步骤 'approve' 的结果 'agree' 指向不存在的步骤 'filng'" in problem.message
    assert "是否应为 'filing'" in problem.hint and "可用的步骤" in problem.hint


def test_every_kind_of_target_is_checked():
    cases = [
        ("    next: review", "    next: reveiw", "next: reveiw"),
        ("    default: filing", "    default: filin", "default: filin"),
        ('{when: "big", next: approve}', '{when: "big", next: aprove}', "next: aprove"),
    ]
    for old, new, marker in cases:
        text = edit(old, new)
        problem = only(problems_of(text))
        assert problem.line == line_of(text, marker), marker
        assert "指向不存在的步骤" in problem.message


def test_exactly_one_start():
    text = edit(
        "  - id: rejected\n    type: end",
        "  - id: rejected\n    type: start\n    form: apply\n    next: done\n  - id: x_end\n    type: end",
    )
    problem = at(problems_of(text), line_of(text, "type: start", 2), "第二个开始步骤")
    assert "'apply'" in problem.message


def test_no_start():
    text = edit(
        "    type: start\n    form: apply\n    next: review",
        "    type: task\n    role: officer\n    outcomes: [{id: go, label: 去, next: review}]",
    )
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "steps:") and "没有 type: start" in problem.message


def test_duplicate_step_id():
    text = edit("  - id: rejected\n", "  - id: done\n")
    problems = problems_of(text)
    at(problems, line_of(text, "- id: done", 2), "步骤 id 'done' 重复")


def test_reserved_step_id():
    text = edit("  - id: route\n", "  - id: cancel\n").replace("next: route", "next: cancel")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "- id: cancel") and "不能使用" in problem.message
    assert {"cancel", "lock", "urls", "instance", "start", "nodes", "process_class"} <= reserved_step_ids()


def test_duplicate_outcome_id():
    text = edit("{id: disagree, label: 不同意", "{id: agree, label: 不同意")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "{id: agree, label: 不同意")
    assert "结果 id 'agree' 重复" in problem.message


def test_stage_for_unknown_step():
    text = edit("roles:\n", "stages:\n  reveiw: 审核中\nroles:\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "reveiw: 审核中") and "是否应为 'review'" in problem.hint
