"""Before publishing: which running cases sit on steps the new version
removes or changes; and moving selected running cases onto another version
of their process when every step they currently sit on still exists there."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.fields import get_flow_ref, get_task_ref
from viewflow.workflow.models import Process, Task

from engine.models import Case, DefinitionVersion, WorkItem
from engine.roles.backends import role_permission
from engine.roles.units import unit_for_task
from engine.runtime.audit import event_record
from engine.runtime.compiler import flow_class_of
from engine.runtime.labels import text
from engine.runtime.timing import deadline_for
from engine.runtime.versions import version_bundle

from .audit import change_record
from .models import StudioChange

FINISHED = ("DONE", "CANCELED")


def _open_tasks(case) -> list[Task]:
    return [
        task
        for task in Task.objects.filter(process_id=case.pk).exclude(status__in=FINISHED).order_by("pk")
        if task.flow_task is not None
    ]


def current_steps(case) -> list[str]:
    """Step ids the case sits on now (open human tasks, waits, joins)."""
    names = []
    for task in _open_tasks(case):
        if task.flow_task.name not in names:
            names.append(task.flow_task.name)
    return names


def running_cases(definition, *, exclude_version=None):
    cases = Case.objects.filter(version__definition=definition).exclude(status__in=FINISHED)
    if exclude_version is not None:
        cases = cases.exclude(version=exclude_version)
    return cases.select_related("version", "org_unit").order_by("version__number", "pk")


def _step_state(step_id, old_bundle, new_bundle) -> str:
    if step_id not in new_bundle.steps:
        return "removed"
    old, new = old_bundle.steps.get(step_id), new_bundle.steps[step_id]
    return "same" if old == new else "changed"


def _steps_by_case(cases) -> dict[int, list[str]]:
    """Current step ids of many cases in one query (the stored node
    reference ends with the step id)."""
    steps: dict[int, list[str]] = {}
    refs = (
        Task.objects.filter(process__in=cases)
        .exclude(status__in=FINISHED)
        .order_by("pk")
        .values_list("process_id", "flow_task")
    )
    for case_id, node in refs:
        name = getattr(node, "name", None) or str(node).rsplit(".", 1)[-1]
        if name not in steps.setdefault(case_id, []):
            steps[case_id].append(name)
    return steps


def publish_impact(draft: DefinitionVersion) -> list[dict]:
    """One row per running case on another version: its current steps, each
    'same' / 'changed' / 'removed' in the draft, and whether it can move."""
    new_bundle = version_bundle(draft)
    cases = list(running_cases(draft.definition, exclude_version=draft))
    steps_of = _steps_by_case(cases)
    rows = []
    for case in cases:
        old_bundle = version_bundle(case.version)
        steps = [(sid, _step_state(sid, old_bundle, new_bundle)) for sid in steps_of.get(case.pk, [])]
        rows.append(
            {
                "case": case,
                "steps": steps,
                "affected": any(state != "same" for _sid, state in steps),
                "movable": bool(steps) and all(state != "removed" for _sid, state in steps),
            }
        )
    return rows


def _check_movable(case, to_version, target_flow):
    if case.version.definition_id != to_version.definition_id:
        raise ValidationError(_("案件 %(n)s 不属于该流程。") % {"n": case.number})
    if case.status in FINISHED:
        raise ValidationError(_("案件 %(n)s 已办结。") % {"n": case.number})
    missing = [
        name for name in current_steps(case) if target_flow.instance.node(name, no_obsolete=True) is None
    ]
    if missing:
        raise ValidationError(
            _("案件 %(n)s 当前所在步骤在新版本中不存在：%(s)s") % {"n": case.number, "s": ", ".join(missing)}
        )


def _retarget_item(item, step, case):
    """The inbox row follows the new version's title, deadline and role."""
    item.step_title = text(step.get("title"), "zh") or step["id"]
    item.due_at, item.remind_at = deadline_for(step, item.created)
    fields = ["step_title", "due_at", "remind_at"]
    if item.status == "NEW" and step.get("role") and not item.escalated:
        unit = unit_for_task(case.org_unit, step.get("unit"), data=case.data, role=step["role"])
        item.role, item.org_unit = step["role"], unit
        Task.objects.filter(pk=item.task_id).update(owner_permission=role_permission(step["role"], unit.pk))
        fields += ["role", "org_unit"]
    item.save(update_fields=fields)


def _move(case, to_version, target_flow, actor):
    bundle = version_bundle(to_version)
    from_number = case.version.number
    for task in _open_tasks(case):
        node = target_flow.instance.node(task.flow_task.name, no_obsolete=True)
        Task.objects.filter(pk=task.pk).update(flow_task=get_task_ref(node))
    Process.objects.filter(pk=case.pk).update(flow_class=get_flow_ref(target_flow))
    Case.objects.filter(pk=case.pk).update(version=to_version)
    for item in WorkItem.objects.filter(case=case).exclude(status__in=FINISHED).select_related("org_unit"):
        _retarget_item(item, bundle.steps[item.step], case)
    case = Case.objects.get(pk=case.pk)
    event_record(
        case=case,
        action="migrate",
        actor=actor,
        bundle=bundle,
        changes={"version": [from_number, to_version.number]},
    )
    return case


@transaction.atomic
def cases_migrate(*, cases, to_version: DefinitionVersion, actor) -> list[Case]:
    """Move each case to `to_version` (all or nothing). Refuses a case whose
    current step does not exist there. One CaseEvent(action='migrate') per
    case and one audit record for the whole move."""
    if to_version.status != DefinitionVersion.Status.PUBLISHED:
        # Drafts still change; a case must only ever run on immutable content.
        raise ValidationError(_("只能迁移到已发布的版本。"))
    target_flow = flow_class_of(to_version)
    moved = []
    for case in cases:
        case = Case.objects.select_for_update().select_related("version").get(pk=case.pk)
        if case.version_id == to_version.pk:
            continue
        _check_movable(case, to_version, target_flow)
        moved.append(_move(case, to_version, target_flow, actor))
    if moved:
        change_record(
            actor=actor,
            action=StudioChange.Action.MIGRATE,
            obj_type="version",
            obj_id=to_version.pk,
            summary=f"{to_version.definition.key}: {len(moved)} 件案件迁移到 v{to_version.number}",
            after={"cases": [c.number for c in moved], "to": to_version.number},
        )
    return moved
