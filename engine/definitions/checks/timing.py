"""Durations parse; a reminder comes before its deadline."""

from __future__ import annotations

from ..durations import parse_duration


def _durations(ctx):
    for path, step in ctx.steps():
        deadline = step.get("deadline") or {}
        for key in ("within", "remind_before"):
            if key in deadline:
                yield path + ("deadline", key), deadline[key], step
        if "duration" in step:
            yield path + ("duration",), step["duration"], step


def check_durations(ctx):
    for path, text, step in _durations(ctx):
        try:
            parse_duration(text)
        except ValueError as exc:
            yield ctx.problem(path, f"步骤 '{step['id']}' 的 {path[-1]}：{exc}")


# Rough sizes, only to compare a reminder with its deadline.
_MINUTES = {"minutes": 1, "hours": 60, "days": 1440, "working_days": 1440, "weeks": 10080, "months": 43200}


def _minutes(text) -> int | None:
    try:
        duration = parse_duration(text)
    except ValueError:
        return None
    return duration.amount * _MINUTES[duration.unit]


def check_reminder_before_deadline(ctx):
    for path, step in ctx.steps():
        deadline = step.get("deadline") or {}
        within, remind = _minutes(deadline.get("within")), _minutes(deadline.get("remind_before"))
        if within and remind and remind >= within:
            message = f"步骤 '{step['id']}' 的 remind_before（{deadline['remind_before']}）不短于期限 within（{deadline['within']}）"
            yield ctx.problem(
                path + ("deadline", "remind_before"), message, "提醒应在期限到达之前，请缩短 remind_before"
            )


def check_members(ctx):
    for path, step in ctx.steps():
        if step["type"] != "vote":
            continue
        members, quorum = step["members"], step.get("quorum")
        if isinstance(members, int) and members < 1:
            yield ctx.problem(path + ("members",), f"步骤 '{step['id']}' 的 members 至少为 1")
        if isinstance(members, int) and isinstance(quorum, int) and quorum > members:
            message = f"步骤 '{step['id']}' 的 quorum {quorum} 大于 members {members}，表决永远不会通过"
            yield ctx.problem(path + ("quorum",), message)
