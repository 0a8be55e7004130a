"""Case data (a JSON column) in SQL: a figure's `where:` tree as a Q, and a
case-data value as a number the database can add up. Works on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.db.models.lookups import (
    Contains,
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)

# Only text that is a plain number is cast: PostgreSQL refuses to cast
# anything else, and a stray "" must not make a whole figure fail.
NUMBER_PATTERN = r"^ *-?[0-9]+(\.[0-9]+)? *$"
_ORDER = {">": GreaterThan, ">=": GreaterThanOrEqual, "<": LessThan, "<=": LessThanOrEqual}
_EMPTY = (None, "", [])


def number(name: str):
    """data->name as a decimal, NULL when it is not a number."""
    return models.Case(
        models.When(
            **{f"data__{name}__regex": NUMBER_PATTERN},
            then=Cast(KT(f"data__{name}"), models.DecimalField(max_digits=20, decimal_places=4)),
        ),
        default=None,
        output_field=models.DecimalField(max_digits=20, decimal_places=4),
    )


def text(name: str):
    return KT(f"data__{name}")


def where_q(tree) -> models.Q:
    kind = tree[0]
    if kind == "and":
        return _fold([where_q(child) for child in tree[1]], lambda a, b: a & b)
    if kind == "or":
        return _fold([where_q(child) for child in tree[1]], lambda a, b: a | b)
    if kind == "not":
        return ~where_q(tree[1])
    if kind == "empty":
        return _empty(tree[1])
    if kind == "truthy":
        return (
            ~_empty(tree[1]) & ~models.Q(**{f"data__{tree[1]}": False}) & ~models.Q(**{f"data__{tree[1]}": 0})
        )
    if kind == "in":
        return models.Q(**{f"data__{tree[1]}__in": tree[2]})
    if kind == "has":
        return models.Q(Contains(text(tree[1]), json.dumps(tree[2])))
    return _compare(*tree[1:])


def _fold(parts, join):
    result = parts[0]
    for part in parts[1:]:
        result = join(result, part)
    return result


def _empty(name) -> models.Q:
    q = ~models.Q(data__has_key=name)
    for value in _EMPTY:
        q |= models.Q(**{f"data__{name}": value})
    return q


def _compare(name, op, value) -> models.Q:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if op in ("==", "!="):
        q = (
            models.Q(Exact(number(name), Decimal(str(value))))
            if numeric
            else models.Q(**{f"data__{name}": value})
        )
        return q if op == "==" else ~q
    lhs, rhs = (number(name), Decimal(str(value))) if numeric else (text(name), value)
    return models.Q(_ORDER[op](lhs, rhs))
