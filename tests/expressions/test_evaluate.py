"""The expression evaluator: results, errors, and the parse cache that keeps
decisions and form rules from re-parsing the same text."""

import pytest

from engine import expressions
from engine.expressions import ExpressionError, evaluate


def test_evaluates_with_the_given_names_and_missing_names_read_as_none():
    assert evaluate("amount > 5000", {"amount": 8000}) is True
    assert evaluate("amount > 5000", {"amount": 3000}) is False
    assert evaluate("empty(reason)", {}) is True
    assert evaluate("sum_of(rows, 'n')", {"rows": [{"n": "1.5"}, {"n": 2}]}) == pytest.approx(3.5)


def test_the_same_text_is_parsed_once_and_reused_with_other_names():
    expressions._tree.cache_clear()
    text = "income / members < 1200"
    assert evaluate(text, {"income": 2000, "members": 2}) is True
    assert evaluate(text, {"income": 9000, "members": 2}) is False
    info = expressions._tree.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_errors_are_raised_every_time_not_cached_away():
    for _ in range(2):
        with pytest.raises(ExpressionError, match="语法错误"):
            evaluate("amount >", {"amount": 1})
    with pytest.raises(ExpressionError, match="计算失败"):
        evaluate("amount / zero", {"amount": 1, "zero": 0})
