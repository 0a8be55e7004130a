"""The bounds every expression runs under, and the operators that keep them.

A definition is written by an administrator, but a studio upload is still
input: no expression may take the server's memory or time. The grammar
check refuses what is never needed (attributes, method calls, formatting);
these bounds hold at run time for everything that remains, *before* a value
is built where building it is the danger (`'x' * 10**9`, `10**10**6`)."""

from __future__ import annotations

import datetime as dt
import operator
from decimal import Decimal

MAX_EXPRESSION_LENGTH = 500
MAX_SECONDS = 0.25  # wall time of one evaluation
MAX_TEXT = 100_000  # characters in any intermediate text
MAX_ITEMS = 10_000  # list items built (counted through nested lists)
MAX_NUMBER = 10**18  # magnitude of any intermediate number
MAX_DIGITS = 40  # significant digits of a decimal
MAX_EXPONENT = 100  # |b| in a ** b
MAX_LITERAL_ITEMS = 100  # items in a [...] written in the expression
MAX_DEPTH = 40  # nesting of the syntax tree


class ExpressionError(ValueError):
    """An expression that does not parse, names unknown data, or fails."""


class LimitExceeded(ExpressionError):
    """An evaluation that would outgrow a bound."""


def size_check(value):
    """Raise LimitExceeded when `value` is over a bound; return it otherwise.
    Nested lists are counted with an early stop, so the check itself is
    bounded by MAX_ITEMS steps however the value is shared inside."""
    kind = type(value)
    if kind is str:
        if len(value) > MAX_TEXT:
            raise LimitExceeded(f"文字过长（超过 {MAX_TEXT} 个字符）")
    elif kind is int:
        if abs(value) > MAX_NUMBER:
            raise LimitExceeded(f"数值超出范围（绝对值不超过 10^{len(str(MAX_NUMBER)) - 1}）")
    elif kind is Decimal:
        if value.is_finite() and value and value.adjusted() > len(str(MAX_NUMBER)) - 1:
            raise LimitExceeded(f"数值超出范围（绝对值不超过 10^{len(str(MAX_NUMBER)) - 1}）")
    elif kind in (list, tuple, dict):
        _count_items(value)
    return value


def _count_items(value):
    todo, seen = [value], 0
    while todo:
        item = todo.pop()
        items = item.values() if isinstance(item, dict) else item
        seen += len(items)
        if seen > MAX_ITEMS:
            raise LimitExceeded(f"列表过大（超过 {MAX_ITEMS} 项）")
        for each in items:
            kind = type(each)
            if kind in (list, tuple, dict):
                todo.append(each)
            elif kind is str:
                seen += len(each) // 100  # long texts weigh in too


def weight(value) -> int:
    """Rough length of a text or list, for checking a product before it is made."""
    if isinstance(value, str | list | tuple):
        return len(value)
    return 0


# --- the missing-value rule ----------------------------------------------
#
# A missing value (none: a hidden field, a field not yet filled) makes
# arithmetic missing, makes an order comparison false, and is never inside
# anything; == and != compare it like any value (`x == none` tests for it).


def _numbers(a, b):
    """Decimal with float would be a TypeError; read the float as written."""
    if type(a) is Decimal and type(b) is float:
        return a, Decimal(repr(b))
    if type(a) is float and type(b) is Decimal:
        return Decimal(repr(a)), b
    return a, b


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _arith(name, func):
    def apply(a, b):
        if a is None or b is None:
            return None
        a, b = _numbers(a, b)
        return size_check(func(a, b))

    apply.__name__ = name
    return apply


def _add(a, b):
    if isinstance(a, str) and isinstance(b, str) and len(a) + len(b) > MAX_TEXT:
        raise LimitExceeded(f"文字过长（超过 {MAX_TEXT} 个字符）")
    return a + b


def _mult(a, b):
    for seq, times in ((a, b), (b, a)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            if times > 0 and weight(seq) * times > (MAX_TEXT if isinstance(seq, str) else MAX_ITEMS):
                raise LimitExceeded("重复后的文字或列表过大")
    return a * b


def _mod(a, b):
    if not (_is_number(a) and _is_number(b)):
        raise ExpressionError("% 只用于数值求余（不用于文字格式化）")
    return a % b


def _pow(a, b):
    if not (_is_number(a) and _is_number(b)):
        raise ExpressionError("** 只用于数值")
    if abs(b) > MAX_EXPONENT:
        raise LimitExceeded(f"指数过大（不超过 {MAX_EXPONENT}）")
    if abs(a) > MAX_NUMBER:
        raise LimitExceeded("底数超出范围")
    return a**b


def _sub(a, b):
    return a - b


BINARY = {
    "Add": _arith("add", _add),
    "Sub": _arith("sub", _sub),
    "Mult": _arith("mult", _mult),
    "Div": _arith("div", operator.truediv),
    "FloorDiv": _arith("floordiv", operator.floordiv),
    "Mod": _arith("mod", _mod),
    "Pow": _arith("pow", _pow),
}


def _neg(a):
    return None if a is None else size_check(-a)


def _pos(a):
    return None if a is None else +a


UNARY = {"USub": _neg, "UAdd": _pos, "Not": operator.not_}


def _ordered(func):
    def compare(a, b):
        if a is None or b is None:
            return False
        a, b = _numbers(a, b)
        if isinstance(a, dt.date) != isinstance(b, dt.date):
            raise ExpressionError(f"不能比较日期与非日期：{a!r} 与 {b!r}")
        return func(a, b)

    return compare


def _contains(item, container):
    if container is None:
        return False
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    if isinstance(container, list | tuple | dict):
        return item in container
    raise ExpressionError(f"in 的右边应为列表或文字，而不是 {container!r}")


COMPARE = {
    "Eq": operator.eq,
    "NotEq": operator.ne,
    "Lt": _ordered(operator.lt),
    "LtE": _ordered(operator.le),
    "Gt": _ordered(operator.gt),
    "GtE": _ordered(operator.ge),
    "In": _contains,
    "NotIn": lambda item, container: not _contains(item, container),
}
