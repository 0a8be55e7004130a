"""Deadlines and wake-up times: durations from definitions, in calendar time
or in working days (weekends and the holiday calendar skipped, 调休 honoured)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
from django.utils import timezone

from engine.definitions.durations import parse_duration
from engine.expressions import evaluate
from engine.models import Holiday


def _is_working_day(day: dt.date, exceptions: dict) -> bool:
    """The union's own calendar (the Holiday rows loaded from the reference
    list calendar.yaml, or kept in Django admin) first; then the national
    calendar of the chinese-calendar library (holidays and 调休 working
    weekends, updated yearly upstream); beyond the years it knows, Monday to
    Friday."""
    if day in exceptions:
        return exceptions[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """`days` working days after `start`, keeping the time of day."""
    local = timezone.localtime(start)
    horizon = local.date() + dt.timedelta(days=days * 3 + 30)
    exceptions = dict(
        Holiday.objects.filter(date__gte=local.date(), date__lte=horizon).values_list(
            "date", "is_working_day"
        )
    )
    day, remaining = local.date(), days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if _is_working_day(day, exceptions):
            remaining -= 1
    return local.replace(year=day.year, month=day.month, day=day.day)


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    local = timezone.localtime(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    for day in (local.day, 30, 29, 28):
        try:
            return local.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def add_duration(start: dt.datetime, text: str) -> dt.datetime:
    duration = parse_duration(text)
    unit, amount = duration.unit, duration.amount
    if unit == "working_days":
        return add_working_days(start, amount)
    if unit == "months":
        return _add_months(start, amount)
    seconds = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}[unit]
    return start + dt.timedelta(seconds=seconds * amount)


def subtract_duration(end: dt.datetime, text: str) -> dt.datetime:
    duration = parse_duration(text)
    seconds = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800, "working_days": 86400}.get(
        duration.unit, 86400 * 30
    )
    return end - dt.timedelta(seconds=seconds * duration.amount)


def deadline_for(step: dict, created: dt.datetime):
    """(due_at, remind_at) of a human task, or (None, None)."""
    deadline = step.get("deadline")
    if not deadline:
        return None, None
    due = add_duration(created, deadline["within"])
    remind = subtract_duration(due, deadline["remind_before"]) if deadline.get("remind_before") else None
    return due, remind


def wake_time(step: dict, case, bundle) -> dt.datetime:
    now = timezone.now()
    if step.get("duration"):
        return add_duration(now, step["duration"])
    from .casedata import namespace

    value = evaluate(step["until"], namespace(case, bundle))
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(9, 0)))
    return now
