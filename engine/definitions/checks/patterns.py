"""Control-flow and resource patterns: conditional splits, joins that
continue early, cancelling, case events, and the claim rules of a task.

Each construct is checked where it is written, so a definition that could
never run as written (a join waiting for more branches than its split has,
a four-eyes rule naming a step nobody does, an event nobody may raise) is
refused at its line instead of stalling a case."""

from __future__ import annotations

from ..normalise import join_wait
from ..problems import did_you_mean
from .roles import APPLICANT
from .transitions import split_targets

HUMAN = ("task", "vote")
CANCELLABLE = ("task", "vote", "wait", "split")


def _steps_by_id(ctx) -> dict:
    return {step["id"]: step for step in ctx.raw["steps"]}


def _names(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _paths_of(base, value):
    """(path, name) for a key that holds a step name or a list of them."""
    if isinstance(value, str):
        return [(base, value)]
    return [((*base, index), name) for index, name in enumerate(value or [])]


def check_event_targets(ctx):
    """Structure: the steps an event names exist (run before the graph checks)."""
    ids = set(ctx.step_ids)
    for index, event in enumerate(ctx.raw.get("events") or []):
        base = ("events", index)
        for sub, name in [(("next",), event.get("next")), *_paths_of(("during",), event.get("during"))]:
            if name not in ids:
                message = f"事件 '{event.get('id')}' 指向不存在的步骤 '{name}'"
                yield ctx.problem((*base, *sub), message, did_you_mean(name, ids, label="可用的步骤"))


def check_splits(ctx):
    steps = _steps_by_id(ctx)
    for path, step in ctx.steps():
        if step["type"] != "split":
            continue
        targets = [target for _sub, target in split_targets(step)]
        seen = set()
        for sub, target in split_targets(step):
            if target in seen:
                message = f"split '{step['id']}' 的分支 '{target}' 重复"
                yield ctx.problem(path + sub, message, "每个分支只写一次；default 不必再写进 branches")
            seen.add(target)
        branches = step.get("branches") or []
        conditional = [b for b in branches if isinstance(b, dict) and b.get("when")]
        if conditional and len(conditional) == len(branches) and not step.get("default"):
            message = f"split '{step['id']}' 的分支都有条件，但没有 default：条件都不成立时案件会停住"
            yield ctx.problem(path + ("branches",), message, "加一个 default: 分支，或让某个分支不带 when")
        if step.get("default") and not conditional:
            message = f"split '{step['id']}' 写了 default，但没有带 when 的分支，default 永远不会开始"
            yield ctx.problem(path + ("default",), message, "给分支加上 when:，或删掉 default")
        join = steps.get(step.get("join"))
        if join and join["type"] == "join":
            yield from _join_wait(ctx, join, len(targets), bool(conditional))


def _join_wait(ctx, join, branch_count, conditional):
    path = ("steps", ctx.step_ids.index(join["id"]))
    raw = join.get("wait")
    if raw is None or raw in ("all", "first"):
        if join.get("rest") and raw in (None, "all"):
            message = f"join '{join['id']}' 等待所有分支，rest: 不起作用"
            yield ctx.problem(path + ("rest",), message, "rest 只用于 wait: first 或 n")
        return
    wait = join_wait(raw)
    if wait["of"] is not None and wait["of"] != branch_count:
        message = (
            f"join '{join['id']}' 的 wait '{raw}' 写的是 {wait['of']} 个分支，它的 split 有 {branch_count} 个"
        )
        yield ctx.problem(path + ("wait",), message, f"改为 '{wait['n']} of {branch_count}'")
    if wait["n"] > branch_count:
        message = f"join '{join['id']}' 要等 {wait['n']} 个分支，但它的 split 只有 {branch_count} 个分支"
        yield ctx.problem(path + ("wait",), message, f"wait 最多为 {branch_count}")


def _claim_rule_steps(ctx, path, step, key, steps):
    for sub, name in _paths_of((key,), step.get(key)):
        if key == "same_as" and name == "previous":
            continue
        target = steps.get(name)
        if target is None:
            message = f"任务 '{step['id']}' 的 {key} 指向不存在的步骤 '{name}'"
            yield ctx.problem(path + sub, message, did_you_mean(name, steps, label="可用的步骤"))
        elif target["type"] not in HUMAN:
            message = f"任务 '{step['id']}' 的 {key} 指向 '{name}'，它是 {target['type']} 步骤，没有办理人"
            yield ctx.problem(path + sub, message, "只能指向 task 或 vote 步骤")
        elif name == step["id"] and key == "same_as":
            yield ctx.problem(
                path + sub, f"任务 '{step['id']}' 的 same_as 指向它自己", "指向之前办理过的步骤"
            )


def check_claim_rules(ctx):
    steps = _steps_by_id(ctx)
    for path, step in ctx.steps():
        if step["type"] != "task":
            continue
        yield from _claim_rule_steps(ctx, path, step, "not_by", steps)
        yield from _claim_rule_steps(ctx, path, step, "same_as", steps)
        if step.get("same_as") and step["same_as"] in _names(step.get("not_by")):
            message = f"任务 '{step['id']}' 的 same_as '{step['same_as']}' 也在 not_by 中，互相矛盾"
            yield ctx.problem(path + ("same_as",), message, "同一人不能既必须又不得办理")
        for key in ("allocate", "same_as", "not_by", "interleave"):
            if key in step and "role" not in step:
                message = f"任务 '{step['id']}' 的 {key} 只适用于按角色认领的任务（它用的是 assignee）"
                yield ctx.problem(path + (key,), message, "改用 role:，或删掉这一项", key=True)
        if step.get("same_as") and step.get("allocate", "queue") != "queue":
            message = f"任务 '{step['id']}' 同时写了 same_as 和 allocate: {step['allocate']}"
            yield ctx.problem(
                path + ("allocate",), message, "same_as 的人不再办理时才按 allocate 分派，两者只能选一"
            )


def check_cancel_actions(ctx):
    steps = _steps_by_id(ctx)
    for path, step in ctx.steps():
        for index, action in enumerate(step.get("actions") or []):
            for sub, name in _paths_of(("actions", index, "cancel"), action.get("cancel")):
                target = steps.get(name)
                if target is None:
                    message = f"cancel 指向不存在的步骤 '{name}'"
                    yield ctx.problem(path + sub, message, did_you_mean(name, steps, label="可用的步骤"))
                elif target["type"] not in CANCELLABLE:
                    message = f"cancel 指向 '{name}'，它是 {target['type']} 步骤，不会停留等待"
                    yield ctx.problem(
                        path + sub, message, "只能撤销 task、vote、wait 步骤，或一个 split 的整个区域"
                    )
                elif name == step["id"]:
                    yield ctx.problem(path + sub, "cancel 不能撤销动作步骤自己")


def check_events(ctx):
    steps = _steps_by_id(ctx)
    roles = ctx.bundle.roles
    seen = set()
    for index, event in enumerate(ctx.raw.get("events") or []):
        base = ("events", index)
        if event["id"] in seen or event["id"] in steps:
            message = f"事件 id '{event['id']}' 与另一个事件或步骤重名"
            yield ctx.problem((*base, "id"), message, "事件 id 必须唯一，且不同于步骤 id")
        seen.add(event["id"])
        for sub, who in _paths_of(("by",), event.get("by")):
            if who == APPLICANT or roles.get(who, {}).get("applicant"):
                continue
            if who not in roles:
                message = f"事件 '{event['id']}' 的 by '{who}' 不是 applicant，也不是已声明的角色"
                yield ctx.problem(
                    (*base, *sub), message, did_you_mean(who, [*roles, APPLICANT], label="可用的")
                )
        for sub, name in _paths_of(("during",), event.get("during")):
            target = steps.get(name)
            if target is not None and target["type"] not in ("task", "vote", "wait", "join"):
                message = (
                    f"事件 '{event['id']}' 的 during '{name}' 是 {target['type']} 步骤，案件不会停在那里"
                )
                yield ctx.problem((*base, *sub), message, "during 列出案件会停留的 task、vote、wait 步骤")
        target = steps.get(event.get("next"))
        if target is not None and target["type"] in ("start", "join"):
            message = f"事件 '{event['id']}' 的 next '{target['id']}' 是 {target['type']} 步骤"
            yield ctx.problem((*base, "next"), message, "next 通常指向一个 end 步骤")


LIST_TYPES = ("table", "multichoice")


def check_instances(ctx):
    """`for_each:` names a table or multi-choice field; the instances' outcomes
    all lead to one step (where the case goes after them); `wait:` on a task
    only with `for_each`."""
    types = ctx.field_types
    for path, step in ctx.steps():
        if step["type"] != "task":
            continue
        if "wait" in step and not step.get("for_each"):
            message = f"任务 '{step['id']}' 写了 wait，但没有 for_each"
            yield ctx.problem(path + ("wait",), message, "wait 只用于多实例任务（for_each）", key=True)
        name = step.get("for_each")
        if not name:
            continue
        kind = types.get(name)
        if kind not in LIST_TYPES:
            lists = sorted(n for n, t in types.items() if t in LIST_TYPES)
            message = f"任务 '{step['id']}' 的 for_each '{name}' " + (
                "不存在" if kind is None else f"的类型是 {kind}"
            )
            hint = "for_each 应为表格（table）或多选（multichoice）字段。" + did_you_mean(
                name, lists, label="可用"
            )
            yield ctx.problem(path + ("for_each",), message, hint)
        targets = {outcome["next"] for outcome in step.get("outcomes") or []}
        if len(targets) > 1:
            message = f"多实例任务 '{step['id']}' 的结果指向不同步骤（{', '.join(sorted(targets))}）"
            yield ctx.problem(
                path + ("outcomes",), message, "各实例办完后案件只去一个步骤：所有结果写同一个 next"
            )
