"""Reading the hierarchy, accounts and grants for the studio pages, and
"who can act on each step of each published process for a case of this
unit", with the steps nobody can take now."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from engine.models import OrgUnit, ProcessDefinition, RoleAssignment, User, WorkItem
from engine.models.cases import OPEN_STATUSES
from engine.roles.units import unit_for_task
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle

PAGE = 100


def unit_tree(*, include_retired: bool = True) -> list[dict]:
    """Every unit in tree order (the materialised path sorts parents before
    children), with its depth, its number of grants in force and of people
    whose union it is."""
    units = OrgUnit.objects.order_by("path").annotate(
        grants=Count("role_holders", distinct=True),
    )
    if not include_retired:
        units = units.filter(retired_at__isnull=True)
    members = dict(
        User.objects.filter(home_unit__isnull=False).values_list("home_unit").annotate(n=Count("pk"))
    )
    rows = []
    for unit in units:
        rows.append(
            {
                "unit": unit,
                "depth": unit.path.count("/") - 2,
                "grants": unit.grants,
                "members": members.get(unit.pk, 0),
            }
        )
    return rows


def unit_choices(*, exclude_below: OrgUnit | None = None) -> list[tuple[int, str]]:
    """Units in tree order, indented, for a select (retired ones left out;
    a unit's own subtree left out when choosing where to move it)."""
    units = OrgUnit.objects.filter(retired_at__isnull=True).order_by("path")
    if exclude_below is not None:
        units = units.exclude(path__startswith=exclude_below.path)
    return [(unit.pk, f"{'　' * (unit.path.count('/') - 2)}{unit.name}（{unit.code}）") for unit in units]


def accounts(*, query: str = "", kind: str = "", page: int = 1):
    """Accounts matching a search; `kind` staff (holds a grant), applicants
    (no grant), inactive."""
    users = User.objects.select_related("home_unit").order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(mobile__startswith=query)
            | Q(email__icontains=query)
        )
    if kind == "staff":
        users = users.filter(Q(roles__isnull=False) | Q(is_superuser=True)).distinct()
    elif kind == "applicants":
        users = users.filter(roles__isnull=True, is_superuser=False)
    elif kind == "inactive":
        users = users.filter(is_active=False)
    start = (max(page, 1) - 1) * PAGE
    return list(users[start : start + PAGE + 1])


def grants_of_user(user: User):
    return (
        RoleAssignment.objects.filter(user=user).select_related("org_unit").order_by("org_unit__path", "role")
    )


def grants_in_unit(unit: OrgUnit):
    return (
        RoleAssignment.objects.filter(org_unit=unit).select_related("user").order_by("role", "user__username")
    )


@dataclass
class StepCover:
    process: str
    version: int
    step_id: str
    step: str
    kind: str
    role: str
    role_label: str
    acting_unit: OrgUnit
    holders: list = field(default_factory=list)
    waiting: int = 0
    level_mismatch: bool = False

    @property
    def nobody(self) -> bool:
        return not self.holders


def _holders_now(pairs) -> dict:
    """{(role, unit id): [active users]} from grants in force today."""
    pairs = list(pairs)
    ancestors = {unit.pk: [int(p) for p in unit.path.strip("/").split("/") if p] for _r, unit in pairs}
    grants = (
        RoleAssignment.objects.current()
        .filter(
            role__in={role for role, _u in pairs},
            org_unit_id__in={pk for ids in ancestors.values() for pk in ids},
            user__is_active=True,
        )
        .select_related("user")
    )
    holders = {(role, unit.pk): [] for role, unit in pairs}
    for grant in grants:
        for role, unit in pairs:
            if (
                grant.role == role
                and grant.org_unit_id in ancestors[unit.pk]
                and (grant.org_unit_id == unit.pk or grant.covers_descendants)
            ):
                holders[(role, unit.pk)].append(grant.user)
    return holders


def step_coverage(unit: OrgUnit) -> list[StepCover]:
    """For a case of `unit`, each task and vote step of each published
    process: the unit its role acts in, who holds that role there today,
    and how many tasks of that step wait unclaimed in that unit."""
    rows = []
    definitions = ProcessDefinition.objects.filter(published_version__isnull=False).select_related(
        "published_version"
    )
    for definition in definitions:
        version = definition.published_version
        bundle = version_bundle(version)
        title = text({"zh": definition.title, "en": definition.title_en})
        for step in bundle.steps.values():
            if step["type"] not in ("task", "vote") or not step.get("role"):
                continue
            role = step["role"]
            spec = bundle.roles.get(role, {})
            if spec.get("applicant"):
                continue
            acting = unit_for_task(unit, step.get("unit"))
            levels = spec.get("levels") or []
            rows.append(
                StepCover(
                    process=title,
                    version=version.number,
                    step_id=step["id"],
                    step=text(step.get("title")) or step["id"],
                    kind=step["type"],
                    role=role,
                    role_label=text(spec.get("label")) or role,
                    acting_unit=acting,
                    level_mismatch=bool(levels) and acting.level not in levels,
                )
            )
    holders = _holders_now({(row.role, row.acting_unit) for row in rows})
    waiting = {(o, s, r): n for o, s, r, n in _waiting({row.acting_unit.pk for row in rows})}
    for row in rows:
        row.holders = holders[(row.role, row.acting_unit.pk)]
        row.waiting = waiting.get((row.acting_unit.pk, row.step_id, row.role), 0)
    return rows


def _waiting(unit_ids) -> list[tuple]:
    return list(
        WorkItem.objects.filter(status="NEW", org_unit_id__in=unit_ids)
        .values("org_unit_id", "step", "role")
        .annotate(n=Count("pk"))
        .values_list("org_unit_id", "step", "role", "n")
        .order_by()
    )


def open_items_in(unit_ids) -> int:
    return WorkItem.objects.filter(org_unit_id__in=unit_ids, status__in=OPEN_STATUSES).count()
