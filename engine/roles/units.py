"""Resolving the org unit a task's role is looked up in."""

from engine.models import OrgUnit, RoleAssignment


def unit_for_task(case_unit: OrgUnit, where, *, data: dict | None = None, role: str | None = None) -> OrgUnit:
    """`unit:` of a task step: 'case' (default) is the case's own unit,
    'parent' the unit above it, 'grandparent' the one above that, a level
    name the nearest unit at that level (the case's own unit when it is
    already at that level), and {field: name} the union picked in an
    org_unit field, or the unit of the person picked in a user field (where
    they hold `role`, else their first unit). The validator refuses a level
    that some union of the owner level lacks above it; here a unit that
    cannot be found falls back to the case's unit."""
    where = where or "case"
    if isinstance(where, dict):
        return _picked_unit(case_unit, where.get("field"), data or {}, role) or case_unit
    if where == "case":
        return case_unit
    if where == "parent":
        return case_unit.parent or case_unit
    if where == "grandparent":
        parent = case_unit.parent
        return (parent.parent if parent is not None else None) or parent or case_unit
    if case_unit.level == where:
        return case_unit
    for unit in case_unit.ancestors():
        if unit.level == where:
            return unit
    return case_unit


def _picked_unit(case_unit, field, data, role):
    value = data.get(field) if field else None
    if value in (None, ""):
        return None
    if isinstance(value, str) and not value.isdigit():
        return OrgUnit.objects.filter(code=value).first()
    assignments = RoleAssignment.objects.filter(user_id=int(value)).select_related("org_unit").order_by("pk")
    held = [a for a in assignments if role is None or a.role == role]
    chosen = held or list(assignments)
    return chosen[0].org_unit if chosen else None
