"""Resolving the org unit a task's role is looked up in."""

from engine.models import OrgUnit


def unit_for_task(case_unit: OrgUnit, where: str | None) -> OrgUnit:
    """`unit:` of a task step: 'case' (default) is the case's own unit,
    'parent' the unit above it, a level name the nearest unit at that level
    (the case's own unit when it is already at that level)."""
    where = where or "case"
    if where == "case":
        return case_unit
    if where == "parent":
        return case_unit.parent or case_unit
    if case_unit.level == where:
        return case_unit
    for unit in case_unit.ancestors():
        if unit.level == where:
            return unit
    return case_unit
