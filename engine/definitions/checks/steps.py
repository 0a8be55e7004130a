"""Step ids, outcome ids, targets and the start step."""

from __future__ import annotations

from functools import cache

from ..problems import did_you_mean
from .transitions import transitions

# Attributes of viewflow's Flow class that a node name must not shadow; the
# live class is consulted too when Django is configured.
_FLOW_ATTRIBUTES = {
    "app_label",
    "app_name",
    "cancel",
    "declared_patterns",
    "extra_kwargs",
    "filter_kwargs",
    "flow_label",
    "get_available_process_actions",
    "get_start_nodes",
    "has_manage_permission",
    "has_view_permission",
    "instance",
    "lock",
    "lock_impl",
    "namespace",
    "node",
    "nodes",
    "parent",
    "parent_namespace",
    "process_class",
    "process_description",
    "process_result_template",
    "process_summary_template",
    "process_title",
    "reverse",
    "start",
    "task_class",
    "turbo_disabled",
    "urlpatterns",
    "urls",
    "viewsets",
    "this",
    "objects",
    "mro",
    "flow_class",
    "process",
    "task",
}


@cache
def reserved_step_ids() -> frozenset[str]:
    names = set(_FLOW_ATTRIBUTES)
    try:
        from viewflow.workflow.flow import Flow

        names |= {name for name in dir(Flow) if not name.startswith("_")}
    except Exception:  # Django not configured: the fixed list stands
        pass
    return frozenset(names)


def check_step_ids(ctx):
    seen = set()
    for path, step in ctx.steps():
        step_id = step["id"]
        if step_id in seen:
            yield ctx.problem(path + ("id",), f"步骤 id '{step_id}' 重复", "每个步骤的 id 必须唯一")
        elif step_id in reserved_step_ids():
            hint = f"'{step_id}' 是 viewflow Flow 的保留名称，请换一个，例如 '{step_id}_step'"
            yield ctx.problem(path + ("id",), f"步骤 id '{step_id}' 不能使用", hint)
        seen.add(step_id)


def check_outcome_ids(ctx):
    for path, step in ctx.steps():
        seen = set()
        for index, outcome in enumerate(step.get("outcomes") or []):
            if outcome["id"] in seen:
                message = f"步骤 '{step['id']}' 的结果 id '{outcome['id']}' 重复"
                yield ctx.problem(path + ("outcomes", index, "id"), message, "同一步骤的结果 id 必须唯一")
            seen.add(outcome["id"])


def check_targets(ctx):
    ids = set(ctx.step_ids)
    for path, step in ctx.steps():
        for sub, target in transitions(step):
            if target in ids:
                continue
            where = f"的结果 '{step['outcomes'][sub[1]]['id']}'" if sub[0] == "outcomes" else f"的 {sub[0]}"
            message = f"步骤 '{step['id']}' {where} 指向不存在的步骤 '{target}'"
            yield ctx.problem(path + sub, message, did_you_mean(target, ids, label="可用的步骤"))


def check_single_start(ctx):
    starts = [(path, step) for path, step in ctx.steps() if step["type"] == "start"]
    if not starts:
        yield ctx.problem(("steps",), "没有 type: start 的开始步骤", "流程必须有且只有一个开始步骤", key=True)
    for path, step in starts[1:]:
        message = f"步骤 '{step['id']}' 是第二个开始步骤（已有 '{starts[0][1]['id']}'）"
        yield ctx.problem(path + ("type",), message, "流程必须有且只有一个开始步骤")


def check_stages(ctx):
    ids = set(ctx.step_ids)
    for name in ctx.raw.get("stages") or {}:
        if name not in ids:
            message = f"stages 中的 '{name}' 不是已有的步骤"
            yield ctx.problem(
                ("stages", name), message, did_you_mean(name, ids, label="可用的步骤"), key=True
            )
