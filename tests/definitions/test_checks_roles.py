"""Roles declared, not the applicant's, and present at the step's level."""

from .helpers import at, edit, line_of, only, problems_of


def test_undeclared_task_role_with_hint():
    text = edit("    role: officer\n    form: review", "    role: oficer\n    form: review")
    problem = only(problems_of(text))
    assert (
        problem.line == line_of(text, "role: oficer")
        and "角色 'oficer' 没有在 roles 中声明" in problem.message
    )
    assert "是否应为 'officer'" in problem.hint


def test_undeclared_escalate_role():
    text = edit("escalate: {action: notify, role: head}", "escalate: {action: notify, role: boss}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "role: boss") and "'boss'" in problem.message


def test_undeclared_download_role():
    text = edit("download: [applicant, officer]", "download: [applicant, clerk]")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "download:") and "'clerk'" in problem.message
    assert problem.column == text.splitlines()[problem.line - 1].index("clerk") + 1


def test_undeclared_vote_role_and_notify_target():
    text = edit("{notify: applicant,", "{notify: members,")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "notify: members") and "'members'" in problem.message


def test_applicant_role_as_staff_role():
    text = edit("    role: officer\n    form: review", "    role: applicant\n    form: review")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "role: applicant") and "申请人角色" in problem.message


def test_assignee_unknown_role_and_staff_role():
    text = edit("    role: head\n    unit: case", "    assignee: aplicant")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "assignee: aplicant") and "是否应为 'applicant'" in problem.hint
    text = edit("    role: head\n    unit: case", "    assignee: officer")
    assert "工作人员角色" in only(problems_of(text)).message
    assert problems_of(edit("    role: head\n    unit: case", "    assignee: applicant")) == []


def test_assignee_field_must_be_a_user_field():
    text = edit("    role: head\n    unit: case", "    assignee: {field: name}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "assignee: {field: name}") and "应为 user" in problem.message


def test_task_needs_role_or_assignee():
    text = edit("    role: head\n    unit: case\n", "")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "- id: approve") and "role" in problem.message


def test_role_missing_at_the_step_level():
    text = edit("head: {label: 部长, levels: [district, city]}", "head: {label: 部长, levels: [city]}")
    problems = problems_of(text)
    problem = at(problems, line_of(text, "unit: case"), "只存在于 city 级")
    assert "district" in problem.message
    text = edit("    unit: case", "    unit: parent", text)
    assert problems_of(text) == []


def test_escalation_may_go_up_but_not_down():
    text = edit("head: {label: 部长, levels: [district, city]}", "head: {label: 部长, levels: [enterprise]}")
    text = edit("    unit: case", "    unit: enterprise", text)
    problems = problems_of(text)
    at(problems, line_of(text, "unit: enterprise"), "之下")
    at(problems, line_of(text, "escalate:"), "及其上级都没有它")


def test_unit_parent_of_national_and_unknown_unit():
    text = edit("owner_level: district", "owner_level: national")
    text = edit("    unit: case", "    unit: parent", text)
    problem = at(problems_of(text), line_of(text, "unit: parent"), "无法确定单位")
    assert "national" in problem.message
    text = edit("    unit: case", "    unit: cty")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "unit: cty") and "是否应为 'city'" in problem.hint


def test_escalation_and_notify_units():
    text = edit(
        "escalate: {action: notify, role: head}", "escalate: {action: reassign, role: head, unit: parnt}"
    )
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "unit: parnt") and "是否应为 'parent'" in problem.hint
    text = edit("{notify: applicant,", "{notify: officer, unit: enterprise,")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "unit: enterprise") and "之下" in problem.message
    text = edit("      - {document: receipt}", "      - {document: receipt, unit: city}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "unit: city") and "只能和 notify 一起使用" in problem.message
