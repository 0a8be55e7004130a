"""Figures for one org unit and everything below it (materialised path
prefix): open work by step, overdue, cases finished per week. The figures a
definition declares under `dashboard:` are in figures.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from engine.models import Case, OrgUnit, ProcessDefinition, RoleAssignment, WorkItem

OPEN = ("NEW", "ASSIGNED", "STARTED")


def dashboard_units(user):
    """Units the user may see figures for: where they hold a role, and below."""
    if user.is_superuser:
        return OrgUnit.objects.all()
    paths = [
        a.org_unit.path for a in RoleAssignment.objects.current().filter(user=user).select_related("org_unit")
    ]
    units = OrgUnit.objects.none()
    for path in paths:
        units |= OrgUnit.objects.filter(path__startswith=path)
    return units.distinct()


def dashboard_unit(user, unit_id=None) -> OrgUnit:
    units = dashboard_units(user)
    if unit_id and not (unit_id.isdigit() and len(unit_id) <= 18):
        raise Http404  # ?unit=abc names no unit
    unit = units.filter(pk=int(unit_id)).first() if unit_id else units.order_by("path").first()
    if unit is None:
        raise Http404
    return unit


def _below(unit):
    return OrgUnit.objects.filter(path__startswith=unit.path).values("pk")


def open_by_step(unit) -> list[tuple[str, int]]:
    """Open human tasks per (process, step); labelled with the step title,
    prefixed with the process title when several processes are open."""
    rows = list(
        WorkItem.objects.filter(status__in=OPEN, org_unit_id__in=_below(unit))
        .values("process_key", "step_title")
        .annotate(n=Count("pk"))
        .order_by("-n", "process_key", "step_title")
    )
    if len({row["process_key"] for row in rows}) <= 1:
        return [(row["step_title"], row["n"]) for row in rows]
    titles = dict(ProcessDefinition.objects.values_list("key", "title"))
    return [
        (f"{titles.get(row['process_key'], row['process_key'])} · {row['step_title']}", row["n"])
        for row in rows
    ]


def overdue_count(unit, *, now=None) -> int:
    now = now or timezone.now()
    return WorkItem.objects.filter(status__in=OPEN, due_at__lt=now, org_unit_id__in=_below(unit)).count()


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def finished_per_week(unit, *, weeks: int = 12, today=None) -> list[tuple[str, int]]:
    today = today or timezone.localdate()
    first = _week_start(today) - dt.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    finished = Case.objects.filter(
        status="DONE", finished__gte=since, org_unit_id__in=_below(unit)
    ).values_list("finished", flat=True)
    counts = Counter(_week_start(timezone.localtime(moment).date()) for moment in finished)
    starts = [first + dt.timedelta(weeks=i) for i in range(weeks)]
    return [(f"{start:%m-%d}", counts.get(start, 0)) for start in starts]
