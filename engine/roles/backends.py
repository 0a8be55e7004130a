"""An authentication backend that answers role permissions.

Viewflow stores on each human task the permission a user needs to claim it
(`Task.owner_permission`) and asks `user.has_perm()`. Roles come from process
definitions (data), not from Django's Permission table, so they are encoded as
"role:<role>@<org unit id>" and answered here from RoleAssignment."""

from engine.models import OrgUnit, RoleAssignment

PREFIX = "role:"


def role_permission(role: str, unit_id: int) -> str:
    return f"{PREFIX}{role}@{unit_id}"


def parse_role_permission(perm: str):
    if not perm or not perm.startswith(PREFIX) or "@" not in perm:
        return None
    role, _, unit_id = perm[len(PREFIX) :].partition("@")
    try:
        return role, int(unit_id)
    except ValueError:
        return None


def holds_role(user, role: str, unit: OrgUnit) -> bool:
    """The user holds `role` in `unit`, or in a unit above it with
    covers_descendants."""
    if not user.is_authenticated or not user.is_active:
        return False
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    assignments = RoleAssignment.objects.current().filter(user=user, role=role, org_unit_id__in=ancestor_ids)
    for assignment in assignments:
        if assignment.org_unit_id == unit.pk or assignment.covers_descendants:
            return True
    return False


class RoleBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        parsed = parse_role_permission(perm)
        if parsed is None:
            return False
        role, unit_id = parsed
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        return unit is not None and holds_role(user_obj, role, unit)
