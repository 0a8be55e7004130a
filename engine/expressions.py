"""The one safe expression evaluator for rules, conditions and calculations.

Built on simpleeval (no `eval`, no attribute access to dunder names, bounded
powers, string lengths and comprehensions). Definitions are checked with
`names_used()` against the declared data before they are accepted, and every
expression is length-limited, so evaluation is bounded in time and size.

Values in case data are JSON (money and decimals as strings, dates as ISO
strings); `typed_namespace()` turns them into Decimal / date using the field
types the form specs declare, so `ltc_paid * rate` is exact arithmetic."""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

import simpleeval

MAX_EXPRESSION_LENGTH = 500
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class ExpressionError(ValueError):
    """An expression that does not parse, names unknown data, or fails."""


def _to_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _to_decimal(value):
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ExpressionError(f"不是数值：{value!r}") from exc


def _sum_of(rows, column):
    """Sum one column of a repeat group: sum_of(household, 'monthly_income')."""
    total = Decimal(0)
    for row in rows or []:
        value = _to_decimal((row or {}).get(column))
        if value is not None:
            total += value
    return total


def _days_between(start, end):
    return (_to_date(end) - _to_date(start)).days


def _months_between(start, end):
    """Whole calendar months from start to end (residence months for subsidies)."""
    a, b = _to_date(start), _to_date(end)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1
    return max(months, 0)


def _years_between(start, end):
    return _months_between(start, end) // 12


def _round_money(value, places=2):
    return _to_decimal(value).quantize(Decimal(1).scaleb(-places))


FUNCTIONS = {
    "len": len,
    "min": min,
    "max": max,
    "abs": abs,
    "round": round,
    "int": int,
    "str": str,
    "decimal": _to_decimal,
    "date": _to_date,
    "today": lambda: dt.date.today(),
    "sum_of": _sum_of,
    "count": lambda rows: len(rows or []),
    "days_between": _days_between,
    "months_between": _months_between,
    "years_between": _years_between,
    "money": _round_money,
    "empty": lambda value: value in (None, "", [], {}),
}
CONSTANTS = {"true": True, "false": False, "none": None, "True": True, "False": False, "None": None}


def parse(expression: str) -> ast.Expression:
    if not isinstance(expression, str):
        raise ExpressionError("表达式必须是文本")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"表达式过长（最多 {MAX_EXPRESSION_LENGTH} 个字符）")
    try:
        return ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"表达式语法错误：{exc.msg}（第 {exc.offset} 个字符附近）") from exc


def names_used(expression: str) -> set[str]:
    """Data names an expression reads (functions, constants and comprehension
    variables excluded), for checking against the declared data."""
    tree = parse(expression)
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension):
            for target in ast.walk(node.target):
                if isinstance(target, ast.Name):
                    bound.add(target.id)
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    unknown_calls = called - set(FUNCTIONS)
    if unknown_calls:
        raise ExpressionError(
            f"未知函数：{', '.join(sorted(unknown_calls))}；可用函数：{', '.join(sorted(FUNCTIONS))}"
        )
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name)
        and node.id not in bound
        and node.id not in FUNCTIONS
        and node.id not in CONSTANTS
    }


@functools.lru_cache(maxsize=4096)
def _tree(expression: str):
    """The checked, parsed expression, once per distinct text: definitions
    evaluate the same few hundred expressions over and over (every form
    request, every decision). Errors are not cached (lru_cache re-raises)."""
    parse(expression)
    return simpleeval.SimpleEval.parse(expression.strip())


def evaluate(expression: str, names: dict):
    """Evaluate with `names` as the only data. Missing names read as None, so a
    condition on a field the applicant never saw is simply false."""
    tree = _tree(expression) if isinstance(expression, str) else parse(expression)
    evaluator = simpleeval.EvalWithCompoundTypes(functions=FUNCTIONS, names=_Names(names))
    try:
        return evaluator.eval(expression.strip(), previously_parsed=tree)
    except ExpressionError:
        raise
    except Exception as exc:  # simpleeval raises many kinds; present them alike
        raise ExpressionError(f"表达式 {expression!r} 计算失败：{exc}") from exc


class _Names(dict):
    def __missing__(self, key):
        if key in CONSTANTS:
            return CONSTANTS[key]
        return None


def coerce(value, field_type: str):
    """JSON value -> the Python value an expression should see."""
    if value in (None, ""):
        return None
    if field_type in ("money", "decimal"):
        return _to_decimal(value)
    if field_type == "integer":
        return int(value)
    if field_type == "date":
        return _to_date(value)
    if field_type == "computed" and isinstance(value, str) and _NUMBER.match(value):
        # computed values are stored as text ("1200.00"); read them back as numbers
        return Decimal(value)
    return value


def typed_namespace(data: dict, field_types: dict) -> dict:
    """Case data with values coerced by declared type; repeat-group rows are
    coerced column by column (field_types maps 'group.column' too)."""
    result = {}
    for name, value in (data or {}).items():
        kind = field_types.get(name, "")
        if kind == "table" and isinstance(value, list):
            result[name] = [
                {col: coerce(cell, field_types.get(f"{name}.{col}", "")) for col, cell in (row or {}).items()}
                for row in value
            ]
        else:
            result[name] = coerce(value, kind)
    return result
