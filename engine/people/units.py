"""Writing the union hierarchy: add, edit (rename, recode), move, retire.

Every write is one transaction and one StudioChange with the unit before
and after. A move rewrites the materialised path of the whole subtree."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from engine.models import OrgUnit
from engine.studio.audit import change_record
from engine.studio.models import StudioChange

FIELDS = ("code", "name", "name_en", "short_name", "level")


def unit_snapshot(unit: OrgUnit) -> dict:
    return {
        **{name: getattr(unit, name) for name in FIELDS},
        "parent": unit.parent.code if unit.parent_id else None,
        "retired": unit.retired_at.isoformat() if unit.retired_at else None,
    }


def level_check(level: str, parent: OrgUnit | None) -> None:
    """Levels run national → province → city → district → enterprise; a unit
    sits below a higher level than its own. Partner bodies (an elderly-care
    home, an HR bureau) may sit under any union."""
    order = OrgUnit.LEVEL_ORDER
    if level not in order:
        raise ValidationError(_("未知的级别：%(l)s") % {"l": level})
    if parent is None:
        return
    if parent.is_retired:
        raise ValidationError(_("上级单位“%(p)s”已撤销。") % {"p": parent.name})
    if level == OrgUnit.Level.PARTNER:
        return
    if parent.level == OrgUnit.Level.PARTNER or order.index(level) <= order.index(parent.level):
        raise ValidationError(
            _("“%(level)s”不能设在“%(parent)s”（%(plevel)s）之下：级别应由上至下。")
            % {
                "level": OrgUnit.Level(level).label,
                "parent": parent.name,
                "plevel": OrgUnit.Level(parent.level).label,
            }
        )


def _clean_values(values: dict) -> dict:
    code = str(values.get("code") or "").strip()
    name = str(values.get("name") or "").strip()
    if not code or slugify(code) != code.lower() or len(code) > 64:
        raise ValidationError(_("代码只能用字母、数字、连字符和下划线（最多 64 个字符）。"))
    if not name or len(name) > 128:
        raise ValidationError(_("名称不能为空（最多 128 个字符）。"))
    return {
        "code": code,
        "name": name,
        "name_en": str(values.get("name_en") or "").strip()[:128],
        "short_name": str(values.get("short_name") or "").strip()[:16],
        "level": str(values.get("level") or ""),
    }


def _code_free(code: str, unit: OrgUnit | None = None) -> None:
    taken = OrgUnit.objects.filter(code=code)
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise ValidationError(_("代码“%(c)s”已被使用。") % {"c": code})


def unit_create(*, values: dict, parent: OrgUnit | None, actor) -> OrgUnit:
    clean = _clean_values(values)
    _code_free(clean["code"])
    level_check(clean["level"], parent)
    with transaction.atomic():
        unit = OrgUnit.objects.create(parent=parent, **clean)
        change_record(
            actor=actor,
            action=StudioChange.Action.UNIT,
            obj_type="unit",
            obj_id=unit.pk,
            summary=_("新建单位 %(n)s（%(c)s）") % {"n": unit.name, "c": unit.code},
            after=unit_snapshot(unit),
        )
    return unit


def unit_update(*, unit: OrgUnit, values: dict, actor) -> OrgUnit:
    """Rename, recode or change the level; the parent stays (see unit_move)."""
    clean = _clean_values(values)
    _code_free(clean["code"], unit)
    level_check(clean["level"], unit.parent)
    for child in unit.children.filter(retired_at__isnull=True):
        level_check(child.level, OrgUnit(level=clean["level"], name=clean["name"]))
    before = unit_snapshot(unit)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(unit, name, value)
        unit.save()
        change_record(
            actor=actor,
            action=StudioChange.Action.UNIT,
            obj_type="unit",
            obj_id=unit.pk,
            summary=_("修改单位 %(n)s") % {"n": unit.name},
            before=before,
            after=unit_snapshot(unit),
        )
    return unit


def unit_move(*, unit: OrgUnit, parent: OrgUnit | None, actor) -> OrgUnit:
    """Put a unit (with everything below it) under another parent. Refuses a
    move under itself or one of its own descendants, which would make a
    cycle."""
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError(_("不能把单位移到它自己或它的下级单位之下。"))
    level_check(unit.level, parent)
    before = unit_snapshot(unit)
    with transaction.atomic():
        old_path = unit.path
        unit.parent = parent
        unit.save()
        new_path = unit.path
        below = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk))
        for each in below:
            each.path = new_path + each.path[len(old_path) :]
        OrgUnit.objects.bulk_update(below, ["path"])
        change_record(
            actor=actor,
            action=StudioChange.Action.UNIT,
            obj_type="unit",
            obj_id=unit.pk,
            summary=_("移动单位 %(n)s 到 %(p)s")
            % {"n": unit.name, "p": parent.name if parent else _("（顶级）")},
            before=before,
            after={**unit_snapshot(unit), "units_moved": len(below) + 1},
        )
    return unit


def unit_retire(*, unit: OrgUnit, actor) -> OrgUnit:
    """Retire a unit: its cases and history stay, grants held in it stop
    counting. Units below must be moved or retired first."""
    if unit.is_retired:
        raise ValidationError(_("该单位已撤销。"))
    if unit.children.filter(retired_at__isnull=True).exists():
        raise ValidationError(_("该单位还有未撤销的下级单位：请先移动或撤销它们。"))
    before = unit_snapshot(unit)
    with transaction.atomic():
        unit.retired_at = timezone.now()
        unit.save(update_fields=["retired_at"])
        change_record(
            actor=actor,
            action=StudioChange.Action.UNIT,
            obj_type="unit",
            obj_id=unit.pk,
            summary=_("撤销单位 %(n)s") % {"n": unit.name},
            before=before,
            after=unit_snapshot(unit),
        )
    return unit


def unit_restore(*, unit: OrgUnit, actor) -> OrgUnit:
    if not unit.is_retired:
        return unit
    level_check(unit.level, unit.parent)  # the parent may have been retired since
    before = unit_snapshot(unit)
    with transaction.atomic():
        unit.retired_at = None
        unit.save(update_fields=["retired_at"])
        change_record(
            actor=actor,
            action=StudioChange.Action.UNIT,
            obj_type="unit",
            obj_id=unit.pk,
            summary=_("恢复单位 %(n)s") % {"n": unit.name},
            before=before,
            after=unit_snapshot(unit),
        )
    return unit
