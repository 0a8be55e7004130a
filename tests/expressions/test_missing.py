"""Issues 15 and 17: one documented rule for missing values (a hidden field,
a field not filled yet). Order comparisons with a missing value are false,
arithmetic with it is missing, `in` a missing list is false; == and !=
compare it as a value. None of these raise."""

import datetime as dt
from decimal import Decimal

import pytest

from engine.expressions import evaluate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("proposed_amount > 5000", False),
        ("proposed_amount <= 5000", False),
        ("5000 < proposed_amount", False),
        ("not (proposed_amount > 5000)", True),
        ("proposed_amount + 1", None),
        ("proposed_amount * rate", None),
        ("-proposed_amount", None),
        ("proposed_amount / 2 > 1", False),
        ("proposed_amount == none", True),
        ("proposed_amount != 5000", True),
        ("proposed_amount == 5000", False),
        ("'x' in tags", False),
        ("'x' not in tags", True),
        ("count(tags)", 0),
        ("len(tags)", 0),
        ("empty(tags)", True),
        ("sum_of(household, 'income')", Decimal(0)),
        ("household[0]", None),
        ("[r for r in household]", []),
        ("days_between(start, today())", None),
        ("years_between(birth_date, today()) >= 18", False),
        ("money(proposed_amount)", None),
        ("max(proposed_amount, 1)", None),
        ("str(proposed_amount)", None),
        ("tier in ['deep', 'accident']", False),
        ("proposed_amount > 5000 and tier != 'relative'", False),
        ("proposed_amount > 5000 or tier != 'relative'", True),
    ],
)
def test_missing_values_follow_one_rule(text, expected):
    assert evaluate(text, {"rate": Decimal("0.8")}) == expected


def test_the_rule_holds_for_values_hidden_as_none_and_for_rows_without_the_key():
    names = {"tags": None, "household": [{"relation": "self"}], "proposed_amount": None}
    assert evaluate("'x' in tags", names) is False
    assert evaluate("count([r for r in household if r['income'] > 100])", names) == 0
    assert evaluate("household[5]['relation']", names) is None


def test_present_values_compare_as_before():
    names = {"amount": Decimal("6000"), "day": dt.date(2024, 3, 1), "tags": ["x"]}
    assert evaluate("amount > 5000", names) is True
    assert evaluate("amount * 0.5", names) == Decimal("3000.0")
    assert evaluate("'x' in tags and day < date('2024-04-01')", names) is True
