"""Multiple instances of a task (`for_each:`): one task per row of a repeat
table (or per value of a list field), created when the case reaches the
step, each with its own form; the case goes on after all of them, after n
of them (the rest are cancelled), or at once (`wait: none`). Each
instance's result is kept per item in `<step>_items`."""

from __future__ import annotations

from django.utils import timezone
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.split import Split, SplitActivation
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from .joins import CaseJoin, CaseJoinActivation

ITEM_SUFFIX = "__item"


def step_of_node(name: str) -> str:
    """The step id of a node: `<id>__item` and `<id>__join` belong to <id>."""
    return name.split("__", 1)[0]


def items_of(case, step) -> list:
    value = (case.data or {}).get(step["for_each"])
    return list(value) if isinstance(value, list) else []


def item_label(value) -> str:
    """A short text naming one item, for the task's title."""
    if isinstance(value, dict):
        return next((str(v) for v in value.values() if v not in (None, "", [], {})), "")[:40]
    return str(value)[:40]


class InstanceSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        items = items_of(self.process, self.flow_task.step)
        self.next_tasks = [(self.flow_task._item, {"index": i, "item": v}) for i, v in enumerate(items)]
        wait = self.flow_task.step["instances_wait"]["kind"]
        if not items or wait == "none":
            self.next_tasks.append((self.flow_task._after, None))
        results = self.process.data.setdefault(f"{self.flow_task.step['id']}_items", [])
        results[:] = [{"item": v, "outcome": None} for v in items]
        self.process.save(update_fields=["data"])

    @Activation.status.super()
    def create_next(self):
        tokens = Token.split_token_source(self.task.token, self.task.pk)
        for node, data in self.next_tasks:
            token = next(tokens) if data is not None else self.task.token
            yield node._create(prev_activation=self, token=token, data=data)


class InstanceSplit(Split):
    activation_class = InstanceSplitActivation

    def __init__(self, step, bundle, *, item, after):
        super().__init__()
        self.step, self._item, self._after = step, item, after
        self.Next(item)

    def _resolve(self, instance):
        super()._resolve(instance)
        from viewflow import this

        self._item = this.resolve(instance, self._item)
        self._after = this.resolve(instance, self._after)


class SinkActivation(CaseJoinActivation):
    """`wait: none`: the instances end here; nothing follows. When they were
    the last thing open after the case reached an end, the case finishes."""

    @Activation.status.super()
    def create_next(self):
        process = self.process
        tasks = self.flow_class.task_class._default_manager.filter(process=process)
        ended = tasks.filter(flow_task_type="END", status=STATUS.DONE).exists()
        if ended and not tasks.filter(finished__isnull=True).exists() and process.status != STATUS.DONE:
            process.status, process.finished = STATUS.DONE, timezone.now()
            process.save(update_fields=["status", "finished"])
        return []


class InstanceSink(CaseJoin):
    activation_class = SinkActivation


def instance_join(step):
    wait = step["instances_wait"]
    if wait["kind"] == "none":
        return InstanceSink()
    return CaseJoin(wait=None if wait["kind"] == "all" else wait)


def instance_result(case, step, task, outcome, answers):
    """Keep one instance's outcome and answers under its item."""
    index = (task.data or {}).get("index")
    results = case.data.setdefault(f"{step['id']}_items", [])
    while isinstance(index, int) and len(results) <= index:
        results.append({"item": None, "outcome": None})
    if isinstance(index, int):
        results[index] = {**results[index], **answers, "outcome": outcome}
