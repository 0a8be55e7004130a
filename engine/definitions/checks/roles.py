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
    types = ctx.bundle.field_types()
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
    if unit == "parent":
        index = LEVELS.index(owner_level)
        return (LEVELS[index - 1], "") if index else (None, f"{owner_level} 级没有上级单位")
    if LEVELS.index(unit) > LEVELS.index(owner_level):
        return None, f"'{unit}' 在案件所属级别 '{owner_level}' 之下，案件单位没有这一级的上级"
    return unit, ""


def check_units(ctx):
    owner_level = ctx.raw.get("owner_level")
    for path, step in ctx.steps():
        unit = step.get("unit")
        if unit is None or step["type"] not in ("task", "vote"):
            unit = "case"
            unit_path = path + ("role",)
        else:
            unit_path = path + ("unit",)
        if unit not in ("case", "parent", "partner", *LEVELS):
            hint = did_you_mean(unit, ["case", "parent", *LEVELS], label="可用")
            yield ctx.problem(unit_path, f"步骤 '{step['id']}' 的 unit '{unit}' 无效", hint)
            continue
        if owner_level is None or unit == "partner":
            continue
        level, why = resolve_unit(owner_level, unit)
        if level is None:
            yield ctx.problem(unit_path, f"步骤 '{step['id']}' 的 unit '{unit}' 无法确定单位：{why}")
            continue
        yield from _role_levels(ctx, path, step, level, unit_path)


def _role_levels(ctx, path, step, level, unit_path):
    role = _roles(ctx).get(step.get("role"))
    if role and role["levels"] and level not in role["levels"]:
        message = f"角色 '{step['role']}' 只存在于 {', '.join(role['levels'])} 级，但步骤 '{step['id']}' 在 {level} 级单位中找它"
        hint = "修改步骤的 unit（case | parent | 级别），或在角色的 levels 中加上 " + level
        yield ctx.problem(unit_path, message, hint)
    # An escalation goes to the step's unit or a unit above it.
    name = ((step.get("deadline") or {}).get("escalate") or {}).get("role")
    role = _roles(ctx).get(name)
    above = LEVELS[: LEVELS.index(level) + 1]
    if role and role["levels"] and not set(role["levels"]) & set(above):
        message = f"角色 '{name}' 只存在于 {', '.join(role['levels'])} 级，步骤 '{step['id']}' 的 {level} 级单位及其上级都没有它"
        yield ctx.problem(
            path + ("deadline", "escalate", "role"), message, "升级只能交给本级或上级单位的角色"
        )
