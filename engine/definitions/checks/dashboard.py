"""The `dashboard:` figures: names they read exist, a summed field is a
number, a ratio has its denominators, targets are numbers in range."""

from __future__ import annotations

import datetime as dt

from engine.dashboard.conditions import HINT, names_in, parse_where
from engine.expressions import ExpressionError

from ..normalise import target_value
from ..problems import did_you_mean

NUMERIC = {"integer", "decimal", "money", "computed"}


def _figures(ctx):
    return [(("dashboard", index), figure) for index, figure in enumerate(ctx.raw.get("dashboard") or [])]


def check_figure_ids(ctx):
    seen = set()
    for path, figure in _figures(ctx):
        if figure["id"] in seen:
            yield ctx.problem(path + ("id",), f"统计指标 '{figure['id']}' 重复", "每个指标的 id 只能用一次")
        seen.add(figure["id"])


def check_figure_names(ctx):
    """where, field, distinct and group_by read case data that must exist."""
    declared = ctx.declared_names()
    for path, figure in _figures(ctx):
        what = f"统计指标 '{figure['id']}'"
        if "where" in figure:
            yield from _where_problems(ctx, path + ("where",), figure["where"], declared, what)
        group = figure.get("group_by")
        named = [(key, figure.get(key)) for key in ("field", "distinct")]
        named.append(("group_by", group.get("field") if isinstance(group, dict) else None))
        for key, name in named:
            if name is not None and name not in declared:
                message = f"{what} 的 {key} '{name}' 不是本流程的字段或计算值"
                yield ctx.problem(path + (key,), message, did_you_mean(name, declared, label="可用的数据"))


def _where_problems(ctx, path, text, declared, what):
    try:
        tree = parse_where(text)
    except ExpressionError as exc:
        yield ctx.problem(path, f"{what} 的 where 无法用于统计：{exc}", HINT)
        return
    for name in sorted(names_in(tree) - declared):
        message = f"{what} 的 where 中的 '{name}' 未声明"
        yield ctx.problem(path, message, did_you_mean(name, declared, label="可用的数据"))


def check_figure_steps(ctx):
    """status names an end step's status; step names a step people work on."""
    statuses = {s["status"] for s in ctx.raw["steps"] if s["type"] == "end" and "status" in s}
    waiting = [s["id"] for s in ctx.raw["steps"] if s["type"] in ("task", "vote")]
    for path, figure in _figures(ctx):
        for key, known, label in (("status", statuses, "end 步骤的 status"), ("step", waiting, "任务步骤")):
            values = figure.get(key)
            for value in [values] if isinstance(values, str) else values or []:
                if value not in known:
                    message = f"统计指标 '{figure['id']}' 的 {key} '{value}' 不是本流程的{label}"
                    yield ctx.problem(path + (key,), message, did_you_mean(value, known, label="可用的"))


def check_figure_kinds(ctx):
    """Each kind has the keys it needs and none it would ignore."""
    types = ctx.field_types
    for path, figure in _figures(ctx):
        kind, what = figure["kind"], f"统计指标 '{figure['id']}'"
        if kind == "sum":
            yield from _sum_problems(ctx, path, figure, types, what)
        elif "field" in figure:
            yield ctx.problem(
                path + ("field",), f"{what}：field 只用于 kind: sum", "count 和 ratio 统计件数", key=True
            )
        if kind == "ratio":
            yield from _ratio_problems(ctx, path, figure, what)
        else:
            if "denominator" in figure:
                yield ctx.problem(
                    path + ("denominator",), f"{what}：denominator 只用于 kind: ratio", key=True
                )
            if figure.get("group_by") == "org_unit":
                hint = "按单位分组需要参考列表给出分组，请用 kind: ratio；或写 group_by: {field: 字段}"
                yield ctx.problem(
                    path + ("group_by",), f"{what}：group_by: org_unit 只用于 kind: ratio", hint
                )


def _sum_problems(ctx, path, figure, types, what):
    name = figure.get("field")
    if name is None:
        yield ctx.problem(path, f"{what} 是 sum，缺少 field", "写出要合计的数值字段，如 field: paid_amount")
    elif name in types and types[name] not in NUMERIC:
        message = f"{what} 合计的字段 '{name}' 类型是 {types[name]}，不是数值"
        hint = "sum 只能合计 integer / decimal / money 字段或计算值"
        yield ctx.problem(path + ("field",), message, hint)


def _ratio_problems(ctx, path, figure, what):
    if "denominator" not in figure:
        hint = "写出 denominator: {list: 参考列表, attr: 条目属性}"
        yield ctx.problem(path, f"{what} 是 ratio，缺少 denominator", hint)
    else:
        yield from _list_problems(ctx, path + ("denominator", "list"), figure["denominator"]["list"], what)
    if "group_by" not in figure:
        hint = "写 group_by: org_unit（条目代码为单位代码）或 group_by: {field: 字段}"
        yield ctx.problem(path, f"{what} 是 ratio，缺少 group_by", hint)


def _list_problems(ctx, path, name, what):
    known = ctx.known_reference_lists
    if known is not None and name not in known:
        message = f"{what} 的参考列表 '{name}' 不存在"
        yield ctx.problem(path, message, did_you_mean(name, known, label="已有的列表"))


def check_figure_targets(ctx):
    for path, figure in _figures(ctx):
        for index, target in enumerate(figure.get("targets") or []):
            where = path + ("targets", index)
            yield from _target_problems(ctx, where, figure, target)


def _target_problems(ctx, where, figure, target):
    what = f"统计指标 '{figure['id']}' 的第 {where[-1] + 1} 个目标"
    value = target_value(target["value"])
    if value is None or isinstance(target["value"], bool):
        hint = "写成数字，覆盖率写成百分数，如 value: 60%"
        yield ctx.problem(where + ("value",), f"{what} 的 value '{target['value']}' 不是数字", hint)
    elif figure["kind"] == "ratio" and not 0 < value <= 1:
        hint = "覆盖率目标在 0 到 100% 之间，写成百分数，如 60%"
        yield ctx.problem(where + ("value",), f"{what} 的 value '{target['value']}' 超出范围", hint)
    elif value <= 0:
        yield ctx.problem(where + ("value",), f"{what} 的 value 应大于 0")
    if "date" in target and not _is_date(target["date"]):
        yield ctx.problem(where + ("date",), f"{what} 的 date '{target['date']}' 不是日期", "写成 2024-12-10")
    if "groups" in target and "group_by" not in figure:
        yield ctx.problem(where + ("groups",), f"{what} 有 groups，但指标没有 group_by", key=True)


def _is_date(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True
