"""Field names, types across forms, the keys each type needs, rule fields."""

from .helpers import line_of, only, problems_of

PATH = "workflows/demo/forms/review.yaml"


def review(fields: str, rules: str = "") -> str:
    return "key: review\ntitle: 审核\nfields:\n" + fields + rules


def check(form):
    problem = only(problems_of(forms={"review": form}))
    assert problem.path == PATH
    return problem


def test_field_name_not_an_identifier():
    form = review("  - {name: opinion, type: textarea}\n  - {name: 2nd-note, type: text}\n")
    problem = check(form)
    assert problem.line == 5 and "不是合法的标识" in problem.message


def test_duplicate_field_in_one_form():
    form = "key: review\nsteps:\n  - id: a\n    fields: [{name: opinion, type: text}]\n  - id: b\n    fields:\n      - {name: opinion, type: text}\n"
    problem = check(form)
    assert problem.line == 7 and "'opinion' 重复" in problem.message


def test_same_name_different_type_in_two_forms():
    form = review("  - {name: opinion, type: textarea}\n  - {name: amount, type: integer}\n")
    problem = check(form)
    assert problem.line == line_of(form, "type: integer") and "money" in problem.message


def test_table_column_cannot_be_a_table():
    form = review(
        "  - {name: opinion, type: textarea}\n  - name: rows\n    type: table\n    columns:\n"
        "      - {name: inner, type: table, columns: [{name: x, type: text}]}\n"
    )
    problem = check(form)
    assert problem.line == line_of(form, "name: inner") and "不能是 table" in problem.message


def test_types_that_need_keys():
    form = review("  - {name: opinion, type: textarea}\n  - {name: pick, type: choice}\n")
    assert "options" in check(form).message and check(form).line == 5
    form = review("  - {name: opinion, type: textarea}\n  - {name: total, type: computed}\n")
    assert "expr" in check(form).message
    form = review("  - {name: opinion, type: textarea}\n  - {name: rows, type: table}\n")
    assert "columns" in check(form).message


def test_rule_field_must_exist():
    form = review(
        "  - {name: opinion, type: textarea}\n",
        "rules:\n  - {check: \"opinion != ''\", field: opinon, message: 必填}\n",
    )
    problem = check(form)
    assert problem.line == 6 and "是否应为 'opinion'" in problem.hint
