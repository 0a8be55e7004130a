"""The inbox queries: one table (WorkItem), one indexed query per tab.

Each tab's WHERE clause is shaped to hit one partial index of WorkItem:
`queue` an OR of (org_unit IN ..., role = ...) terms on wi_queue (status NEW),
`mine` owner IN (me, people I stand in for) on wi_mine, `done` completed_by on
wi_done. Filters only narrow those; ordering follows the index columns
(due_at, created, task_id), so the first pages come straight off the index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone

from engine.models import Case, OrgUnit, RoleAssignment, User, WorkItem
from engine.roles.policy import delegators_of

TABS = ("mine", "queue", "done")
OPEN = ("ASSIGNED", "STARTED")
PER_PAGE = 25
COUNT_CAP = 1000


@dataclass
class InboxFilters:
    process: str = ""
    step: str = ""
    due: str = ""  # "" | overdue | today | near
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    org_unit: OrgUnit | None = None
    q: str = ""
    sort: str = "due"  # due | age


@dataclass
class InboxPage:
    tab: str
    items: list
    page: int
    has_next: bool
    counts: dict = field(default_factory=dict)


def queue_scope(user) -> Q:
    """(role = r AND org_unit IN units) for each role the user holds, with the
    units below a unit where the assignment covers descendants."""
    terms = Q(pk__in=[])
    for assignment in RoleAssignment.objects.filter(user=user).select_related("org_unit"):
        if assignment.covers_descendants:
            units = list(
                OrgUnit.objects.filter(path__startswith=assignment.org_unit.path).values_list("pk", flat=True)
            )
        else:
            units = [assignment.org_unit_id]
        terms |= Q(role=assignment.role, org_unit_id__in=units)
    return terms


def tab_scope(user, tab: str, *, today=None) -> Q:
    if tab == "queue":
        return Q(status="NEW") & queue_scope(user)
    if tab == "done":
        return Q(completed_by=user)
    return Q(status__in=OPEN, owner_id__in=[user.pk, *delegators_of(user, today=today)])


def _due_filter(due: str, now) -> Q:
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59, second=59, microsecond=999999)
    if due == "overdue":
        return Q(due_at__lt=now)
    if due == "today":
        return Q(due_at__gte=now, due_at__lte=end_of_day)
    if due == "near":
        # Near-due as the definition declares it: past the reminder time.
        return Q(due_at__gte=now, remind_at__lte=now)
    return Q()


def looks_like_id_number(text: str) -> bool:
    text = text.strip().upper()
    return len(text) in (15, 18) and text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X")


def _search(q: str) -> Q:
    q = q.strip()
    if not q:
        return Q()
    if looks_like_id_number(q):
        # Case.id_number is indexed; a sub-select keeps the inbox a one-table scan.
        return Q(case_id__in=Case.objects.filter(id_number=q.upper()).values("pk"))
    return Q(case_number__startswith=q) | Q(applicant_name__startswith=q)


def filters_q(filters: InboxFilters, *, now=None) -> Q:
    now = now or timezone.now()
    query = _due_filter(filters.due, now) & _search(filters.q)
    if filters.process:
        query &= Q(process_key=filters.process)
    if filters.step:
        # "process:step" from the filter form (step ids repeat across processes).
        process, _, step = filters.step.rpartition(":")
        query &= Q(step=step) & (Q(process_key=process) if process else Q())
    if filters.created_from:
        query &= Q(created__date__gte=filters.created_from)
    if filters.created_to:
        query &= Q(created__date__lte=filters.created_to)
    if filters.org_unit is not None:
        below = OrgUnit.objects.filter(path__startswith=filters.org_unit.path).values("pk")
        query &= Q(org_unit_id__in=below)
    return query


def _ordering(tab: str, sort: str):
    if tab == "done":
        return [F("finished").desc(nulls_last=True), "-task_id"]
    if sort == "age":
        return ["created", "task_id"]
    return [F("due_at").asc(nulls_last=True), "created", "task_id"]


def inbox_queryset(*, user, tab: str, filters: InboxFilters, now=None, scope: Q | None = None):
    query = (scope if scope is not None else tab_scope(user, tab)) & filters_q(filters, now=now)
    return WorkItem.objects.filter(query).order_by(*_ordering(tab, filters.sort))


def tab_scopes(user, *, today=None) -> dict:
    """Every tab's scope, reading the user's roles and delegations once for
    the page and its counts."""
    return {tab: tab_scope(user, tab, today=today) for tab in TABS}


def inbox_counts(*, user, filters: InboxFilters, now=None, scopes: dict | None = None) -> dict:
    """Per tab, the number of items matching the same filters, counted up to
    COUNT_CAP (shown as "1000+"): a count over a covering head's whole queue
    or years of finished tasks would otherwise read every row each time."""
    scopes = scopes or tab_scopes(user)
    extra = filters_q(filters, now=now)
    return {tab: WorkItem.objects.filter(scopes[tab] & extra)[:COUNT_CAP].count() for tab in TABS}


def inbox_page(*, user, tab: str, filters: InboxFilters, page: int = 1, per_page: int = PER_PAGE, now=None):
    """One page of a tab: LIMIT per_page + 1 to know whether there is a next
    page without counting again (the tab counts already did)."""
    now = now or timezone.now()
    tab = tab if tab in TABS else "mine"
    page = max(1, page)
    start = (page - 1) * per_page
    scopes = tab_scopes(user)
    queryset = inbox_queryset(user=user, tab=tab, filters=filters, now=now, scope=scopes[tab])
    rows = list(queryset.select_related("org_unit", "owner")[start : start + per_page + 1])
    items = rows[:per_page]
    _decorate(items, user=user, now=now)
    return InboxPage(
        tab=tab,
        items=items,
        page=page,
        has_next=len(rows) > per_page,
        counts=inbox_counts(user=user, filters=filters, now=now, scopes=scopes),
    )


def due_state(item: WorkItem, now) -> str:
    """overdue | near | "" from the deadline the definition gave the step."""
    if item.status not in ("NEW", *OPEN) or item.due_at is None:
        return ""
    if item.due_at < now:
        return "overdue"
    if item.remind_at is not None and item.remind_at <= now:
        return "near"
    return ""


def mask_id_number(value: str) -> str:
    """3714**********1234: the first four and last four characters."""
    value = value or ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _decorate(items, *, user, now):
    """Masked ID numbers (one query for the page), due marks, delegation."""
    ids = dict(Case.objects.filter(pk__in=[i.case_id for i in items]).values_list("pk", "id_number"))
    for item in items:
        item.masked_id = mask_id_number(ids.get(item.case_id, ""))
        item.due_state = due_state(item, now)
        item.for_other = item.owner if item.owner_id and item.owner_id != user.pk else None


def filter_choices(user) -> dict:
    """What the filter form offers: processes and their human steps from the
    published definitions (cached bundles, no scan of the tasks), and the
    units where the user holds a role."""
    from engine.models import ProcessDefinition
    from engine.runtime.labels import text
    from engine.runtime.versions import version_bundle

    processes, steps = [], []
    for definition in ProcessDefinition.objects.filter(published_version__isnull=False).select_related(
        "published_version"
    ):
        processes.append((definition.key, definition.title))
        for step in version_bundle(definition.published_version).steps.values():
            if step["type"] in ("task", "vote"):
                steps.append(
                    (
                        f"{definition.key}:{step['id']}",
                        f"{definition.title} · {text(step.get('title')) or step['id']}",
                    )
                )
    return {"processes": processes, "steps": steps, "units": list(units_in_scope(user))}


def units_in_scope(user):
    """Units where the user holds a role, and those below where it covers them."""
    query = Q(pk__in=[])
    for assignment in RoleAssignment.objects.filter(user=user).select_related("org_unit"):
        if assignment.covers_descendants:
            query |= Q(path__startswith=assignment.org_unit.path)
        else:
            query |= Q(pk=assignment.org_unit_id)
    return OrgUnit.objects.filter(query).order_by("path")


def colleagues_for(item: WorkItem):
    """People who could take this task over: holders of its role in its unit
    (or covering it from above)."""
    ancestor_ids = [int(part) for part in item.org_unit.path.strip("/").split("/") if part]
    holders = RoleAssignment.objects.filter(role=item.role, org_unit_id__in=ancestor_ids).select_related(
        "user"
    )
    users = {a.user.pk: a.user for a in holders if a.org_unit_id == item.org_unit_id or a.covers_descendants}
    return sorted(users.values(), key=lambda u: u.display_name or u.username)


def delegation_candidates(user):
    """Colleagues in the units where the user holds a role."""
    units = RoleAssignment.objects.filter(user=user).values("org_unit_id")
    return (
        User.objects.filter(roles__org_unit_id__in=units, is_active=True)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("display_name", "username")
    )
