"""Services: every write to a case goes through here (views, API, demo data,
tests and benchmarks alike). Each transition is one database transaction
under viewflow's process lock and writes an audit record."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from engine.expressions import ExpressionError
from engine.models import Case, User, WorkItem
from engine.roles import policy
from engine.roles.backends import holds_role

from .allocation import claim_refusal
from .audit import event_record, record_pending, recorded_first
from .casedata import merge_answers, recompute
from .compiler import flow_class_of
from .failures import decision_failure_record
from .instances import ITEM_SUFFIX, instance_result, step_of_node
from .intake import receiving_unit
from .outcomes import OutcomeNotAllowed, check_allowed
from .sequences import case_number
from .uniqueness import unique_guard
from .versions import version_bundle
from .workitems import item_sync, reconcile


class TransitionError(Exception):
    """A transition that cannot happen now; the message is for the user."""


@contextmanager
def _locked(case_pk: int, flow_class):
    # viewflow's order: lock first, then the transaction, so the lock (a row
    # lock on PostgreSQL) is held until commit. The inner block needs no
    # savepoint of its own: any error rolls the whole transition back.
    with transaction.atomic(), flow_class.lock(case_pk), transaction.atomic(savepoint=False):
        yield


def _load_item(task_pk: int):
    """The task, its case and its work item in one query (under the lock)."""
    item = WorkItem.objects.select_related("task", "org_unit", "case__version", "case__org_unit").get(
        task_id=task_pk
    )
    task, case = item.task, item.case
    # viewflow's activations use task.process (coerced to Case): hand them
    # the Case just loaded instead of a second query for it.
    task.process = case
    return task, case, item


def _load(task_pk: int):
    task, case, _item = _load_item(task_pk)
    return task, case


def _lock_target(task):
    """The case to lock and the Flow class whose lock to take. A task loaded
    from the database names its node, and the node its Flow class, so no
    query is needed; the lock itself is a row lock on the case, and
    everything is re-read under it."""
    node = task.flow_task if isinstance(task, Task) else None
    if node is not None and task.process_id:
        return task.process_id, node.flow_class
    return _flow_class_of_task(task.pk)


def _flow_class_of_task(task_pk: int):
    """The Flow class a task's case runs on, in one query (for callers that
    hand over a bare task id)."""
    case = (
        Case.objects.select_related("version__definition")
        .only("version__number", "version__definition__key")
        .get(task__pk=task_pk)
    )
    return case.pk, flow_class_of(case.version)


def _searchable(data: dict, bundle, start_form: str | None):
    """Applicant name and ID number for the inbox search, from the start form's
    `name` field and its first id_number field."""
    id_field = (
        next(
            (f["name"] for f in bundle.form_fields(start_form) if f.get("type") == "id_number"),
            None,
        )
        if start_form
        else None
    )
    return str(data.get("name") or "")[:64], str(data.get(id_field) or "")[:18] if id_field else ""


def case_start(*, version, applicant, data: dict, org_unit=None, actor=None) -> Case:
    """Start a case. Without `org_unit` the receiving unit is found as the
    definition's `intake:` says (IntakeRefused when none fits); callers
    that name a unit (tests, benchmarks, simulations) file it there."""
    bundle = version_bundle(version)
    if org_unit is None:
        org_unit = receiving_unit(bundle, applicant=applicant, data=data)
    flow_class = flow_class_of(version)
    start_step = next(step for step in bundle.steps.values() if step["type"] == "start")
    applicant_name, id_number = _searchable(data, bundle, start_step.get("form"))
    applicant_name = applicant_name or (applicant.display_name if applicant else "")

    first = recorded_first(
        action="start",
        actor=actor or applicant,
        step=start_step["id"],
        bundle=bundle,
        changes={name: [None, value] for name, value in data.items()},
    )
    # The start event is announced before viewflow creates the case, so that it
    # comes before the automatic steps that creation runs (seq 1).
    with transaction.atomic(), first:
        unique_guard(bundle, data)  # DuplicateCase when an open case holds the same values
        case = flow_class.instance.node(start_step["id"]).run(
            _process_data=dict(data),
            version=version,
            process_key=bundle.key,
            org_unit=org_unit,
            applicant=applicant,
            number=case_number(process_key=bundle.key),
            title=_case_title(bundle, data, applicant_name),
            applicant_name=applicant_name,
            id_number=id_number,
        )
        record_pending(case)
        reconcile(case, bundle)
    return case


def _case_title(bundle, data, applicant_name):
    from .casedata import format_text
    from .labels import text

    template = bundle.definition.get("case_title")
    if template:
        return format_text(str(template), type("C", (), {"data": data, "number": ""})())[:255]
    return f"{applicant_name} · {text(bundle.definition.get('title'), 'zh')}"[:255]


def task_claim(*, task, user) -> WorkItem:
    case_pk, flow_class = _lock_target(task)
    with _locked(case_pk, flow_class):
        task, case, item = _load_item(task.pk)
        if task.status != "NEW":
            holder = task.owner.display_name or task.owner.username if task.owner else ""
            raise TransitionError(
                _("该任务已被 %(holder)s 领取。") % {"holder": holder} if holder else _("该任务已不可领取。")
            )
        bundle = version_bundle(case.version)
        _refuse_by_claim_rules(item, user, bundle)
        if not policy.task_claimable_by(user, item):
            raise PermissionDenied(_("您没有领取该任务的权限。"))
        task.flow_task.activation_class(task).assign(user)
        event_record(case=case, action="claim", actor=user, task=task, bundle=bundle)
        item_sync(case, item, task)
    return item


def _refuse_by_claim_rules(item, user, bundle, *, claiming=True):
    """Four-eyes and one-at-a-time (the step's claim rules), with the reason."""
    refusal = claim_refusal(item, user, bundle, claiming=claiming)
    if refusal:
        raise TransitionError(refusal)


def task_unclaim(*, task, user) -> WorkItem:
    case_pk, flow_class = _lock_target(task)
    with _locked(case_pk, flow_class):
        task, case, item = _load_item(task.pk)
        if task.status != "ASSIGNED":
            raise TransitionError(_("该任务当前未被领取。"))
        if not policy.task_reassignable_by(user, item):
            raise PermissionDenied(_("您不能把该任务放回队列。"))
        task.flow_task.activation_class(task).unassign()
        bundle = version_bundle(case.version)
        event_record(case=case, action="unclaim", actor=user, task=task, bundle=bundle)
        item_sync(case, item, task)
    return item


def task_reassign(*, task, user, to_user: User, comment: str = "") -> WorkItem:
    case_pk, flow_class = _lock_target(task)
    with _locked(case_pk, flow_class):
        task, case, item = _load_item(task.pk)
        if task.status not in ("NEW", "ASSIGNED"):
            raise TransitionError(_("该任务已办结，不能转办。"))
        if not policy.task_reassignable_by(user, item) and not (
            task.status == "NEW" and policy.task_claimable_by(user, item)
        ):
            raise PermissionDenied(_("您不能转办该任务。"))
        if item.role and not holds_role(to_user, item.role, item.org_unit):
            raise TransitionError(_("%(user)s 不具备办理该任务的角色。") % {"user": to_user})
        bundle = version_bundle(case.version)
        _refuse_by_claim_rules(item, to_user, bundle)
        activation = task.flow_task.activation_class(task)
        if task.status == "NEW":
            activation.assign(to_user)
        else:
            activation.reassign(to_user)
        event_record(
            case=case,
            action="reassign",
            actor=user,
            task=task,
            comment=comment,
            bundle=bundle,
            changes={"owner": [str(item.owner or ""), str(to_user)]},
        )
        item_sync(case, item, task)
    return item


def _check_outcome(step, outcome, comment):
    options = {option["id"]: option for option in step.get("outcomes", [])}
    if outcome not in options:
        raise TransitionError(_("无效的办理结果：%(outcome)s") % {"outcome": outcome})
    if options[outcome].get("comment") == "required" and not (comment or "").strip():
        raise TransitionError(_("选择“%(label)s”时必须填写意见。") % {"label": outcome})


def _finish_task(task, case, user, *, data_key, value, answers, comment, action, bundle, item=None):
    """Start (if needed), write the results into the case, and let viewflow
    complete the task and activate what follows. `item` is the task's work
    item when the caller holds it (its result is then written with the
    status change, in one statement)."""
    activation = task.flow_task.activation_class(task)
    if task.status == "NEW":
        activation.assign(user)
    activation.start(None)
    case = activation.process
    step = bundle.steps.get(step_of_node(task.flow_task.name))
    if step is not None and step.get("for_each") and task.flow_task.name.endswith(ITEM_SUFFIX):
        # One instance of a for_each task: its answers stay with its item.
        instance_result(case, step, task, value, answers)
        changes = {f"{step['id']}_items": [None, (task.data or {}).get("index")]}
    else:
        changes = merge_answers(case, answers)
        case.data[data_key] = value
    changes.update({name: [None, v] for name, v in recompute(case, bundle).items()})
    # Only viewflow's table: the case summary (updated_at included) is
    # written once by reconcile() below.
    case.save(update_fields=["data"])
    task.data = {"answers": answers, "outcome": value, "comment": comment}
    # The decision is recorded before viewflow runs what it triggers, so the
    # automatic steps follow it in the audit chain (causal order).
    event_record(
        case=case,
        action=action,
        actor=user,
        task=task,
        outcome=value,
        comment=comment,
        changes=changes,
        bundle=bundle,
    )
    activation.execute()
    if item is None:
        WorkItem.objects.filter(task=task).update(completed_by=user, outcome=str(value))
    else:
        item.completed_by, item.outcome = user, str(value)
    reconcile(case, bundle, result_of=item)
    return case


class DecisionDataError(TransitionError):
    """A decision that the case data made fail (an expression that could not
    be evaluated): rolled back, logged for the administrator, and shown to
    the member of staff as a message, never as a server error."""


def task_complete(*, task, user, outcome: str, data: dict | None = None, comment: str = "") -> Case:
    try:
        return _task_complete(task=task, user=user, outcome=outcome, data=data, comment=comment)
    except ExpressionError as error:
        # The transaction has rolled back by now; record the failure on its own.
        label = decision_failure_record(task=task, user=user, outcome=outcome, error=error)
        raise DecisionDataError(
            _("按当前填写的内容无法办理“%(outcome)s”（%(error)s）。未作任何更改，已记录供管理员查看。")
            % {"outcome": label, "error": error}
        ) from error


def _task_complete(*, task, user, outcome: str, data: dict | None = None, comment: str = "") -> Case:
    case_pk, flow_class = _lock_target(task)
    with _locked(case_pk, flow_class):
        task, case, item = _load_item(task.pk)
        bundle = version_bundle(case.version)
        step = bundle.steps[item.step]
        if task.status not in ("NEW", "ASSIGNED"):
            raise TransitionError(_("该任务已办结或已取消。"))
        _refuse_by_claim_rules(item, user, bundle, claiming=task.status == "NEW")
        allowed = policy.task_executable_by(user, item) or (
            task.status == "NEW" and policy.task_claimable_by(user, item)
        )
        if not allowed:
            raise PermissionDenied(_("该任务不在您的待办中。"))
        if step["type"] != "task":
            raise TransitionError(_("该步骤需要投票办理。"))
        _check_outcome(step, outcome, comment)
        try:
            check_allowed(step, outcome, {**case.data, **(data or {})}, bundle)
        except OutcomeNotAllowed as refused:
            raise TransitionError(str(refused)) from refused
        return _finish_task(
            task,
            case,
            user,
            data_key=f"{step['id']}_outcome",
            value=outcome,
            answers=data or {},
            comment=comment,
            action="complete",
            bundle=bundle,
            item=item,
        )


def case_cancel(*, case, user, reason: str = "", status: str = "withdrawn") -> Case:
    flow_class = flow_class_of(case.version)
    if not (user.is_superuser or case.applicant_id == user.pk or policy.case_actable_by(user, case)):
        raise PermissionDenied(_("您不能撤销该案件。"))
    if case.status in ("DONE", "CANCELED"):
        raise TransitionError(_("该案件已办结。"))
    with transaction.atomic():
        flow_class.instance.cancel(case)
        case.refresh_from_db()
        case.final_status = status
        case.stage = _("已撤销")
        case.save(update_fields=["final_status", "stage"])
        bundle = version_bundle(case.version)
        event_record(case=case, action="cancel", actor=user, comment=reason, bundle=bundle)
        WorkItem.objects.filter(case=case, status__in=["NEW", "ASSIGNED", "STARTED"]).update(
            status="CANCELED", finished=timezone.now()
        )
    return case
