"""Role grants: which role (declared by a published process) a person holds
in which unit, from when to when, and whether it reaches the units below.

Role keys are shared: a grant of `chair` counts for every process that
declares a `chair` role. The choices list the processes that declare each
key so the administrator sees what a grant opens."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engine.models import OrgUnit, ProcessDefinition, RoleAssignment, User
from engine.roles.policy import PROCESS_ADMIN_ROLE
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle
from engine.studio.audit import change_record
from engine.studio.models import StudioChange


def declared_roles() -> dict:
    """{role key: {"label": str, "processes": [titles], "levels": [..]}} over
    every published process, plus the studio's own administrator role."""
    roles: dict = {
        PROCESS_ADMIN_ROLE: {"label": _("流程管理员"), "processes": [_("流程管理")], "levels": []},
    }
    definitions = ProcessDefinition.objects.filter(published_version__isnull=False).select_related(
        "published_version"
    )
    for definition in definitions:
        bundle = version_bundle(definition.published_version)
        title = text({"zh": definition.title, "en": definition.title_en})
        for key, spec in bundle.roles.items():
            if spec.get("applicant"):
                continue  # applicants are whoever applies, never granted
            entry = roles.setdefault(
                key, {"label": text(spec.get("label")) or key, "processes": [], "levels": []}
            )
            entry["processes"].append(title)
            entry["levels"] = sorted(set(entry["levels"]) | set(spec.get("levels") or []))
    return roles


def role_choices() -> list[tuple[str, str]]:
    return [
        (key, f"{info['label']}（{key}）· {'、'.join(info['processes'])}")
        for key, info in sorted(declared_roles().items())
    ]


def grant_snapshot(grant: RoleAssignment) -> dict:
    return {
        "user": grant.user.username,
        "unit": grant.org_unit.code,
        "role": grant.role,
        "covers_descendants": grant.covers_descendants,
        "valid_from": grant.valid_from.isoformat() if grant.valid_from else None,
        "valid_to": grant.valid_to.isoformat() if grant.valid_to else None,
    }


def grant_values(*, user, unit, role, covers_descendants, valid_from, valid_to, roles=None) -> dict:
    """The rules a grant must keep, for the form and for each imported row."""
    roles = declared_roles() if roles is None else roles
    if not isinstance(user, User) or not isinstance(unit, OrgUnit):
        raise ValidationError(_("请选择人员和单位。"))
    if role not in roles:
        raise ValidationError(_("角色“%(r)s”不是任何已发布流程声明的角色。") % {"r": role})
    if unit.is_retired:
        raise ValidationError(_("“%(u)s”已撤销，不能授权。") % {"u": unit.name})
    if not user.is_active:
        raise ValidationError(_("账号 %(u)s 已停用。") % {"u": user.username})
    for value in (valid_from, valid_to):
        if value is not None and not isinstance(value, dt.date):
            raise ValidationError(_("日期格式应为 YYYY-MM-DD：%(v)s") % {"v": value})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError(_("截止日期不能早于生效日期。"))
    return {
        "user": user,
        "org_unit": unit,
        "role": role,
        "covers_descendants": bool(covers_descendants),
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def grant_save(*, actor, grant: RoleAssignment | None = None, **values) -> RoleAssignment:
    """Create a grant, or change one (its dates and reach; a grant of the
    same role in the same unit to the same person is the same grant)."""
    clean = grant_values(**values)
    if grant is None:
        grant = RoleAssignment.objects.filter(
            user=clean["user"], org_unit=clean["org_unit"], role=clean["role"]
        ).first()
    before = grant_snapshot(grant) if grant else {}
    with transaction.atomic():
        if grant is None:
            grant = RoleAssignment.objects.create(**clean)
        else:
            for name, value in clean.items():
                setattr(grant, name, value)
            grant.save()
        change_record(
            actor=actor,
            action=StudioChange.Action.GRANT,
            obj_type="grant",
            obj_id=grant.pk,
            summary=(_("修改授权 %(g)s") if before else _("授权 %(g)s")) % {"g": grant},
            before=before,
            after=grant_snapshot(grant),
        )
    return grant


def grant_end(*, grant: RoleAssignment, actor, day=None) -> RoleAssignment:
    """End a grant: it counts through yesterday (kept for the record, not
    deleted, so the log and the grant list still show who held what)."""
    day = day or timezone.localdate()
    before = grant_snapshot(grant)
    with transaction.atomic():
        grant.valid_to = day - dt.timedelta(days=1)
        if grant.valid_from and grant.valid_from > grant.valid_to:
            grant.valid_from = grant.valid_to
        grant.save(update_fields=["valid_to", "valid_from"])
        change_record(
            actor=actor,
            action=StudioChange.Action.GRANT,
            obj_type="grant",
            obj_id=grant.pk,
            summary=_("结束授权 %(g)s") % {"g": grant},
            before=before,
            after=grant_snapshot(grant),
        )
    return grant
