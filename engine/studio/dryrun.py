"""Dry run: a simulated case on any valid version (a draft included), driven
by a script of outcomes with a simulated clock, through the real services,
inside a transaction that is always rolled back. Mail and document rendering
wait for a commit that never comes; files rendered meanwhile are deleted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engine.expressions import ExpressionError
from engine.models import CaseEvent, Notification, WorkItem
from engine.runtime.intake import landing_level
from engine.runtime.labels import text
from engine.runtime.services import TransitionError, case_start, task_complete
from engine.runtime.versions import version_bundle
from engine.runtime.votes import vote_cast

from . import simulation as sim
from .flowcache import flow_class_forget

MAX_WAKES = 20


class ScriptError(Exception):
    pass


def _open_item(case, step_id):
    return (
        WorkItem.objects.select_related("org_unit", "owner", "task")
        .filter(case=case, step=step_id, status__in=["NEW", "ASSIGNED", "STARTED"])
        .first()
    )


def _reach(case, step_id, clock):
    """The open task of `step_id`, letting simulated time pass through wait
    steps on the way (each jump wakes the earliest wait)."""
    for _attempt in range(MAX_WAKES):
        item = _open_item(case, step_id)
        if item is not None:
            return item
        wake = sim.next_wake(case)
        if wake is None:
            break
        sim.tick_case(case, clock.jump_to(wake))
    open_steps = sorted(
        set(WorkItem.objects.filter(case=case, status__in=["NEW", "ASSIGNED"]).values_list("step", flat=True))
    )
    raise ScriptError(
        _("步骤 %(s)s 当前未在办理中（在办：%(o)s）") % {"s": step_id, "o": ", ".join(open_steps) or "-"}
    )


def _play(case, entry, clock):
    if entry.get("after"):
        sim.tick_case(case, clock.advance(str(entry["after"])))
    if "step" not in entry:
        return
    item = _reach(case, str(entry["step"]), clock)
    if "ballots" in entry:
        for n, choice in enumerate(entry["ballots"] or []):
            voter = sim.sim_user(f"{item.role}-{item.org_unit_id}-{n}", role=item.role, unit=item.org_unit)
            vote_cast(task=item.task, user=voter, choice=str(choice))
        return
    task_complete(
        task=item.task,
        user=sim.actor_for(item),
        outcome=str(entry.get("outcome", "")),
        data=entry.get("data") or {},
        comment=str(entry.get("comment") or ""),
    )


def _collect(case, result, clock, last_event_id):
    for event in CaseEvent.objects.filter(case=case, pk__gt=last_event_id).order_by("seq", "pk"):
        result["path"].append(
            {
                "at": clock.now,
                "action": event.action,
                "step": event.step,
                "title": event.step_title,
                "outcome": event.outcome_label or event.outcome,
                "comment": event.comment,
            }
        )
        last_event_id = event.pk
    return last_event_id


def _summary(case, result):
    case.refresh_from_db()
    result.update(final_status=case.final_status, stage=case.stage, status=case.status, data=case.data)
    result["deadlines"] = [
        {
            "step": i.step,
            "title": i.step_title,
            "created": i.created,
            "due_at": i.due_at,
            "remind_at": i.remind_at,
            "reminded": i.reminded,
            "escalated": i.escalated,
            "role": i.role,
        }
        for i in WorkItem.objects.filter(case=case).order_by("created", "pk")
        if i.due_at
    ]
    result["fired"] = [
        p for p in result["path"] if p["action"] in ("remind", "escalate", "vote_closed", "wake")
    ]
    result["open_steps"] = list(
        WorkItem.objects.filter(case=case, status__in=["NEW", "ASSIGNED"]).values_list("step", flat=True)
    )
    result["notifications"] = [
        {"to": str(n.user), "message": n.message}
        for n in Notification.objects.filter(case=case).order_by("pk")
    ]
    from engine.documents.models import Document
    from engine.documents.services import document_render

    docs = list(Document.objects.filter(case=case).order_by("pk"))
    # Rendering waits for a commit that never comes here: render now, without
    # writing files, so the run shows whether each template renders.
    docs = [document_render(document=d, store=False) for d in docs]
    result["documents"] = [
        {"key": d.key, "title": d.title, "number": d.number, "status": d.status} for d in docs
    ]
    return [d.file.name for d in docs if d.file]


def _delete_files(names):
    from engine.documents.models import private_storage

    storage = private_storage()
    for name in names:
        storage.delete(name)


def dry_run(*, version, data: dict, script: list[dict]) -> dict:
    """Play `script` on a simulated case of `version` started with `data`.
    Each entry: {step, outcome, data?, comment?, after?} for a task,
    {step, ballots: [for|against|abstain, ...], after?} for a vote, or
    {after: <duration>} to let simulated time pass. Nothing is kept."""
    if version.errors:
        raise ValidationError(_("有错误的版本不能试运行。"))
    bundle = version_bundle(version)
    result = {"path": [], "error": "", "title": text(bundle.definition.get("title"), "zh")}
    files = []
    flow_class_forget(version)
    try:
        with transaction.atomic():
            try:
                files = _run(version, bundle, data, script, result)
            finally:
                transaction.set_rollback(True)
    finally:
        flow_class_forget(version)
        _delete_files(files)
    return result


def _run(version, bundle, data, script, result):
    clock = sim.Clock()
    result["started_at"] = clock.now
    # The simulated hierarchy has one unit per level: the case is filed in
    # the one at the level the definition's intake lands cases.
    unit = sim.sim_units(landing_level(bundle))
    case = case_start(
        version=version, applicant=sim.sim_user("applicant"), org_unit=unit, data=dict(data or {})
    )
    last = _collect(case, result, clock, 0)
    for number, entry in enumerate(script or [], 1):
        try:
            with transaction.atomic():
                _play(case, dict(entry), clock)
        except (
            ScriptError,
            TransitionError,
            PermissionDenied,
            ValidationError,
            ExpressionError,
            KeyError,
            ValueError,
        ) as exc:
            result["error"] = _("第 %(n)d 步：%(e)s") % {"n": number, "e": exc}
            break
        finally:
            last = _collect(case, result, clock, last)
    result["ended_at"] = clock.now
    return _summary(case, result)
