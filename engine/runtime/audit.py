"""Writing the audit trail."""

from django.utils import timezone

from engine.models import CaseEvent


def event_record(
    *, case, action, actor=None, task=None, step=None, outcome="", comment="", changes=None, bundle=None
):
    from .labels import text

    step_id = step or (task.flow_task.name if task is not None and task.flow_task else "")
    step_spec = bundle.steps.get(step_id, {}) if bundle is not None else {}
    outcome_label = ""
    for option in step_spec.get("outcomes", []) or []:
        if option.get("id") == outcome:
            outcome_label = text(option.get("label"), "zh")
    return CaseEvent.objects.create(
        case=case,
        task=task,
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=timezone.now(),
        step=step_id,
        step_title=text(step_spec.get("title"), "zh") or step_id,
        action=action,
        outcome=str(outcome) if outcome not in (None, "") else "",
        outcome_label=outcome_label,
        comment=comment or "",
        changes=changes or {},
    )
