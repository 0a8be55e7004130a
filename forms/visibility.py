"""Which pages and fields are visible, decided by `visible_if` expressions
through the engine's one evaluator, over the answers given so far.

A hidden field reads as none to every later condition, so a chain of
conditions settles; we repeat until nothing changes (bounded)."""

from __future__ import annotations

from decimal import Decimal

from engine.expressions import ExpressionError, coerce, evaluate, typed_namespace

from . import spec as spec_reader


def namespace(spec: dict, answers: dict, extra_types: dict | None = None) -> dict:
    """Answers (JSON) typed for expressions: money/decimal -> Decimal, dates
    -> date, table cells by column type, computed values as numbers."""
    types = {**(extra_types or {}), **spec_reader.field_types(spec)}
    names = typed_namespace(answers, types)
    for name, kind in types.items():
        if kind == "computed" and names.get(name) not in (None, ""):
            names[name] = _number_or_value(names[name])
    return names


def _number_or_value(value):
    try:
        return coerce(value, "decimal")
    except ExpressionError:
        return value


def condition_holds(expression: str | None, names: dict) -> bool:
    """A missing condition holds; a condition that cannot be computed (it
    compares a none, say) does not."""
    if not expression:
        return True
    try:
        return bool(evaluate(expression, names))
    except ExpressionError:
        return False


def hidden_fields(spec: dict, answers: dict, *, extra_types: dict | None = None) -> set[str]:
    """Names of every field hidden by its own or its page's condition."""
    base = namespace(spec, answers, extra_types)
    hidden: set[str] = set()
    for _round in range(len(spec_reader.fields(spec)) + 1):
        names = {**base, **dict.fromkeys(hidden)}
        now = _hidden_once(spec, names)
        if now == hidden:
            break
        hidden = now
    return hidden


def _hidden_once(spec: dict, names: dict) -> set[str]:
    hidden = set()
    for each in spec_reader.pages(spec):
        page_shown = condition_holds(each.get("visible_if"), names)
        for field in each.get("fields") or []:
            if not page_shown or not condition_holds(field.get("visible_if"), names):
                hidden.add(field["name"])
    return hidden


def visible_pages(spec: dict, answers: dict, *, extra_types: dict | None = None) -> list[dict]:
    """Pages whose own condition holds (with hidden fields reading as none)."""
    hidden = hidden_fields(spec, answers, extra_types=extra_types)
    names = {**namespace(spec, answers, extra_types), **dict.fromkeys(hidden)}
    return [each for each in spec_reader.pages(spec) if condition_holds(each.get("visible_if"), names)]


def to_decimal_text(value: Decimal, places: int = 2) -> str:
    return str(value.quantize(Decimal(1).scaleb(-places)))
