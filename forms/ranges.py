"""`range_from`: a number checked against the range that the item chosen in
a reference-list field carries (an aid tier's amount_min / amount_max).
Administrators change the range by editing the list, not the form."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from . import spec as spec_reader
from .labels import current_language


def _number(value):
    try:
        return None if value in (None, "") else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f") if number == number.to_integral() else str(number)


def range_failures(spec, answers: dict, *, page_id=None, hidden=()):
    """(field, message) for each `range_from` field in scope whose value lies
    outside the chosen item's range. A missing value or choice is left to the
    `required` check; a bound the item does not carry is no bound."""
    from engine.models import ReferenceItem

    items = {item["name"]: item for item in spec_reader.fields(spec)}
    for field in spec_reader.fields(spec, page_id):
        rule = field.get("range_from")
        if not rule or field["name"] in hidden:
            continue
        chooser = items.get(rule["field"]) or {}
        value, code = _number(answers.get(field["name"])), answers.get(rule["field"])
        if value is None or not code or not chooser.get("options_from"):
            continue
        item = ReferenceItem.objects.filter(ref_list__key=chooser["options_from"], code=str(code)).first()
        if item is None:
            continue
        low, high = _number(item.attrs.get(rule.get("min"))), _number(item.attrs.get(rule.get("max")))
        if (low is None or value >= low) and (high is None or value <= high):
            continue
        name = item.label_en if current_language() == "en" and item.label_en else item.label
        values = {"item": name, "low": _plain(low or 0), "high": _plain(high or 0)}
        if low is not None and high is not None:
            message = _("按“%(item)s”的标准，应在 %(low)s 至 %(high)s 之间。") % values
        elif low is not None:
            message = _("按“%(item)s”的标准，不能低于 %(low)s。") % values
        else:
            message = _("按“%(item)s”的标准，不能高于 %(high)s。") % values
        yield field["name"], message
