"""Choices for choice fields: written in the spec, or read from a reference
list that administrators maintain as data (grouped lists become optgroups)."""

from __future__ import annotations

from .labels import current_language, text


def spec_options(options) -> list[tuple[str, str]]:
    result = []
    for option in options or []:
        if isinstance(option, dict):
            result.append((str(option["value"]), text(option.get("label"), str(option["value"]))))
        else:
            result.append((str(option), str(option)))
    return result


def reference_options(list_key: str) -> list:
    """[(code, label)] or, when items have groups, [(group, [(code, label)])]."""
    from engine.models import ReferenceItem

    items = ReferenceItem.objects.filter(ref_list__key=list_key, active=True).order_by("order", "code")
    english = current_language() == "en"
    rows = [
        (item.group, item.code, (item.label_en if english and item.label_en else item.label))
        for item in items
    ]
    if not any(group for group, _code, _label in rows):
        return [(code, label) for _group, code, label in rows]
    groups: dict[str, list] = {}  # first appearance order, whatever the item order
    for group, code, label in rows:
        groups.setdefault(group or "—", []).append((code, label))
    return list(groups.items())


def reference_attrs(list_key: str, attr: str) -> dict[str, str]:
    """{code: str(attrs[attr])} of a reference list's active items."""
    from engine.models import ReferenceItem

    items = ReferenceItem.objects.filter(ref_list__key=list_key, active=True).values_list("code", "attrs")
    return {code: str((attrs or {}).get(attr, "")) for code, attrs in items}


def filter_attrs(field: dict) -> dict[str, str] | None:
    """For a choice whose list depends on an earlier answer (`filter:`):
    {option value: the answer it belongs to}."""
    rule = field.get("filter")
    if not rule or not field.get("options_from"):
        return None
    return reference_attrs(field["options_from"], rule.get("attr") or rule["field"])


def choices_for(field: dict) -> list:
    if field.get("options_from"):
        return reference_options(field["options_from"])
    return spec_options(field.get("options"))


def flat_labels(choices) -> dict[str, str]:
    """{value: label} from flat or grouped choices, for showing answers."""
    result = {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            result.update(flat_labels(label))
        else:
            result[str(value)] = str(label)
    return result
