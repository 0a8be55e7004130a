"""Definition version -> viewflow Flow class.

Each step becomes a viewflow node named after its id; nodes are linked with
`this.<id>` references because viewflow copies nodes when the class is built.
A human task whose outcomes lead to different steps gets a routing Switch
named `<id>__route` (step ids may not contain "__", so no clash). Behaviour
(conditions, actions, who may claim) is closures over the definition data:
nothing here knows a business process."""

from __future__ import annotations

import functools
import re

from django.db import connection
from viewflow import this
from viewflow.workflow import lock, nodes
from viewflow.workflow.base import Flow
from viewflow.workflow.models import Task

from engine.models import Case, DefinitionVersion, ProcessDefinition
from engine.roles.backends import role_permission
from engine.roles.units import unit_for_task

from . import casedata, timing
from .joins import CaseJoin
from .labels import text


def _unmounted_view(request, **kwargs):  # pragma: no cover - never routed
    """Human tasks are worked through engine views, not viewflow's."""
    raise NotImplementedError


class WaitNode(nodes.Handle):
    """A Handle that knows when to wake: `workflows tick` runs it once
    Task.scheduled has passed."""

    def __init__(self, step, bundle):
        super().__init__()
        self._step = step
        self._bundle = bundle

    def _create(self, prev_activation, token, data=None, seed=None):
        activation = super()._create(prev_activation, token, data=data, seed=seed)
        activation.task.scheduled = timing.wake_time(self._step, activation.process, self._bundle)
        activation.task.save(update_fields=["scheduled"])
        return activation


def _link(node, target):
    return node.Next(getattr(this, target))


def _route_by(data_key, value):
    return lambda activation: activation.process.data.get(data_key) == value


def _build_start(step, bundle):
    def start(activation, **case_fields):
        # Called by StartHandle before the process row is saved: fill the
        # Case's own columns and the computed data the first steps may need.
        for name, value in case_fields.items():
            setattr(activation.process, name, value)
        casedata.recompute(activation.process, bundle)
        return activation.process

    return {step["id"]: _link(nodes.StartHandle(start), step["next"])}


def _claim_rule(node, step):
    assignee = step.get("assignee")
    if assignee == "applicant":
        return node.Assign(lambda activation: activation.process.applicant)
    if isinstance(assignee, dict) and assignee.get("field"):
        field = assignee["field"]

        def picked(activation):
            from engine.models import User

            return User.objects.filter(pk=activation.process.data.get(field)).first()

        return node.Assign(picked)
    role, where = step.get("role"), step.get("unit")
    return node.Permission(
        lambda activation: role_permission(
            role,
            unit_for_task(activation.process.org_unit, where, data=activation.process.data, role=role).pk,
        )
    )


def _build_human(step, routes, route_key):
    """A View node, plus a routing Switch when its results diverge."""
    node = _claim_rule(nodes.View(_unmounted_view), step)
    targets = {target for _, target in routes}
    if len(targets) == 1:
        return {step["id"]: _link(node, targets.pop())}
    route_name = f"{step['id']}__route"
    switch = nodes.Switch()
    for value, target in routes:
        switch.Case(getattr(this, target), _route_by(route_key, value))
    return {step["id"]: _link(node, route_name), route_name: switch}


def _build_task(step, bundle):
    if step.get("for_each"):
        return _build_instances(step, bundle)
    routes = [(outcome["id"], outcome["next"]) for outcome in step["outcomes"]]
    return _build_human(step, routes, f"{step['id']}_outcome")


def _build_instances(step, bundle):
    """A task with `for_each:` is three nodes: a split that opens one task per
    item (`<id>__item`, the item in its task data), those tasks, and a join
    (`<id>__join`) that waits for all, n, or none of them before `next`."""
    from .instances import InstanceSplit, instance_join

    step_id, target = step["id"], step["outcomes"][0]["next"]
    item_node = _claim_rule(nodes.View(_unmounted_view), step)
    join = instance_join(step)
    item_node.Next(getattr(this, f"{step_id}__join"))
    if step["instances_wait"]["kind"] != "none":
        join.Next(getattr(this, target))
    split = InstanceSplit(step, bundle, item=getattr(this, f"{step_id}__item"), after=getattr(this, target))
    return {step_id: split, f"{step_id}__item": item_node, f"{step_id}__join": join}


