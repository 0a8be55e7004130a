"""Outcome rules (`requires`, `allowed_when`), `summary:` and `range_from`:
each name is checked at its line with a hint."""

from .helpers import at, edit, line_of, only, problems_of

ACCEPT = "{id: accept, label: 受理, next: route}"


def test_rules_that_name_declared_things_pass():
    text = edit(
        ACCEPT, '{id: accept, label: 受理, next: route, requires: [opinion], allowed_when: "amount > 0"}'
    )
    text = edit("    form: review\n", "    form: review\n    summary: [name, amount, big]\n", text)
    assert problems_of(text) == []


def test_requires_names_a_field_of_the_step_form():
    text = edit(ACCEPT, "{id: accept, label: 受理, next: route, requires: [opinon]}")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "requires: [opinon]")
    assert "结果 'accept' 的 requires 中 'opinon' 不是表单 'review' 的字段" in problem.message
    assert "是否应为 'opinion'" in problem.hint


def test_requires_on_a_step_without_form():
    text = edit(
        "{id: agree, label: 同意, next: filing}",
        "{id: agree, label: 同意, next: filing, requires: [opinion]}",
    )
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "requires: [opinion]") and "没有表单" in problem.message


def test_allowed_when_reads_only_declared_data():
    text = edit(ACCEPT, '{id: accept, label: 受理, next: route, allowed_when: "amont > 0"}')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "allowed_when")
    assert "allowed_when" in problem.message and "'amont' 未声明" in problem.message
    assert "是否应为 'amount'" in problem.hint


def test_allowed_when_that_does_not_parse():
    text = edit(ACCEPT, '{id: accept, label: 受理, next: route, allowed_when: "amount >"}')
    assert "有误" in only(problems_of(text)).message


def test_outcome_keys_are_schema_checked():
    text = edit(ACCEPT, "{id: accept, label: 受理, next: route, require: [opinion]}")
    problem = at(problems_of(text), line_of(text, "require: [opinion]"), "require")
    assert "requires" in problem.hint


def test_summary_names_case_data():
    text = edit("    form: review\n", "    form: review\n    summary: [name, amout]\n")
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "summary: [name, amout]")
    assert "summary 中 'amout' 不是案件数据" in problem.message and "'amount'" in problem.hint


REVIEW = """key: review
title: 审核
fields:
  - {name: tier, type: choice, label: 档次, options_from: aid_tiers}
  - {name: level, type: choice, label: 等级, options: [{value: a, label: A}]}
  - {name: grant, type: money, label: 金额, range_from: RANGE}
"""


def _review(range_from: str) -> dict:
    return {"review": REVIEW.replace("RANGE", range_from)}


def test_range_from_on_a_reference_choice_passes():
    assert problems_of(forms=_review("{field: tier, min: amount_min, max: amount_max}")) == []


def test_range_from_field_must_take_its_options_from_a_list():
    forms = _review("{field: level, max: amount_max}")
    problem = only(problems_of(forms=forms))
    assert problem.path.endswith("forms/review.yaml") and problem.line == 6
    assert "不是本表单中用 options_from 取值的选择字段" in problem.message and "tier" in problem.hint


def test_range_from_attribute_names_are_checked_against_the_list():
    problem = only(problems_of(forms=_review("{field: tier, min: amount_mn}")))
    assert "没有 attrs 'amount_mn'" in problem.message and "是否应为 'amount_min'" in problem.hint


def test_range_from_needs_a_bound_and_a_numeric_field():
    assert "至少要写 min 或 max" in only(problems_of(forms=_review("{field: tier}"))).message
    text = REVIEW.replace(
        "type: money, label: 金额, range_from: RANGE",
        "type: text, label: 金额, range_from: {field: tier, max: amount_max}",
    )
    assert "只用于数值字段" in only(problems_of(forms={"review": text})).message
