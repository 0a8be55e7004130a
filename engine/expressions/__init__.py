"""The one safe expression language for rules, conditions and calculations.

    check(text, types)      -> names read; ExpressionError for anything outside
                               the language (grammar.py), at validation
    names_used(text)        -> the same without argument kinds
    evaluate(text, names)   -> the value, bounded in time and size (evaluator.py);
                               ExpressionError for any failure, never another kind

Values in case data are JSON (money and decimals as strings, dates as ISO
strings); `typed_namespace()` turns them into Decimal / date using the field
types the form specs declare, so `ltc_paid * rate` is exact arithmetic.

The missing-value rule (docs/definitions.md): a missing value (none) makes
arithmetic missing, an order comparison (< <= > >=) false, `in` false and
`not in` true; == and != compare it as a value."""

from __future__ import annotations

import ast
import functools
import re

from . import evaluator, grammar
from .functions import FUNCTIONS, SIGNATURES, to_date, to_decimal
from .grammar import CONSTANTS, parse
from .limits import MAX_EXPRESSION_LENGTH, ExpressionError, LimitExceeded
from .placeholders import (
    PlaceholderError,
    placeholder_fill,
    placeholder_names,
    sequence_format,
    sequence_format_check,
)

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_EXPRESSION_LENGTH",
    "SIGNATURES",
    "ExpressionError",
    "LimitExceeded",
    "PlaceholderError",
    "check",
    "coerce",
    "evaluate",
    "names_used",
    "parse",
    "placeholder_fill",
    "placeholder_names",
    "sequence_format",
    "sequence_format_check",
    "typed_namespace",
]

_NUMBER = re.compile(r"^-?\d{1,30}(\.\d{1,30})?$")


def check(expression, types: dict | None = None):
    """(tree, names read) of an expression in the language; ExpressionError
    for the first thing outside it. Parts made of constants only are worked
    out here, so `'a' * 10**9` is refused when the definition is validated,
    not first met at run time."""
    tree, names = grammar.check(expression, types)
    for node in _constant_parts(tree.body):
        try:
            evaluator.run(node, {}, seconds=0.05)
        except LimitExceeded as exc:
            raise ExpressionError(f"常量部分超出限制：{ast.unparse(node)[:60]}（{exc}）") from exc
        except ExpressionError as exc:
            raise ExpressionError(f"常量部分无法计算：{ast.unparse(node)[:60]}（{exc}）") from exc
    return tree, names


def _constant_parts(node):
    """The largest sub-trees that read no data (and not today())."""
    if isinstance(node, ast.expr) and not _reads_data(node):
        if not isinstance(node, ast.Constant | ast.Slice):
            yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _constant_parts(child)


def _reads_data(node) -> bool:
    functions = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    for each in ast.walk(node):
        if isinstance(each, ast.Name) and id(each) not in functions and each.id not in CONSTANTS:
            return True
        if isinstance(each, ast.Name) and each.id == "today":
            return True
    return False


def names_used(expression: str) -> set[str]:
    """Data names an expression reads (functions, constants and comprehension
    variables excluded), after checking the whole tree."""
    return check(expression)[1]


@functools.lru_cache(maxsize=4096)
def _tree(expression: str):
    """The checked, parsed expression, once per distinct text: definitions
    evaluate the same few hundred expressions over and over (every form
    request, every decision). Errors are not cached (lru_cache re-raises)."""
    return check(expression)[0]


def evaluate(expression: str, names: dict, *, seconds: float | None = None):
    """Evaluate with `names` as the only data (read through copies: nothing
    in `names` can change). Missing names read as none. Raises only
    ExpressionError (LimitExceeded when a bound is hit)."""
    if not isinstance(expression, str):
        raise ExpressionError("表达式必须是文本")
    tree = _tree(expression)
    try:
        return evaluator.run(tree, names, seconds=seconds)
    except ExpressionError as exc:
        shown = expression if len(expression) <= 80 else expression[:77] + "..."
        raise type(exc)(f"表达式 {shown!r} 计算失败：{exc}") from exc


def coerce(value, field_type: str):
    """JSON value -> the Python value an expression should see."""
    if value in (None, ""):
        return None
    if field_type in ("money", "decimal"):
        return to_decimal(value)
    if field_type == "integer":
        try:
            return int(value) if not isinstance(value, str) or len(value) < 40 else to_decimal(value)
        except (TypeError, ValueError) as exc:
            raise ExpressionError(f"不是整数：{str(value)[:40]!r}") from exc
    if field_type == "date":
        return to_date(value)
    if field_type == "computed" and isinstance(value, str) and _NUMBER.match(value):
        # computed values are stored as text ("1200.00"); read them back as numbers
        return to_decimal(value)
    return value


def _coerced(value, field_type: str):
    """A stored value that cannot be read as its declared type (data from an
    older version of the form, say) is missing, not a failure of every
    expression on the case."""
    try:
        return coerce(value, field_type)
    except ExpressionError:
        return None


def typed_namespace(data: dict, field_types: dict) -> dict:
    """Case data with values coerced by declared type; repeat-group rows are
    coerced column by column (field_types maps 'group.column' too)."""
    result = {}
    for name, value in (data or {}).items():
        kind = field_types.get(name, "")
        if kind == "table" and isinstance(value, list):
            result[name] = [
                {col: _coerced(cell, field_types.get(f"{name}.{col}", "")) for col, cell in row.items()}
                if isinstance(row, dict)
                else row
                for row in value
            ]
        else:
            result[name] = _coerced(value, kind)
    return result