def _build_vote(step, bundle):
    routes = [(True, step["passed"]), (False, step["failed"])]
    return _build_human(step, routes, f"{step['id']}_passed")


def _build_decision(step, bundle):
    switch = nodes.Switch()
    for branch in step.get("branches", []):
        condition = functools.partial(casedata.condition_holds, branch["when"], bundle=bundle)
        switch.Case(getattr(this, branch["next"]), lambda activation, c=condition: c(activation.process))
    switch.Default(getattr(this, step["default"]))
    return {step["id"]: switch}


def _build_split(step, bundle):
    """All branches start, or (multi-choice) those whose `when` holds; the
    `default` branch starts when none of the conditions holds. The join then
    waits for the branches that started (their tasks carry the split's token)."""
    split = nodes.Split()
    conditions = step.get("branch_when") or {}
    default = step.get("default")

    def holds(expression):
        return lambda activation: casedata.condition_holds(expression, activation.process, bundle=bundle)

    def none_holds(activation):
        return not any(holds(expression)(activation) for expression in conditions.values())

    for branch in step["branches"]:
        if branch == default:
            split.Next(getattr(this, branch), case=none_holds)
        elif branch in conditions:
            split.Next(getattr(this, branch), case=holds(conditions[branch]))
        else:
            split.Next(getattr(this, branch))
    return {step["id"]: split}


def _build_join(step, bundle):
    wait = step.get("wait") or {"kind": "all"}
    return {step["id"]: _link(CaseJoin(wait=wait, rest=step.get("rest", "cancel")), step["next"])}


def _build_action(step, bundle):
    from .actions import run_actions

    def runner(activation):
        run_actions(step=step, case=activation.process, task=activation.task, bundle=bundle)

    return {step["id"]: _link(nodes.Function(runner), step["next"])}


def _build_wait(step, bundle):
    return {step["id"]: _link(WaitNode(step, bundle), step["next"])}


def _build_end(step, bundle):
    return {step["id"]: nodes.End()}


BUILDERS = {
    "start": _build_start,
    "task": _build_task,
    "vote": _build_vote,
    "decision": _build_decision,
    "split": _build_split,
    "join": _build_join,
    "action": _build_action,
    "wait": _build_wait,
    "end": _build_end,
}


def _lock_impl():
    # Row lock on the process on PostgreSQL; SQLite is serialised by its
    # IMMEDIATE transactions (see settings), so no extra lock is needed there.
    if connection.vendor == "postgresql":
        return lock.SelectForUpdateLock(nowait=False)
    return lock.no_lock


def compile_flow(version: DefinitionVersion) -> type:
    from .versions import version_bundle

    bundle = version_bundle(version)
    attrs = {
        "__module__": "engine.runtime.flows",
        "__doc__": text(bundle.definition.get("title")),
        "process_class": Case,
        "task_class": Task,
        "lock_impl": _lock_impl(),
        "process_title": text(bundle.definition.get("title")),
        "version_pk": version.pk,
        "process_key": bundle.key,
    }
    for step in bundle.steps.values():
        nodes_of_step = BUILDERS[step["type"]](step, bundle)
        # Titles for the diagram and viewflow's own lists, every node alike.
        nodes_of_step[step["id"]].Annotation(title=text(step.get("title"), "zh") or step["id"])
        attrs.update(nodes_of_step)
    return type(version.flow_class_name, (Flow,), attrs)


_NAME = re.compile(r"^(?P<camel>[A-Za-z0-9]+)_v(?P<number>\d+)$")


def flow_class_for_name(name: str):
    match = _NAME.match(name)
    if not match:
        return None
    for definition in ProcessDefinition.objects.all():
        version = definition.versions.filter(number=int(match["number"])).first()
        if version is not None and version.flow_class_name == name:
            return compile_flow(version)
    return None


def flow_class_of(version: DefinitionVersion) -> type:
    """The Flow class of a stored version, through the flows module so every
    caller shares one class object per version."""
    from . import flows

    return getattr(flows, version.flow_class_name)
