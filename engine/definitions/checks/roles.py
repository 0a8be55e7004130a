"""Roles: declared before use, staff work not given to the applicant role,
and each role exists at the org level where the step looks for it."""

from __future__ import annotations

from ..problems import did_you_mean
from .context import LEVELS

APPLICANT = "applicant"  # `assignee: applicant` and `notify: applicant` mean the case's applicant


def _roles(ctx) -> dict:
    return ctx.bundle.roles


def _undeclared(ctx, path, name, *, key=False):
    message = f"角色 '{name}' 没有在 roles 中声明"
    return ctx.problem(path, message, did_you_mean(name, _roles(ctx), label="已声明的角色"), key=key)


def _staff_role(ctx, path, name, what):
    """Problems for a role that must be a declared staff role."""
    role = _roles(ctx).get(name)
    if role is None:
        return [_undeclared(ctx, path, name)]
    if role["applicant"]:
        message = f"{what}使用了申请人角色 '{name}'"
        return [ctx.problem(path, message, "申请人的任务请用 assignee: applicant；role 只用于工作人员")]
    return []


def check_step_roles(ctx):
    for path, step in ctx.steps():
        if step["type"] in ("task", "vote") and "role" in step:
            yield from _staff_role(ctx, path + ("role",), step["role"], f"步骤 '{step['id']}' 的 role ")
        escalate = (step.get("deadline") or {}).get("escalate")
        if escalate:
            where = path + ("deadline", "escalate", "role")
            yield from _staff_role(ctx, where, escalate["role"], f"步骤 '{step['id']}' 的 escalate.role ")
        if step["type"] == "task":
            yield from _task_holder(ctx, path, step)
        for index, action in enumerate(step.get("actions") or []):
            target = action.get("notify")
            if target and target != APPLICANT and target not in _roles(ctx):
                yield _undeclared(ctx, path + ("actions", index, "notify"), target)


def _task_holder(ctx, path, step):
    assignee = step.get("assignee")
    if "role" not in step and assignee is None:
        yield ctx.problem(path, f"任务 '{step['id']}' 需要 role（谁可以认领）或 assignee（指定给谁）")
    if isinstance(assignee, str) and assignee != APPLICANT:
        role = _roles(ctx).get(assignee)
        if role is None:
            yield _undeclared(ctx, path + ("assignee",), assignee)
        elif not role["applicant"]:
            message = f"assignee '{assignee}' 是工作人员角色"
            hint = "assignee 只能是 applicant 或 {field: 用户字段}；工作人员角色请写在 role: 中"
            yield ctx.problem(path + ("assignee",), message, hint)
    if isinstance(assignee, dict):
        yield from _assignee_field(ctx, path + ("assignee", "field"), assignee["field"])


def _assignee_field(ctx, path, name):
    types = ctx.field_types
    users = sorted(n for n, kind in types.items() if kind == "user")
    if name not in types:
        yield ctx.problem(
            path, f"assignee 的字段 '{name}' 不存在", did_you_mean(name, users, label="用户字段")
        )
    elif types[name] != "user":
        yield ctx.problem(path, f"assignee 的字段 '{name}' 的类型是 {types[name]}，应为 user")


def check_document_roles(ctx):
    for name, document in (ctx.raw.get("documents") or {}).items():
        for index, role in enumerate(document.get("download") or []):
            if role != APPLICANT and role not in _roles(ctx):
                yield _undeclared(ctx, ("documents", name, "download", index), role)


def resolve_unit(owner_level: str, unit: str) -> tuple[str | None, str]:
    """(level, "") where a step's unit resolves, or (None, why not)."""
    if unit == "case":
        return owner_level, ""
    if unit in ("parent", "grandparent"):
        up = 1 if unit == "parent" else 2
        index = LEVELS.index(owner_level)
        if index - up < 0:
            return None, f"{owner_level} 级没有{'上级' if up == 1 else '上两级'}单位"
        return LEVELS[index - up], ""
    if LEVELS.index(unit) > LEVELS.index(owner_level):
        return None, f"'{unit}' 在案件所属级别 '{owner_level}' 之下，案件单位没有这一级的上级"
    return unit, ""


UNIT_WORDS = ("case", "parent", "grandparent", *LEVELS)


def _resolve(ctx, where, unit, step_id):
    """Yields problems; returns the level the unit resolves to (or None)."""
    if unit == "partner":  # partner bodies sit outside the hierarchy
        return None
    if isinstance(unit, dict):  # {field: ...}: the union picked, or the picked person's union
        name = unit.get("field")
        kind = ctx.field_types.get(name)
        if kind not in ("org_unit", "user"):
            choices = sorted(n for n, t in ctx.field_types.items() if t in ("org_unit", "user"))
            message = f"步骤 '{step_id}' 的 unit 字段 '{name}' " + (
                "不存在" if kind is None else f"的类型是 {kind}"
            )
            yield ctx.problem(
                where, message, "应为 org_unit 或 user 字段。" + did_you_mean(name, choices, label="可用")
            )
        return None
    if unit not in UNIT_WORDS:
        hint = did_you_mean(unit, UNIT_WORDS, label="可用")
        yield ctx.problem(where, f"步骤 '{step_id}' 的 unit '{unit}' 无效", hint)
        return None
    owner_level = ctx.raw.get("owner_level")
    if owner_level is None:
        return None
    level, why = resolve_unit(owner_level, unit)
    if level is None:
        yield ctx.problem(where, f"步骤 '{step_id}' 的 unit '{unit}' 无法确定单位：{why}")
    return level


def check_units(ctx):
    for path, step in ctx.steps():
        if step["type"] in ("task", "vote"):
            unit = step.get("unit", "case")
            where = path + (("unit",) if "unit" in step else ("role",))
            level = yield from _resolve(ctx, where, unit, step["id"])
            if level:
                yield from _step_role_level(ctx, step, level, where)
            escalate = (step.get("deadline") or {}).get("escalate")
            if escalate:
                base = path + ("deadline", "escalate")
                where = base + (("unit",) if "unit" in escalate else ("role",))
                level = yield from _resolve(ctx, where, escalate.get("unit", unit), step["id"])
                if level:
                    yield from _escalate_role_level(ctx, step, escalate["role"], level, base + ("role",))
        for index, action in enumerate(step.get("actions") or []):
            if "unit" in action:
                yield from _resolve(ctx, path + ("actions", index, "unit"), action["unit"], step["id"])


def _step_role_level(ctx, step, level, where):
    role = _roles(ctx).get(step.get("role"))
    if role and role["levels"] and level not in role["levels"]:
        message = f"角色 '{step['role']}' 只存在于 {', '.join(role['levels'])} 级，但步骤 '{step['id']}' 在 {level} 级单位中找它"
        hint = "修改步骤的 unit（case | parent | 级别），或在角色的 levels 中加上 " + level
        yield ctx.problem(where, message, hint)


def _escalate_role_level(ctx, step, name, level, where):
    """Holders of a role in a unit above also serve the units below it, so an
    escalation may go to a role that exists at this level or higher."""
    role = _roles(ctx).get(name)
    above = LEVELS[: LEVELS.index(level) + 1]
    if role and role["levels"] and not set(role["levels"]) & set(above):
        message = f"角色 '{name}' 只存在于 {', '.join(role['levels'])} 级，步骤 '{step['id']}' 的 {level} 级单位及其上级都没有它"
        yield ctx.problem(where, message, "升级只能交给本级或上级单位的角色")
