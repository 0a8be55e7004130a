"""The engine benchmark's process written by hand as a viewflow Flow: the
same nodes as benchmarks/definitions/bench_flow compiles to (StartHandle,
Split, two Views with Permission callables, the engine's Join, Switch, two Ends), with
plain Python lambdas for the condition and the claim permission."""

from decimal import Decimal

from viewflow import this
from viewflow.workflow import nodes
from viewflow.workflow.base import Flow
from viewflow.workflow.models import Task

from engine.models import Case
from engine.roles.backends import role_permission
from engine.runtime.compiler import _lock_impl
from engine.runtime.joins import CaseJoin


def _unmounted_view(request, **kwargs):  # pragma: no cover - never routed
    raise NotImplementedError


def _start(activation, **case_fields):
    for name, value in case_fields.items():
        setattr(activation.process, name, value)
    return activation.process


def _officer_in_case_unit(activation):
    return role_permission("officer", activation.process.org_unit_id)


def _large(activation):
    return Decimal(activation.process.data.get("amount") or 0) > 5000


class BenchHandwritten(Flow):
    process_class = Case
    task_class = Task
    lock_impl = _lock_impl()
    process_title = "基准测试流程（手写）"

    apply = nodes.StartHandle(_start).Next(this.checks)
    checks = nodes.Split().Next(this.check_a).Next(this.check_b)
    check_a = (
        nodes.View(_unmounted_view)
        .Permission(_officer_in_case_unit)
        .Annotation(title="企业核实")
        .Next(this.checked)
    )
    check_b = (
        nodes.View(_unmounted_view)
        .Permission(_officer_in_case_unit)
        .Annotation(title="入户走访")
        .Next(this.checked)
    )
    # The engine's join node, as any flow in this codebase would use it.
    checked = CaseJoin().Next(this.amount_check)
    amount_check = nodes.Switch().Case(this.large, _large).Default(this.small)
    large = nodes.End()
    small = nodes.End()
