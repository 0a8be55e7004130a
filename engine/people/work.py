"""Open tasks that depend on a unit or a grant about to be retired, the
people who could take them over, and handing them over through the
engine's own reassign service (one transition, lock and audit record each)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from engine.models import Case, OrgUnit, RoleAssignment, User, WorkItem
from engine.models.cases import OPEN_STATUSES
from engine.runtime.services import TransitionError, task_reassign
from engine.runtime.transfer import case_transfer
from engine.studio.audit import change_record
from engine.studio.models import StudioChange


def _reach(grant: RoleAssignment):
    unit = grant.org_unit
    return Q(org_unit__path__startswith=unit.path) if grant.covers_descendants else Q(org_unit=unit)


def _holders(role: str, unit: OrgUnit, grants) -> set[int]:
    ancestors = [int(part) for part in unit.path.strip("/").split("/") if part]
    return {
        g.user_id
        for g in grants
        if g.role == role
        and g.org_unit_id in ancestors
        and (g.org_unit_id == unit.pk or g.covers_descendants)
    }


def _remaining_grants(exclude: Q):
    return list(
        RoleAssignment.objects.current()
        .filter(user__is_active=True)
        .exclude(exclude)
        .select_related("org_unit")
    )


def grant_dependents(grant: RoleAssignment) -> list[WorkItem]:
    """Open tasks the grant's holder has claimed under it, and queued tasks
    only this grant lets anyone claim."""
    items = list(
        WorkItem.objects.filter(_reach(grant), role=grant.role, status__in=OPEN_STATUSES)
        .filter(Q(owner=grant.user) | Q(status="NEW"))
        .select_related("org_unit", "owner")
        .order_by("created")
    )
    others = _remaining_grants(Q(pk=grant.pk))
    return [
        item
        for item in items
        if item.owner_id == grant.user_id or not _holders(item.role, item.org_unit, others)
    ]


def unit_dependents(unit: OrgUnit) -> list[WorkItem]:
    """Every open task of the unit's own cases: once the unit is retired,
    only grants from above that cover it still reach them."""
    return list(
        WorkItem.objects.filter(org_unit=unit, status__in=OPEN_STATUSES)
        .select_related("org_unit", "owner")
        .order_by("created")
    )


def takeover_candidates(items, *, exclude: Q) -> list[User]:
    """People who would still hold the role of at least one of the tasks
    once the grants matched by `exclude` stop counting."""
    grants = _remaining_grants(exclude)
    ids = set()
    for item in items:
        ids |= _holders(item.role, item.org_unit, grants)
    return list(User.objects.filter(pk__in=ids).order_by("display_name", "username"))


def grant_exclusion(grant: RoleAssignment) -> Q:
    return Q(pk=grant.pk)


def unit_exclusion(unit: OrgUnit) -> Q:
    return Q(org_unit=unit)


def tasks_reassign(*, items, to_user: User, actor, reason: str) -> tuple[int, list[str]]:
    """Hand each task to `to_user` through the engine's reassign service.
    Returns (number moved, messages for those refused, e.g. a task whose
    role `to_user` does not hold)."""
    moved, failures = 0, []
    for item in items:
        try:
            task_reassign(task=item.task, user=actor, to_user=to_user, comment=reason)
        except (TransitionError, PermissionDenied) as error:
            failures.append(f"{item.case_number} · {item.step_title}: {error}")
        else:
            moved += 1
    if moved:
        change_record(
            actor=actor,
            action=StudioChange.Action.REASSIGN,
            obj_type="user",
            obj_id=to_user.pk,
            summary=_("%(n)d 项在办任务转给 %(u)s：%(r)s") % {"n": moved, "u": to_user, "r": reason},
            after={"to": to_user.username, "moved": moved, "refused": failures},
        )
    return moved, failures


def open_cases(unit: OrgUnit):
    return Case.objects.filter(org_unit=unit).exclude(status__in=["DONE", "CANCELED"]).order_by("pk")


def cases_transfer(*, unit: OrgUnit, to_unit: OrgUnit, actor, reason: str) -> tuple[int, list[str]]:
    """Move every running case of `unit` to `to_unit` through the engine's
    transfer service (one lock and audit event per case)."""
    moved, failures = 0, []
    for case in open_cases(unit):
        try:
            case_transfer(case=case, to_unit=to_unit, actor=actor, reason=reason)
        except (TransitionError, PermissionDenied) as error:
            failures.append(f"{case.number}: {error}")
        else:
            moved += 1
    if moved:
        change_record(
            actor=actor,
            action=StudioChange.Action.REASSIGN,
            obj_type="unit",
            obj_id=unit.pk,
            summary=_("%(n)d 件在办案件从 %(a)s 移交给 %(b)s：%(r)s")
            % {"n": moved, "a": unit.name, "b": to_unit.name, "r": reason},
            before={"unit": unit.code},
            after={"unit": to_unit.code, "moved": moved, "refused": failures},
        )
    return moved, failures
