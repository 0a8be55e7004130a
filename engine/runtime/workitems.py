"""Keeping the inbox index (WorkItem) and the case's summary fields in step
with viewflow's tasks after every transition."""

from django.utils import timezone
from viewflow.workflow.models import Task

from engine.models import OrgUnit, WorkItem
from engine.roles.backends import parse_role_permission

from .allocation import allocate_new, bars_store
from .applicant_notices import progress_notify
from .instances import ITEM_SUFFIX, item_label, step_of_node
from .labels import text
from .notices import Notice
from .notify import notify_in_app, notify_users, role_holders_many
from .signals import work_items_created
from .timing import deadline_for

HUMAN_STEP_TYPES = ("task", "vote")


def _new_item(task, case, step):
    parsed = parse_role_permission(task.owner_permission or "")
    role, unit_id = parsed if parsed else ("", case.org_unit_id)
    due_at, remind_at = deadline_for(step, task.created)
    item = WorkItem(
        task=task,
        case=case,
        process_key=case.process_key,
        step=step["id"],
        step_title=_title(task, step),
        org_unit_id=unit_id,
        role=role,
        status=task.status,
        owner_id=task.owner_id,
        created=task.created,
        due_at=due_at,
        remind_at=remind_at,
        case_number=case.number,
        applicant_name=case.applicant_name,
    )
    return item


def _title(task, step):
    """The step's title; an instance of a `for_each` task names its item."""
    title = text(step.get("title"), "zh") or step["id"]
    if step.get("for_each") and isinstance(task.data, dict) and "item" in task.data:
        label = item_label(task.data["item"])
        title = f"{title} · {label}" if label else f"{title} · {task.data.get('index', 0) + 1}"
    return title[:128]


def _notice_params(case, step):
    # The step title goes in whole ({'zh', 'en'}): each reader sees their language.
    return {"number": case.number, "case": case.title or case.number, "step": step.get("title") or step["id"]}


def _announce(new_items, case):
    """Tell people about a transition's new tasks: an assigned task its owner
    (in-app and email); tasks waiting in role queues every holder of the role
    (in-app), all queues of the transition with one query for the holders and
    one insert."""
    queued = []
    for item, step in new_items:
        if item.owner_id:
            key = "task_applicant" if item.owner_id == case.applicant_id else "task_owner"
            notify_users([item.owner], case=case, notice=Notice(key, _notice_params(case, step)))
        elif item.role:
            queued.append((item, step))
    if not queued:
        return
    units = {case.org_unit_id: case.org_unit}
    missing = {item.org_unit_id for item, _step in queued} - set(units)
    units.update(OrgUnit.objects.in_bulk(missing) if missing else {})
    holders = role_holders_many({(item.role, units[item.org_unit_id]) for item, _step in queued})
    notify_in_app(
        [
            (holders[(item.role, item.org_unit_id)], Notice("task_role", _notice_params(case, step)))
            for item, step in queued
        ],
        case=case,
    )


def reconcile(case, bundle, *, result_of=None):
    """Create WorkItems for new human tasks, copy status changes to existing
    ones, and update the case's stage and final status. `result_of` is the
    work item of the task just completed, with its result (completed_by,
    outcome) set in memory: it is written together with its status."""
    # One query for the tasks and their items (the reverse one-to-one).
    tasks = list(
        Task.objects.filter(process_id=case.pk).select_related("work_item").order_by("created", "pk")
    )
    current_steps, new_items = [], []
    for task in tasks:
        name = task.flow_task.name if task.flow_task else ""
        step = bundle.steps.get(name) or _instance_step(bundle, name)
        if step is not None and step["type"] == "wait" and task.status == "NEW":
            current_steps.append(step)  # a sleeping case shows the wait's stage
        if step is None or step["type"] not in HUMAN_STEP_TYPES:
            continue
        if step.get("for_each") and not name.endswith(ITEM_SUFFIX):
            continue  # the split that opens the instances, not a task
        item = _item_of(task)
        if item is None:
            item = _new_item(task, case, step)
            new_items.append((item, step))
        else:
            if result_of is not None and item.pk == result_of.pk:
                item = result_of
            _item_update(item, task, with_result=item is result_of)
        if item.is_open:
            current_steps.append(step)
    if new_items:
        bars = allocate_new(case, bundle, new_items, result_of=result_of)
        WorkItem.objects.bulk_create([item for item, _step in new_items])
        bars_store(bars)
        _announce(new_items, case)
        work_items_created.send(sender=WorkItem, case=case, items=[item for item, _step in new_items])
    stage_before, final_before = case.stage, case.final_status
    _update_case_summary(case, bundle, tasks, current_steps)
    progress_notify(case, bundle, stage_before=stage_before, final_before=final_before, new_items=new_items)


def _instance_step(bundle, name):
    """`<id>__item` tasks are instances of the `for_each` task <id>."""
    if name.endswith(ITEM_SUFFIX):
        return bundle.steps.get(step_of_node(name))
    return None


def _item_of(task):
    try:
        return task.work_item
    except WorkItem.DoesNotExist:
        return None


def _item_update(item, task, *, with_result=False):
    fields = ["completed_by", "outcome"] if with_result else []
    if (item.status, item.owner_id, item.finished) != (task.status, task.owner_id, task.finished):
        item.status, item.owner_id, item.finished = task.status, task.owner_id, task.finished
        fields += ["status", "owner", "finished"]
    if fields:
        item.save(update_fields=fields)


def item_sync(case, item, task):
    """After a claim, unclaim or reassign: only this task's owner and status
    changed, so copy them to its work item without re-reading the case's
    tasks; the stage stays, the case records the activity."""
    _item_update(item, task)
    case.updated_at = timezone.now()
    case.save(update_fields=["updated_at"])


def _update_case_summary(case, bundle, tasks, current_steps):
    stages = bundle.definition.get("stages") or {}
    ends = [t for t in tasks if t.flow_task and bundle.steps.get(t.flow_task.name, {}).get("type") == "end"]
    if ends and case.status != "DONE":
        # An End reached after a Join finishes the process on the Join task's
        # own copy of it, so this instance may not know yet.
        case.refresh_from_db(fields=["status", "finished"])
    if case.status == "DONE":
        if ends:
            end_step = bundle.steps[ends[-1].flow_task.name]
            case.final_status = end_step.get("status", "")
            case.stage = text(end_step.get("stage"), "zh") or text(end_step.get("title"), "zh") or "已办结"
    elif current_steps:
        step = current_steps[-1]
        case.stage = text(stages.get(step["id"]), "zh") or text(step.get("title"), "zh") or step["id"]
    case.updated_at = timezone.now()
    case.save(update_fields=["final_status", "stage", "updated_at"])
