"""Reference lists and the working-day calendar, edited as data: each change
is one audited write; `reference_write` puts a list (or the calendar) back
into workflows/reference/ so the files and the database stay in step."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engine.models import Holiday, ReferenceItem, ReferenceList
from engine.runtime.reference import CALENDAR_FILE

from .audit import change_record
from .models import StudioChange

ITEM_FIELDS = ("code", "label", "label_en", "group", "attrs", "order", "active")


def _item_state(item: ReferenceItem | None) -> dict:
    return {name: getattr(item, name) for name in ITEM_FIELDS} if item else {}


# What a definition can name and a URL can carry (the form's pattern says the same).
LIST_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")


def list_key_valid(key) -> bool:
    return isinstance(key, str) and LIST_KEY.fullmatch(key) is not None


@transaction.atomic
def reference_list_create(*, key: str, title: str, actor) -> ReferenceList:
    if not list_key_valid(key):
        raise ValidationError(
            _("标识应以小写字母开头，只含小写字母、数字和下划线，最长 64 个字符：%(key)s") % {"key": key[:80]}
        )
    if not title or len(title) > 128:
        raise ValidationError(_("名称不能为空，最长 128 个字符。"))
    if ReferenceList.objects.filter(key=key).exists():
        raise ValidationError(_("参考列表 %(key)s 已存在。") % {"key": key})
    ref_list = ReferenceList.objects.create(key=key, title=title)
    change_record(
        actor=actor,
        action=StudioChange.Action.REFERENCE,
        obj_type="reference_list",
        obj_id=key,
        summary=f"新建参考列表 {key}",
        after={"title": title},
    )
    return ref_list


@transaction.atomic
def reference_item_save(*, ref_list: ReferenceList, values: dict, actor, item: ReferenceItem | None = None):
    """Create (item None) or update an item; `values` holds ITEM_FIELDS."""
    values = {k: v for k, v in values.items() if k in ITEM_FIELDS}
    if not str(values.get("code") or "").strip() or not str(values.get("label") or "").strip():
        raise ValidationError(_("代码和名称不能为空。"))
    clash = ReferenceItem.objects.filter(ref_list=ref_list, code=values["code"])
    if clash.exclude(pk=item.pk if item else None).exists():
        raise ValidationError(_("代码 %(code)s 已存在。") % {"code": values["code"]})
    before = _item_state(item)
    item = item or ReferenceItem(ref_list=ref_list)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    after = _item_state(item)
    if before != after:
        changed = [k for k in ITEM_FIELDS if before.get(k) != after.get(k)]
        change_record(
            actor=actor,
            action=StudioChange.Action.REFERENCE,
            obj_type="reference_list",
            obj_id=ref_list.key,
            summary=f"{ref_list.key}.{item.code}: {'修改 ' + ', '.join(changed) if before else '新增'}",
            before=before,
            after=after,
        )
    return item


@transaction.atomic
def holiday_save(*, date: dt.date, is_working_day: bool, name: str, actor) -> Holiday:
    current = Holiday.objects.filter(date=date).first()
    before = {"is_working_day": current.is_working_day, "name": current.name} if current else {}
    holiday, _created = Holiday.objects.update_or_create(
        date=date, defaults={"is_working_day": is_working_day, "name": name}
    )
    change_record(
        actor=actor,
        action=StudioChange.Action.CALENDAR,
        obj_type="calendar",
        obj_id=date.isoformat(),
        summary=f"{date.isoformat()} {'调休上班' if is_working_day else '放假'} {name}",
        before=before,
        after={"is_working_day": is_working_day, "name": name},
    )
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor) -> None:
    change_record(
        actor=actor,
        action=StudioChange.Action.CALENDAR,
        obj_type="calendar",
        obj_id=holiday.date.isoformat(),
        summary=f"删除 {holiday.date.isoformat()} {holiday.name}",
        before={"is_working_day": holiday.is_working_day, "name": holiday.name},
    )
    holiday.delete()


def reference_list_yaml(ref_list: ReferenceList) -> str:
    items = []
    for item in ref_list.items.order_by("order", "code"):
        row = {"code": item.code, "label": item.label}
        row.update({k: getattr(item, k) for k in ("label_en", "group", "attrs") if getattr(item, k)})
        if not item.active:
            row["active"] = False
        items.append(row)
    title = {"zh": ref_list.title, "en": ref_list.title_en} if ref_list.title_en else ref_list.title
    data = {"key": ref_list.key, "title": title, "items": items}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def calendar_yaml() -> str:
    rows = Holiday.objects.order_by("date")
    data = {
        "holidays": [{"date": h.date, "name": h.name} for h in rows if not h.is_working_day],
        "working_weekends": [{"date": h.date, "name": h.name} for h in rows if h.is_working_day],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def reference_write(*, key: str, actor, directory=None) -> Path:
    """Write one list (or the calendar, key 'calendar') to workflows/reference/."""
    root = Path(directory or Path(settings.WORKFLOWS_DIR) / "reference")
    root.mkdir(parents=True, exist_ok=True)
    if key == Path(CALENDAR_FILE).stem:
        path, body = root / CALENDAR_FILE, calendar_yaml()
    else:
        path, body = (
            root / f"{key}.yaml",
            reference_list_yaml(ReferenceList.objects.get(key=key)),
        )  # the view checked it exists
    path.write_text(body, encoding="utf-8")
    change_record(
        actor=actor,
        action=StudioChange.Action.EXPORT,
        obj_type="reference_list",
        obj_id=key,
        summary=f"写入 {path}",
    )
    return path
