"""Moving a running case to another unit (when its unit is retired or merged):
the case's unit changes, each open task is looked up again in the new unit
(its step's `unit:` rule applied to the new case unit), a claimed task whose
holder has no role there goes back to the queue, and the case records it.
One transaction under viewflow's lock, like every transition."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from engine.models import Case, OrgUnit, WorkItem
from engine.models.cases import OPEN_STATUSES
from engine.roles.backends import holds_role, role_permission
from engine.roles.policy import is_process_admin
from engine.roles.units import unit_for_task

from .audit import event_record
from .compiler import flow_class_of
from .services import TransitionError, _locked
from .versions import version_bundle


def case_transfer(*, case: Case, to_unit: OrgUnit, actor, reason: str = "") -> Case:
    if not is_process_admin(actor):
        raise PermissionDenied(_("只有管理员可以把案件移交给其他单位。"))
    if to_unit.is_retired:
        raise TransitionError(_("“%(u)s”已撤销。") % {"u": to_unit.name})
    flow_class = flow_class_of(case.version)
    with _locked(case.pk, flow_class):
        case = Case.objects.select_related("org_unit", "version").get(pk=case.pk)
        if case.status in ("DONE", "CANCELED"):
            raise TransitionError(_("该案件已办结。"))
        old = case.org_unit
        if old.pk == to_unit.pk:
            return case
        bundle = version_bundle(case.version)
        case.org_unit = to_unit
        case.updated_at = timezone.now()
        case.save(update_fields=["org_unit", "updated_at"])
        returned = []
        for item in WorkItem.objects.filter(case=case, status__in=OPEN_STATUSES).select_related(
            "task", "owner"
        ):
            if not item.role:
                continue  # assigned to a named person, not to a role of a unit
            unit = unit_for_task(to_unit, bundle.steps.get(item.step, {}).get("unit"))
            task = item.task
            task.owner_permission = role_permission(item.role, unit.pk)
            fields = ["owner_permission"]
            if task.owner_id and not holds_role(item.owner, item.role, unit):
                returned.append(str(item.owner))
                task.owner, task.status, task.assigned = None, "NEW", None
                fields += ["owner", "status", "assigned"]
            task.save(update_fields=fields)
            item.org_unit, item.owner, item.status = unit, task.owner, task.status
            item.save(update_fields=["org_unit", "owner", "status"])
        event_record(
            case=case,
            action="transfer",
            actor=actor,
            comment=reason,
            bundle=bundle,
            changes={"org_unit": [old.name, to_unit.name], **({"returned": returned} if returned else {})},
        )
    return case
