"""Reference lists and the working-day calendar, loaded from
workflows/reference/*.yaml (administrators then maintain them as data)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from engine.definitions.loader import load_yaml
from engine.models import Holiday, ReferenceItem, ReferenceList

CALENDAR_FILE = "calendar.yaml"


def reference_keys() -> set[str]:
    return set(ReferenceList.objects.values_list("key", flat=True)) | _file_keys()


def _file_keys(directory=None) -> set[str]:
    from django.conf import settings

    root = Path(directory or Path(settings.WORKFLOWS_DIR) / "reference")
    return {p.stem for p in root.glob("*.yaml") if p.name != CALENDAR_FILE}


def _label(value, lang):
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("zh") or "")
    return str(value or "") if lang == "zh" else ""


@transaction.atomic
def reference_list_store(data: dict) -> tuple[ReferenceList, int]:
    """Create or update a list and its items by code; returns (list, changed)."""
    ref_list, _ = ReferenceList.objects.update_or_create(
        key=data["key"],
        defaults={"title": _label(data.get("title"), "zh"), "title_en": _label(data.get("title"), "en")},
    )
    changed = 0
    for order, item in enumerate(data.get("items") or []):
        values = {
            "label": _label(item.get("label"), "zh"),
            "label_en": item.get("label_en") or _label(item.get("label"), "en"),
            "group": str(item.get("group") or ""),
            "attrs": item.get("attrs") or {},
            "order": order,
            "active": bool(item.get("active", True)),
        }
        current = ReferenceItem.objects.filter(ref_list=ref_list, code=str(item["code"])).first()
        if current is None or any(getattr(current, k) != v for k, v in values.items()):
            ReferenceItem.objects.update_or_create(ref_list=ref_list, code=str(item["code"]), defaults=values)
            changed += 1
    return ref_list, changed


@transaction.atomic
def calendar_store(data: dict) -> int:
    count = 0
    for entries, working in ((data.get("holidays") or [], False), (data.get("working_weekends") or [], True)):
        for entry in entries:
            Holiday.objects.update_or_create(
                date=entry["date"], defaults={"is_working_day": working, "name": str(entry.get("name") or "")}
            )
            count += 1
    return count


def reference_load(directory: Path):
    """Yield one line of report per file."""
    directory = Path(directory)
    for path in sorted(directory.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data, _where, problems = load_yaml(text, str(path))
        if problems:  # the definitions' loader and limits refused it
            yield f"{problems[0]}（未载入）"
            continue
        data = data or {}
        if path.name == CALENDAR_FILE:
            yield f"工作日历: {calendar_store(data)} 天"
            continue
        ref_list, changed = reference_list_store(data)
        yield f"参考列表 {ref_list.key}: {ref_list.items.count()} 项（更新 {changed} 项）"
