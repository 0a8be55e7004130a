"""Reachability, an end from everywhere, and joins that match splits."""

from .helpers import at, edit, line_of, only, problems_of

SPLIT = """  - id: filing
    type: split
    branches: [left, right]
    join: meet

  - id: left
    type: task
    role: officer
    outcomes: [{id: ok, label: 好, next: meet}]

  - id: right
    type: task
    role: officer
    outcomes: [{id: ok, label: 好, next: meet}]

  - id: meet
    type: join
    next: done

  - id: done
"""
ACTION = (
    edit("  - id: filing\n", "  - id: old_filing\n")
    .split("  - id: old_filing\n")[1]
    .split("  - id: done\n")[0]
)


def with_split(split=SPLIT):
    return edit("  - id: filing\n" + ACTION + "  - id: done\n", split)


def test_split_join_fixture_is_valid():
    assert problems_of(with_split()) == []


def test_unreachable_step():
    text = edit("  - id: rejected\n", "  - id: orphan\n    type: end\n    status: x\n  - id: rejected\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "- id: orphan") and "无法到达" in problem.message


def test_loop_without_exit():
    text = edit(
        "  - id: done\n",
        "  - id: spin\n    type: task\n    role: officer\n    outcomes: [{id: again, label: 再来, next: spin}]\n  - id: done\n",
    )
    text = edit("{id: agree, label: 同意, next: filing}", "{id: agree, label: 同意, next: spin}", text)
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "- id: spin") and "到不了结束步骤" in problem.message


def test_no_end_step():
    text = edit("    type: end\n    status: granted", "    type: wait\n    duration: 3 days\n    next: done")
    text = edit(
        "    type: end\n    status: rejected", "    type: wait\n    duration: 3 days\n    next: done", text
    )
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "steps:") and "没有 type: end" in problem.message


def test_split_join_must_be_a_join_step():
    text = with_split(SPLIT.replace("join: meet", "join: done"))
    problems = problems_of(text)
    at(problems, line_of(text, "join: done"), "不是 type: join")


def test_branch_that_ends_before_the_join():
    text = with_split(
        SPLIT.replace(
            "outcomes: [{id: ok, label: 好, next: meet}]\n\n  - id: meet",
            "outcomes: [{id: ok, label: 好, next: rejected}]\n\n  - id: meet",
        )
    )
    problems = problems_of(text)
    problem = at(problems, line_of(text, "branches: [left, right]"), "分支 'right'")
    assert "不经过 join 'meet'" in problem.message
    assert problem.column == text.splitlines()[problem.line - 1].index("right") + 1


def test_join_without_split():
    text = with_split(
        SPLIT.replace(
            "    type: split\n    branches: [left, right]\n    join: meet",
            "    type: decision\n    branches: [{when: big, next: left}]\n    default: right",
        )
    )
    problems = problems_of(text)
    at(problems, line_of(text, "- id: meet"), "没有对应的 split")


def test_missing_join_target():
    text = with_split(SPLIT.replace("join: meet", "join: mete"))
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "join: mete") and "是否应为 'meet'" in problem.hint


def test_step_outside_the_branches_cannot_enter_the_join():
    text = with_split().replace(
        "{id: reject, label: 不予受理, next: rejected, comment: required}",
        "{id: reject, label: 不予受理, next: meet}",
    )
    problems = problems_of(text)
    problem = at(problems, line_of(text, "next: meet}", 1), "不在 split 'filing' 的分支中")
    assert "'review'" in problem.message
