"""Inbox writes that are not case transitions: bulk claims (each one a
transition of its own) and delegations while someone is away."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from engine.models import Delegation, RoleAssignment, WorkItem
from engine.roles import policy
from engine.runtime.services import TransitionError, task_claim


def tasks_claim(*, user, task_ids) -> tuple[list, list[str]]:
    """Claim each task on its own (one lock and transaction each), so one
    task taken by a colleague meanwhile does not undo the others.
    Returns (claimed work items, messages for the ones that failed)."""
    wanted = list(dict.fromkeys(task_ids))[:100]
    items = {
        item.task_id: item
        for item in WorkItem.objects.select_related("case__org_unit", "org_unit", "task").filter(
            task_id__in=wanted
        )
    }
    claimed, failures = [], []
    for task_id in sorted(wanted):
        item = items.get(task_id)
        # The same policy as the single claim (casefile.access.visible_item):
        # a task outside the user's scope, or a step that is not a human task
        # (start, end, automatic), is "not available" and nothing more.
        if item is None or not policy.task_reachable_by(user, item):
            failures.append(_("#%(id)s：该任务不可领取。") % {"id": task_id})
            continue
        try:
            claimed.append(task_claim(task=item.task, user=user))
        except (TransitionError, PermissionDenied) as error:
            failures.append(f"#{task_id}: {error}")
    return claimed, failures


def _shares_a_unit(user, delegate) -> bool:
    units = RoleAssignment.objects.current().filter(user=user).values("org_unit_id")
    return RoleAssignment.objects.current().filter(user=delegate, org_unit_id__in=units).exists()


def delegation_create(*, user, delegate, starts, ends) -> Delegation:
    if delegate.pk == user.pk:
        raise ValidationError(_("不能委托给自己。"))
    if ends < starts:
        raise ValidationError(_("结束日期不能早于开始日期。"))
    if not _shares_a_unit(user, delegate):
        raise PermissionDenied(_("只能委托给本单位的同事。"))
    return Delegation.objects.create(user=user, delegate=delegate, starts=starts, ends=ends)


def delegation_delete(*, user, delegation_id: int) -> None:
    deleted, _count = Delegation.objects.filter(pk=delegation_id, user=user).delete()
    if not deleted:
        raise PermissionDenied(_("没有这条委托。"))
