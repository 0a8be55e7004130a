"""The stage a dry run plays on: made-up units and people created inside the
dry run's transaction (and rolled back with it), a simulated clock, and a
deadline sweep limited to the simulated case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from viewflow.workflow.models import Task

from engine.models import OrgUnit, RoleAssignment, User, WorkItem
from engine.runtime import deadlines
from engine.runtime.compiler import WaitNode
from engine.runtime.timing import add_duration

PREFIX = "dryrun-"
LEVELS = ["national", "province", "city", "district", "enterprise"]


def sim_units(owner_level: str) -> OrgUnit:
    """A chain of units from the top down to the process's owner level;
    returns the bottom one, where the simulated case is filed."""
    parent = None
    for level in LEVELS[: LEVELS.index(owner_level) + 1 if owner_level in LEVELS else 4]:
        parent = OrgUnit.objects.create(
            code=f"{PREFIX}{level}",
            name=f"模拟{OrgUnit.Level(level).label}",
            level=level,
            short_name="模",
            parent=parent,
        )
    return parent


def sim_user(name: str, *, role: str = "", unit: OrgUnit | None = None) -> User:
    user, _ = User.objects.get_or_create(
        username=f"{PREFIX}{name}", defaults={"display_name": f"模拟·{name}"}
    )
    if role:
        RoleAssignment.objects.get_or_create(user=user, org_unit=unit, role=role)
    return user


def actor_for(item: WorkItem) -> User:
    """Whoever may act on the task: its holder, else a made-up role holder."""
    if item.owner_id:
        return item.owner
    return sim_user(f"{item.role}-{item.org_unit_id}", role=item.role, unit=item.org_unit)


class Clock:
    """Simulated time. It never runs behind the real clock, because the
    engine stamps tasks with the real time and deadlines count from there."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, duration: str) -> dt.datetime:
        self.now = add_duration(max(self.now, timezone.now()), duration)
        return self.now

    def jump_to(self, moment: dt.datetime) -> dt.datetime:
        self.now = max(self.now, moment, timezone.now())
        return self.now


def next_wake(case) -> dt.datetime | None:
    waits = Task.objects.filter(process_id=case.pk, status="NEW", scheduled__isnull=False).order_by(
        "scheduled"
    )
    return next((task.scheduled for task in waits if isinstance(task.flow_task, WaitNode)), None)


def tick_case(case, now) -> None:
    """deadlines_tick's sweep, for this one case only."""
    deadlines.deadlines_tick(now=now, case=case)
