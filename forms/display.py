"""Answers as people read them: option labels instead of codes, 是/否,
money with 元, tables as tables, birth date and sex from an ID number."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import spec as spec_reader
from .labels import text
from .options import choices_for, flat_labels
from .validators import id_number_info
from .visibility import hidden_fields


def answer_pages(spec: dict, data: dict, *, field_types=None) -> list[dict]:
    """[{id, title, rows: [{name, label, value, table}]}] for visible pages."""
    hidden = hidden_fields(spec, data, extra_types=field_types)
    result = []
    for each in spec_reader.pages(spec):
        rows = [
            answer_row(item, data.get(item["name"]))
            for item in each.get("fields") or []
            if item["name"] not in hidden
        ]
        if rows:
            result.append({"id": each["id"], "title": text(each.get("title"), each["id"]), "rows": rows})
    return result


def answer_row(item: dict, value) -> dict:
    row = {"name": item["name"], "label": text(item.get("label"), item["name"]), "value": None, "table": None}
    if item.get("type") == "file" and isinstance(value, dict):
        row["attachment"] = value.get("attachment")
    if item.get("type") == "table":
        columns = item.get("columns") or []
        row["table"] = {
            "columns": [text(column.get("label"), column["name"]) for column in columns],
            "rows": [
                [display_value(column, (cells or {}).get(column["name"])) for column in columns]
                for cells in value or []
            ],
        }
    else:
        row["value"] = display_value(item, value)
    return row


def display_value(item: dict, value) -> str:
    kind = item.get("type", "text")
    if value in (None, "", []):
        return "—"
    if kind in ("choice", "multichoice") or (kind == "computed" and item.get("options")):
        labels = flat_labels(choices_for(item))
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(str(one), str(one)) for one in values)
    if kind == "boolean":
        return str(_("是") if value else _("否"))
    if kind == "money":
        return f"{value} {_('元')}"
    if kind == "file":
        return value.get("name", "") if isinstance(value, dict) else str(value)
    if kind == "id_number":
        return _id_with_info(value)
    if kind == "org_unit":
        return _unit_name(value)
    return str(value)


def _unit_name(code) -> str:
    from engine.models import OrgUnit

    from .labels import current_language

    unit = OrgUnit.objects.filter(code=str(code)).first()
    if unit is None:
        return str(code)
    return unit.name_en if current_language() == "en" and unit.name_en else unit.name


def _id_with_info(value: str) -> str:
    try:
        born, sex = id_number_info(value)
    except Exception:  # an unchecked legacy value: show it as it is
        return str(value)
    sex_label = _("男") if sex == "male" else _("女")
    return f"{value}（{born.isoformat()}，{sex_label}）"
