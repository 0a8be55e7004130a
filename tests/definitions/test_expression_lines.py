"""Issues 14 and 17: every unsafe expression, wrong call and bad placeholder
in a definition is a problem at its own line (never a crash, never a value
that turns silently wrong at run time)."""

import pytest

from .helpers import edit, line_of, only, problems_of

DATA = '  big: "amount > 1000"'


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("count(name, 1)", "参数个数"),
        ("count()", "参数个数"),
        ("count(name)", "是文字，应为列表"),
        ("days_between(amount, today())", "是数值，应为日期"),
        ("sum_of(amount, 'x')", "应为列表"),
        ("money(amount, places=2)", "名称=值"),
        ("name.clear()", "不能访问属性"),
        ("name.__class__", "不能访问属性"),
        ("'%0999999999d' % amount", "格式化"),
        ("amount ** 4000000", "指数"),
        ("[[1] * 100000] * 100000", "过长"),
        ("name * 10 ** 9 if amount else 'a' * 10 ** 9", "超出限制"),
    ],
)
def test_a_wrong_or_unsafe_expression_is_a_problem_at_its_line(expression, words):
    text = edit(DATA, f'  big: "{expression}"')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "  big:") and words in problem.message
    assert problem.hint


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("{file_no:>999999999}", "无效"),
        ("{file_no.__class__.__mro__}", "无效"),
        ("{0}", "无效"),
        ("{file_no[0]}", "无效"),
        ("{file_no", "不成对"),
    ],
)
def test_placeholders_are_name_only(message, words):
    text = edit('"已受理，编号 {file_no}"', f'"已受理，编号 {message}"')
    problem = only(problems_of(text))
    assert problem.line == line_of(text, "已受理") and words in problem.message and "{字段名}" in problem.hint


def test_a_sequence_format_takes_only_its_names_and_a_zero_padded_number():
    assert problems_of(edit('"{year}-{n:03d}"', '"{year}-{n:05d}"')) == []
    for bad in ["{n:>999999999}", "{year.__class__}", "{name}", "{year:04d}"]:
        text = edit('"{year}-{n:03d}"', f'"{bad}"')
        problem = only(problems_of(text))
        assert (
            problem.line == line_of(text, "case_no:") and "编号序列 'case_no' 的格式有误" in problem.message
        )
