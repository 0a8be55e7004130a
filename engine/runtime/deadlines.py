"""The periodic job (`manage.py workflows tick`, from cron or Celery beat):
reminders before deadlines, escalation when they are missed, closing votes
whose deadline passed, and waking wait steps whose time has come."""

from __future__ import annotations

from django.utils import timezone
from viewflow.workflow.models import Task

from engine.models import Case, WorkItem
from engine.roles.backends import role_permission
from engine.roles.units import unit_for_task

from .audit import event_record
from .compiler import WaitNode, flow_class_of
from .notices import Notice
from .notify import notify_target, notify_users, role_holders
from .services import _load, _locked
from .versions import version_bundle
from .workitems import reconcile

OPEN = ("NEW", "ASSIGNED")


def _about(case, step, fallback):
    """Notice parameters naming the case and the step; the step's title is
    kept whole ({'zh', 'en'}) so each reader sees their own language."""
    return {"case": case.title or case.number, "step": step.get("title") or fallback}


def _remind(item, now):
    case = item.case
    flow_class = flow_class_of(case.version)
    with _locked(case.pk, flow_class):
        # The claim: one conditional UPDATE, so of two sweeps running at once
        # (two workers, beat and cron) only one reminds.
        if not WorkItem.objects.filter(pk=item.pk, reminded=False, escalated=False).update(reminded=True):
            return False
        bundle = version_bundle(case.version)
        step = bundle.steps.get(item.step) or {}
        notice = Notice("reminder", {**_about(case, step, item.step_title), "due": item.due_at.isoformat()})
        users = [item.owner] if item.owner_id else role_holders(item.role, item.org_unit)
        notify_users(users, case=case, notice=notice)
        event_record(case=case, action="remind", task=item.task, step=item.step, bundle=bundle)
    return True


def _escalate(item, now):
    """Notify the higher role, or hand the task over to it."""
    case = item.case
    flow_class = flow_class_of(case.version)
    with _locked(case.pk, flow_class):
        task, case = _load(item.task_id)
        # The claim (see _remind); the row is updated in full below.
        if not WorkItem.objects.filter(pk=item.pk, escalated=False, status__in=OPEN).update(escalated=True):
            return False
        bundle = version_bundle(case.version)
        step = bundle.steps[item.step]
        rule = (step.get("deadline") or {}).get("escalate") or {"action": "notify", "role": item.role}
        higher = rule.get("role") or item.role
        about = _about(case, step, item.step_title)
        if rule.get("action") == "reassign" and task.status in OPEN:
            unit = unit_for_task(
                case.org_unit, rule.get("unit") or step.get("unit"), data=case.data, role=higher
            )
            holder = task.owner if task.status == "ASSIGNED" else None
            if holder is not None:
                task.flow_task.activation_class(task).unassign()
                task.refresh_from_db()
                # Never take a claimed task silently: its holder is told.
                role_label = (bundle.definition["roles"].get(higher) or {}).get("label") or higher
                notify_users(
                    [holder], case=case, notice=Notice("escalated_away", {**about, "role": role_label})
                )
            task.owner_permission = role_permission(higher, unit.pk)
            task.save(update_fields=["owner_permission"])
            WorkItem.objects.filter(pk=item.pk).update(role=higher, org_unit=unit, escalated=True, owner=None)
            notify_users(role_holders(higher, unit), case=case, notice=Notice("overdue_reassigned", about))
        else:
            WorkItem.objects.filter(pk=item.pk).update(escalated=True)
            notice = Notice("overdue", about)
            notify_target(higher, case=case, notice=notice, bundle=bundle, where=rule.get("unit"))
        event_record(
            case=case,
            action="escalate",
            task=task,
            step=item.step,
            outcome=rule.get("action", "notify"),
            changes={"role": [item.role, higher]},
            bundle=bundle,
        )
        reconcile(case, bundle)
    return True


def _close_vote(item, now):
    from .votes import vote_close

    case = item.case
    flow_class = flow_class_of(case.version)
    with _locked(case.pk, flow_class):
        task, case = _load(item.task_id)
        if task.status not in OPEN:
            return False
        bundle = version_bundle(case.version)
        vote_close(task, case, None, bundle, bundle.steps[item.step])
    return True


def _wake(task, now):
    case = Case.objects.get(pk=task.process_id)
    flow_class = flow_class_of(case.version)
    bundle = version_bundle(case.version)
    with _locked(case.pk, flow_class):
        task = Task.objects.filter(pk=task.pk, status="NEW").first()
        if task is None:
            return False  # another sweep woke it
        task.flow_task.run(task)
        case.refresh_from_db()
        event_record(case=case, action="wake", task=task, bundle=bundle)
        reconcile(case, bundle)
    return True


def deadlines_tick(*, now=None, stdout=None, case=None) -> dict:
    """One sweep. `now` may be given to simulate the clock (tests, dry runs);
    `case` limits the sweep to one case (the studio's dry run must not touch
    or lock the real cases, even inside a rolled-back transaction)."""
    now = now or timezone.now()
    counts = {"reminded": 0, "escalated": 0, "votes_closed": 0, "woken": 0}
    open_items = WorkItem.objects.select_related("case__version", "org_unit", "task").filter(status__in=OPEN)
    sleeping = Task.objects.filter(status="NEW", scheduled__lte=now).order_by("scheduled")
    if case is not None:
        open_items, sleeping = open_items.filter(case=case), sleeping.filter(process_id=case.pk)
    # Each step below re-checks under the case lock (or claims with a
    # conditional UPDATE), so sweeps running side by side never act twice.
    for item in open_items.filter(remind_at__lte=now, reminded=False, escalated=False):
        counts["reminded"] += _remind(item, now)
    for item in open_items.filter(due_at__lte=now, escalated=False):
        if version_bundle(item.case.version).steps[item.step]["type"] == "vote":
            counts["votes_closed"] += _close_vote(item, now)
        else:
            counts["escalated"] += _escalate(item, now)
    for task in sleeping:
        if isinstance(task.flow_task, WaitNode):
            counts["woken"] += _wake(task, now)
    if stdout:
        stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
    return counts
