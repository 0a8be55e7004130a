"""Case events (`events:` in a definition): something the applicant or staff
may do at any time while the case is at certain steps, such as withdrawing
before the committee meets. Raising one cancels everything open and sends
the case to the event's `next` step (deferred choice, cancel case,
milestone: the event exists only while the case is at its `during` steps)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from engine.models import Case
from engine.roles.backends import holds_role

from .audit import event_record
from .cancel import OPEN, case_route
from .compiler import flow_class_of
from .instances import step_of_node
from .services import TransitionError, _locked
from .versions import version_bundle
from .workitems import reconcile

APPLICANT = "applicant"


def _current_steps(case) -> set[str]:
    from viewflow.workflow.models import Task

    return {
        step_of_node(task.flow_task.name)
        for task in Task.objects.filter(process_id=case.pk, status__in=OPEN)
        if task.flow_task is not None
    }


def _may_raise(user, case, event, bundle) -> bool:
    if not user.is_authenticated:
        return False
    for who in event["by"]:
        if who == APPLICANT or bundle.roles.get(who, {}).get("applicant"):
            if case.applicant_id == user.pk:
                return True
        elif holds_role(user, who, case.org_unit):
            return True
    return False


def events_available(case, user, *, bundle=None) -> list[dict]:
    """The events `user` may raise on `case` now (normalised definitions)."""
    if case.status in ("DONE", "CANCELED"):
        return []
    bundle = bundle or version_bundle(case.version)
    events = bundle.definition.get("events") or []
    if not events:
        return []
    current = _current_steps(case)
    return [
        event
        for event in events
        if current.intersection(event["during"]) and _may_raise(user, case, event, bundle)
    ]


def case_event(*, case, user, event: str, comment: str = "") -> Case:
    """Raise `event` on `case` as `user`: refused with a message when it is
    not offered now or to this user, or lacks a required comment."""
    flow_class = flow_class_of(case.version)
    with _locked(case.pk, flow_class):
        case = Case.objects.select_related("version", "org_unit").get(pk=case.pk)
        bundle = version_bundle(case.version)
        spec = next((e for e in bundle.definition.get("events") or [] if e["id"] == event), None)
        if spec is None:
            raise TransitionError(_("无效的操作：%(event)s") % {"event": event})
        if spec not in events_available(case, user, bundle=bundle):
            if case.status in ("DONE", "CANCELED"):
                raise TransitionError(_("该案件已办结。"))
            if not _current_steps(case).intersection(spec["during"]):
                raise TransitionError(_("案件已过了可以“%(label)s”的阶段。") % {"label": spec["label"]["zh"]})
            raise PermissionDenied(_("您不能对该案件执行“%(label)s”。") % {"label": spec["label"]["zh"]})
        if spec["comment"] == "required" and not (comment or "").strip():
            raise TransitionError(_("“%(label)s”必须填写原因。") % {"label": spec["label"]["zh"]})
        case.data[f"{event}_event"] = True
        case.save(update_fields=["data"])
        cancelled = case_route(case=case, target=spec["next"])
        event_record(
            case=case,
            action="event",
            actor=user,
            step=spec["next"],
            outcome=event,
            comment=comment,
            changes={"_cancelled": cancelled},
            bundle=bundle,
        )
        reconcile(case, bundle)
    return Case.objects.get(pk=case.pk)
