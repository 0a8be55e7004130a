"""Whose tasks a staff member sees, read once per request.

The inbox page, its three tab counts and the filter form's unit list all
depend on the same facts: the user's role assignments (with the units below
those that cover descendants) and today's delegations to them. Reading them
once and deriving every tab's WHERE clause from them keeps the first page at
a handful of statements instead of re-reading them per tab."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from engine.models import OrgUnit, RoleAssignment
from engine.roles.policy import delegators_of

OPEN = ("ASSIGNED", "STARTED")


@dataclass(frozen=True)
class Scope:
    user_id: int
    is_superuser: bool
    # role -> ids of the units where its tasks reach the user's queue
    role_units: dict
    # every unit in scope (held, or below a covering assignment), by path
    units: list
    # users whose open tasks the user may act on today, as their delegate
    delegators: tuple

    @property
    def key(self) -> tuple:
        """Everything the tabs' WHERE clauses depend on, hashable."""
        roles = tuple(sorted((role, tuple(sorted(units))) for role, units in self.role_units.items()))
        return (self.user_id, roles, self.delegators)

    @property
    def is_staff(self) -> bool:
        """The rule of engine.roles.policy.is_staff_member, answered from the
        assignments already read (a test keeps the two in step)."""
        return self.is_superuser or bool(self.role_units)

    def tab(self, tab: str) -> Q:
        """The WHERE clause of a tab, shaped for its partial index."""
        if tab == "queue":
            terms = Q(pk__in=[])
            for role, unit_ids in self.role_units.items():
                terms |= Q(role=role, org_unit_id__in=sorted(unit_ids))
            # Four-eyes: a task the user may not take is not offered to them.
            return Q(status="NEW") & terms & ~Q(barred=self.user_id)
        if tab == "done":
            return Q(completed_by_id=self.user_id)
        return Q(status__in=OPEN, owner_id__in=[self.user_id, *self.delegators])


def scope_of(user, *, today=None) -> Scope:
    """Two statements (assignments, delegations), three when an assignment
    covers the units below."""
    assignments = list(RoleAssignment.objects.current(today).filter(user=user).select_related("org_unit"))
    units = {a.org_unit_id: a.org_unit for a in assignments}
    covering = [a for a in assignments if a.covers_descendants]
    below = []
    if covering:
        prefix = Q(pk__in=[])
        for assignment in covering:
            prefix |= Q(path__startswith=assignment.org_unit.path)
        below = list(OrgUnit.objects.filter(prefix))
        units.update((unit.pk, unit) for unit in below)
    role_units: dict = {}
    for assignment in assignments:
        reach = role_units.setdefault(assignment.role, set())
        reach.add(assignment.org_unit_id)
        if assignment.covers_descendants:
            path = assignment.org_unit.path
            reach.update(unit.pk for unit in below if unit.path.startswith(path))
    return Scope(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        role_units=role_units,
        units=sorted(units.values(), key=lambda unit: unit.path),
        delegators=tuple(delegators_of(user, today=today or timezone.localdate())),
    )
