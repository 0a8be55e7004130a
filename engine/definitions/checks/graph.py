"""The shape of the flow: everything reachable, every step can finish, and
parallel branches meet at their join. Run only when all targets exist."""

from __future__ import annotations

from .transitions import split_targets, successors, transitions


def _graph(ctx, *, with_events: bool = True) -> dict[str, list[str]]:
    graph = {step["id"]: successors(step) for step in ctx.raw["steps"]}
    if not with_events:
        return graph
    # An event (e.g. withdraw) leads from each of its `during` steps to its `next`.
    for event in ctx.raw.get("events") or []:
        for step_id in event.get("during") or []:
            if step_id in graph and event.get("next") in graph:
                graph[step_id] = [*graph[step_id], event["next"]]
    return graph


def _reach(graph, starts) -> set[str]:
    seen, todo = set(), list(starts)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, []))
    return seen


def _reversed(graph) -> dict[str, list[str]]:
    back = {node: [] for node in graph}
    for node, targets in graph.items():
        for target in targets:
            back.setdefault(target, []).append(node)
    return back


def check_reachable(ctx):
    starts = [s["id"] for s in ctx.raw["steps"] if s["type"] == "start"]
    if not starts:
        return
    reached = _reach(_graph(ctx), starts[:1])
    for path, step in ctx.steps():
        if step["id"] not in reached:
            message = f"步骤 '{step['id']}' 从开始步骤 '{starts[0]}' 无法到达"
            yield ctx.problem(path + ("id",), message, "检查指向它的 next / outcomes，或删掉这个步骤")


def check_can_finish(ctx):
    graph = _graph(ctx)
    ends = [s["id"] for s in ctx.raw["steps"] if s["type"] == "end"]
    if not ends:
        yield ctx.problem(("steps",), "没有 type: end 的结束步骤", "流程至少需要一个结束步骤", key=True)
        return
    finishing = _reach(_reversed(graph), ends)
    starts = [s["id"] for s in ctx.raw["steps"] if s["type"] == "start"]
    reached = _reach(graph, starts[:1])
    for path, step in ctx.steps():
        if step["id"] in reached and step["id"] not in finishing:
            message = f"从步骤 '{step['id']}' 出发永远到不了结束步骤（死循环或死路）"
            yield ctx.problem(path + ("id",), message, "给循环加一个通往 end 步骤的出口")


def check_joins(ctx):
    steps = {s["id"]: s for s in ctx.raw["steps"]}
    graph = _graph(ctx, with_events=False)  # an event leaves a region by cancelling it
    claimed = set()
    for path, step in ctx.steps():
        if step["type"] != "split":
            continue
        join = step["join"]
        if steps[join]["type"] != "join":
            message = f"split '{step['id']}' 的 join '{join}' 不是 type: join 的步骤"
            yield ctx.problem(path + ("join",), message, "join 应指向汇合这些分支的 join 步骤")
            continue
        if join in claimed:
            yield ctx.problem(
                path + ("join",), f"join '{join}' 已被另一个 split 使用", "每个 split 需要自己的 join"
            )
        claimed.add(join)
        for sub, branch in split_targets(step):
            if not _always_meets(graph, steps, branch, join):
                message = f"split '{step['id']}' 的分支 '{branch}' 可能不经过 join '{join}' 就结束了"
                yield ctx.problem(path + sub, message, "每条分支都必须先到达它的 join")
        yield from _outside_entries(ctx, graph, step, join)
    for path, step in ctx.steps():
        if step["type"] == "join" and step["id"] not in claimed:
            message = f"join '{step['id']}' 没有对应的 split"
            yield ctx.problem(path + ("id",), message, "在 split 步骤的 join: 中写上它，或改用普通步骤")


def _region(graph, starts, join) -> set[str]:
    """Steps reachable from the branches without passing the join."""
    seen, todo = set(), list(starts)
    while todo:
        node = todo.pop()
        if node != join and node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, []))
    return seen


def _outside_entries(ctx, graph, split, join):
    """A join waits for its split's branches; a step outside them that goes
    to the join would arrive as an extra, unexpected branch."""
    region = _region(graph, [target for _sub, target in split_targets(split)], join)
    for path, step in ctx.steps():
        if step["id"] in region or step["type"] == "split":
            continue
        for sub, target in transitions(step, with_join=False):
            if target == join:
                message = f"步骤 '{step['id']}' 指向 join '{join}'，但它不在 split '{split['id']}' 的分支中"
                yield ctx.problem(path + sub, message, "只有 split 的分支可以汇合到它的 join")


def _always_meets(graph, steps, start, join) -> bool:
    """True when no path from start reaches an end (or a dead end) before join."""
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == join or node in seen:
            continue
        seen.add(node)
        if steps[node]["type"] == "end" or not graph[node]:
            return False
        todo.extend(graph[node])
    return join in _reach(graph, [start])
