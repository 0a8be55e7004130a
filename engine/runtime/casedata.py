"""Case data: the JSON answers and results, their typed view for expressions,
and the definition's computed values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from engine.expressions import ExpressionError, evaluate, placeholder_fill, typed_namespace


def to_json(value):
    """Expression results -> JSON: money/decimals as strings, dates as ISO."""
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    return value


def namespace(case, bundle) -> dict:
    return typed_namespace(case.data or {}, bundle.field_types())


def condition_holds(expression: str, case, *, bundle) -> bool:
    return bool(evaluate(expression, namespace(case, bundle)))


def recompute(case, bundle) -> dict:
    """Re-evaluate the definition's `data:` values in declaration order (a
    later value may use an earlier one). Returns what changed."""
    changes = {}
    for name, expression in (bundle.computed or {}).items():
        try:
            value = to_json(evaluate(expression, namespace(case, bundle)))
        except ExpressionError:
            # Inputs not there yet (e.g. before the assessment); leave unset.
            value = None
        if case.data.get(name) != value:
            changes[name] = value
            case.data[name] = value
    return changes


def merge_answers(case, answers: dict) -> dict:
    """Put a step's answers into the case data; return {name: [old, new]}."""
    changes = {}
    for name, value in (answers or {}).items():
        old = case.data.get(name)
        if old != value:
            changes[name] = [old, value]
            case.data[name] = value
    return changes


def format_text(template: str, case) -> str:
    """`"档案号 {file_no}"` with case data, filled by the engine's own
    placeholder reader (never str.format on stored text); unknown names and
    malformed braces stay visible as written."""
    values = dict(case.data or {})
    values.setdefault("number", case.number)
    return placeholder_fill(template, values)
