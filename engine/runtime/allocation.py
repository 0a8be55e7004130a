"""Claim rules of a task step (resource patterns):

- `not_by: [steps]` four-eyes: whoever did one of those steps in this case
  may not take the task; it is left out of their queue and a claim by them
  is refused with a message.
- `same_as: step` retain familiar: the task goes straight to whoever did that
  step (`previous`: whoever finished the task that led here), when that
  person still holds the role in the task's unit.
- `allocate: round_robin | shortest_queue`: the task goes to one holder of
  the role instead of waiting in the shared queue.
- `interleave: group`: of the case's tasks in one group only one is held at
  a time (interleaved parallel routing).

Applied by reconcile() to the tasks a transition creates, before they are
announced, so the chosen person gets the "task for you" notice."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from engine.models import OrgUnit, User, WorkItem
from engine.roles.backends import holds_role

from .labels import text
from .notify import role_holders

HELD = ("ASSIGNED", "STARTED")


def _doers(case, steps, result_of) -> dict:
    """{user id: step} of who completed the given steps in this case."""
    found = {}
    rows = WorkItem.objects.filter(case=case, step__in=steps, completed_by__isnull=False)
    for step, user_id in rows.values_list("step", "completed_by_id"):
        found[user_id] = step
    if result_of is not None and result_of.step in steps and result_of.completed_by_id:
        found[result_of.completed_by_id] = result_of.step
    return found


def barred_ids(case, step, result_of=None) -> set[int]:
    if not step.get("not_by"):
        return set()
    return set(_doers(case, step["not_by"], result_of))


def _familiar(case, step, result_of):
    name = step.get("same_as")
    if not name:
        return None
    if name == "previous":
        return result_of.completed_by_id if result_of is not None else None
    if result_of is not None and result_of.step == name and result_of.completed_by_id:
        return result_of.completed_by_id
    row = (
        WorkItem.objects.filter(case=case, step=name, completed_by__isnull=False)
        .order_by("-finished", "-pk")
        .values_list("completed_by_id", flat=True)
        .first()
    )
    return row


def _holders(item, unit, barred):
    return sorted(
        (user for user in role_holders(item.role, unit) if user.is_active and user.pk not in barred),
        key=lambda user: user.pk,
    )


def _round_robin(item, unit, barred):
    holders = _holders(item, unit, barred)
    if not holders:
        return None
    last = (
        WorkItem.objects.filter(
            process_key=item.process_key, step=item.step, org_unit_id=item.org_unit_id, owner__isnull=False
        )
        .order_by("-created", "-pk")
        .values_list("owner_id", flat=True)
        .first()
    )
    later = [user for user in holders if last is not None and user.pk > last]
    return (later or holders)[0]


def _shortest_queue(item, unit, barred):
    holders = _holders(item, unit, barred)
    if not holders:
        return None
    loads = dict(
        WorkItem.objects.filter(owner__in=holders, status__in=HELD)
        .values("owner")
        .annotate(n=Count("pk"))
        .values_list("owner", "n")
    )
    return min(holders, key=lambda user: (loads.get(user.pk, 0), user.pk))


def owner_for(case, item, step, barred, result_of=None):
    """The user a new task goes to, or None for the role's queue."""
    if step["type"] != "task" or not item.role:
        return None
    unit = item.org_unit if item.org_unit_id == getattr(item.org_unit, "pk", None) else None
    unit = unit or OrgUnit.objects.get(pk=item.org_unit_id)
    familiar = _familiar(case, step, result_of)
    if familiar and familiar not in barred:
        user = User.objects.filter(pk=familiar).first()
        if user is not None and holds_role(user, item.role, unit):
            return user
    allocate = step.get("allocate", "queue")
    if allocate == "round_robin":
        return _round_robin(item, unit, barred)
    if allocate == "shortest_queue":
        return _shortest_queue(item, unit, barred)
    return None


def allocate_new(case, bundle, new_items, result_of=None):
    """Apply the claim rules to a transition's new (unsaved) work items: set
    owners on them and their tasks; return {item: barred ids} to store once
    the items exist."""
    bars = {}
    for item, step in new_items:
        if step["type"] != "task":
            continue
        barred = barred_ids(case, step, result_of)
        if barred:
            bars[item] = barred
        owner = owner_for(case, item, step, barred, result_of)
        if owner is not None:
            task = item.task
            task.owner, task.status = owner, "ASSIGNED"
            task.save(update_fields=["owner", "status"])
            item.owner, item.status = owner, "ASSIGNED"
    return bars


def bars_store(bars):
    if not bars:
        return
    through = WorkItem.barred.through
    through.objects.bulk_create(
        [through(workitem_id=item.pk, user_id=user_id) for item, ids in bars.items() for user_id in ids]
    )


def claim_refusal(item, user, bundle, *, claiming: bool = True) -> str | None:
    """Why `user` may not take `item` under the step's claim rules, or None.
    One-at-a-time applies when the task is taken (`claiming`), not when a
    task already held is finished."""
    step = bundle.steps.get(item.step) or {}
    if step.get("not_by"):
        done = _doers(item.case, step["not_by"], None)
        if user.pk in done:
            title = text(bundle.steps[done[user.pk]].get("title")) or done[user.pk]
            return _(
                "按照“不相容岗位分离”（四眼原则），您已办理“%(step)s”，不能再办理本任务，请由其他同事办理。"
            ) % {"step": title}
    group = step.get("interleave")
    if group and claiming:
        same_group = [name for name, spec in bundle.steps.items() if spec.get("interleave") == group]
        held = (
            WorkItem.objects.filter(case_id=item.case_id, step__in=same_group, status__in=HELD)
            .exclude(pk=item.pk)
            .select_related("owner")
            .first()
        )
        if held is not None:
            holder = held.owner.display_name or held.owner.username if held.owner else ""
            return _(
                "“%(step)s”正在由 %(holder)s 办理，同一组的任务一次只能办理一项，请等它办结后再领取。"
            ) % {
                "step": held.step_title,
                "holder": holder,
            }
    return None
