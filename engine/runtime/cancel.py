"""Cancelling from the definition: an action's `cancel:` (named steps, or a
split's whole region) and case events (`events:`, e.g. withdraw), which
cancel what is open and route the case to a step, usually an end.

Tasks are cancelled through their viewflow activations, so the tokens a
join counts stay right; a join left waiting only for what was cancelled is
then completed here (viewflow looks at a join only when a branch arrives)."""

from __future__ import annotations

from viewflow.workflow.activation import _can_cancel
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from .instances import step_of_node

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def region_of(bundle, split_id: str) -> set[str]:
    """The steps between a split and its join (the join excluded)."""
    split = bundle.steps[split_id]
    join = split.get("join")
    seen, todo = set(), list(split.get("branches") or [])
    while todo:
        name = todo.pop()
        if name == join or name in seen or name not in bundle.steps:
            continue
        seen.add(name)
        todo.extend(_next_steps(bundle.steps[name]))
    return seen


def _next_steps(step) -> list[str]:
    found = [outcome["next"] for outcome in step.get("outcomes") or []]
    for key in ("next", "default", "passed", "failed"):
        if step.get(key):
            found.append(step[key])
    if step["type"] == "decision":
        found += [branch["next"] for branch in step.get("branches") or []]
    if step["type"] == "split":
        found += list(step.get("branches") or [])
    return found


def _open_tasks(case, names=None, exclude=None):
    tasks = [
        task
        for task in Task.objects.filter(process_id=case.pk, status__in=OPEN).order_by("pk")
        if task.flow_task is not None and (names is None or step_of_node(task.flow_task.name) in names)
    ]
    if exclude is not None:
        tasks = [task for task in tasks if task.pk != exclude.pk]
    for task in tasks:
        task.process = case
    return tasks


def _cancel(tasks) -> list:
    activations = []
    for task in tasks:
        activation = task.flow_task.activation_class(task)
        if _can_cancel(activation):
            activation.cancel()
            activations.append(activation)
    return activations


def steps_cancel(*, case, bundle, names, running=None) -> list[str]:
    """Cancel the open tasks of the named steps (a split stands for its
    region); then let any join that now waits for nothing continue. Returns
    the names of the steps cancelled. `running` is the action's own task."""
    wanted = set()
    for name in names:
        step = bundle.steps.get(name)
        if step is not None and step["type"] == "split":
            wanted |= region_of(bundle, name)
        else:
            wanted.add(name)
    cancelled = _cancel(_open_tasks(case, wanted, exclude=running))
    if cancelled:
        joins_settle(case)
    return sorted({activation.task.flow_task.name for activation in cancelled})


def joins_settle(case):
    """A join some of whose branches were cancelled may have nothing left to
    wait for: complete it and start what follows, as an arrival would."""
    for task in Task.objects.filter(process_id=case.pk, flow_task_type="JOIN", status__in=OPEN):
        task.process = case
        activation = task.flow_task.activation_class(task)
        if activation.task.previous.exists() and activation.is_done() and activation.complete.can_proceed():
            activation.complete()
            activation.activate_next()


def case_route(*, case, target: str):
    """Cancel everything open in the case and start `target` (an event's
    `next`). The new task hangs off the last cancelled one, so the trail
    says where the case was when it left."""
    from .compiler import flow_class_of

    activations = _cancel(_open_tasks(case))
    node = flow_class_of(case.version).instance.node(target)
    if not activations:
        return []
    source = activations[-1]
    following = node._create(prev_activation=source, token=Token("start"))
    source._activate_next({following})
    return [activation.task.flow_task.name for activation in activations]
