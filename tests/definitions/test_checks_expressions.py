"""Expressions parse and read only declared data."""

from .helpers import edit, line_of, only, problems_of

APPLY_FORM = """key: apply
title: 申请
steps:
  - id: main
    fields:
      - {name: name, type: text}
      - {name: amount, type: money}
      - {name: cause, type: choice, options: [{value: ill, label: 病}]}
      - name: bills
        type: money
        visible_if: "cause == 'ill'"
"""


def test_unknown_name_in_decision_with_did_you_mean():
    text = edit('{when: "big", next: approve}', '{when: "amont > 5000", next: approve}')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "amont > 5000")
    assert "'amont' 未声明" in problem.message and "是否应为 'amount'" in problem.hint


def test_expression_that_does_not_parse():
    text = edit('{when: "big", next: approve}', '{when: "amount >", next: approve}')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, '"amount >"') and "语法错误" in problem.message


def test_unknown_function():
    text = edit('  big: "amount > 1000"', '  big: "open(amount)"')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "open(amount)") and "未知函数" in problem.message


def test_step_written_names_are_declared():
    text = edit(
        '{when: "big", next: approve}', "{when: \"review_outcome == 'accept' and file_no\", next: approve}"
    )
    assert problems_of(text) == []


def test_set_and_wait_until_expressions():
    text = edit("      - {document: receipt}", '      - {set: {total: "amount + fee"}}')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "amount + fee") and "'fee'" in problem.message
    text = edit(
        "  - id: done\n",
        '  - id: pause\n    type: wait\n    until: "today() > deadline_date"\n    next: done\n  - id: done\n',
    )
    text = edit("    next: done\n\n  - id: pause", "    next: pause\n\n  - id: pause", text)
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "deadline_date") and "'deadline_date'" in problem.message


def test_vote_rules():
    vote = "  - id: congress\n    type: vote\n    role: officer\n    members: 5\n    rule: {rule}\n    passed: done\n    failed: done\n  - id: done\n"
    base = edit("    next: done\n\n  - id: done", "    next: congress\n\n  - id: done")
    for rule in ("majority", "two_thirds", "unanimous", '"votes_for >= 3 and votes_against < members / 2"'):
        assert problems_of(edit("  - id: done\n", vote.replace("{rule}", rule), base)) == [], rule
    text = edit("  - id: done\n", vote.replace("{rule}", "majorty"), base)
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "rule: majorty") and "是否应为 'majority'" in problem.hint
    text = edit("  - id: done\n", vote.replace("{rule}", '"votes_yes > 2"'), base)
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "votes_yes") and "'votes_yes' 未声明" in problem.message


def test_form_visible_if_names_only_its_own_fields():
    assert problems_of(forms={"apply": APPLY_FORM}) == []
    form = APPLY_FORM.replace("cause == 'ill'", "cuase == 'ill'")
    problem = only(problems_of(forms={"apply": form}))
    assert (problem.path, problem.line) == ("workflows/demo/forms/apply.yaml", line_of(form, "cuase"))
    assert "是否应为 'cause'" in problem.hint


def test_start_form_cannot_read_other_forms_but_task_forms_can():
    form = APPLY_FORM.replace("cause == 'ill'", "opinion != ''")
    problem = only(problems_of(forms={"apply": form}))
    assert problem.line == line_of(form, "opinion") and "'opinion' 未声明" in problem.message
    review = 'key: review\nfields:\n  - {name: opinion, type: textarea}\n  - {name: note, type: text, visible_if: "amount > 5"}\n'
    assert problems_of(forms={"review": review}) == []


def test_form_rule_and_computed_expressions():
    form = (
        APPLY_FORM
        + '      - {name: double, type: computed, expr: "amout * 2"}\nrules:\n  - {check: "bills <= totl", field: bills, message: 太多}\n'
    )
    problems = problems_of(forms={"apply": form})
    lines = sorted((p.line, p.message.split("中的")[1]) for p in problems)
    assert lines == [
        (line_of(form, "amout * 2"), " 'amout' 未声明"),
        (line_of(form, "totl"), " 'totl' 未声明"),
    ]


def test_table_column_expression_may_read_sibling_columns():
    form = APPLY_FORM + (
        "      - name: rows\n        type: table\n        columns:\n"
        "          - {name: qty, type: integer}\n"
        '          - {name: total, type: computed, expr: "qty * 2"}\n'
    )
    assert problems_of(forms={"apply": form}) == []


def test_computed_values_without_cycles():
    text = edit('  big: "amount > 1000"', '  big: "half > 1000"\n  half: "total / 2"\n  total: "half * 2"')
    problems = problems_of(text)
    assert sorted(p.line for p in problems) == [line_of(text, "half: "), line_of(text, "total: ")]
    assert all("循环依赖" in p.message for p in problems)
