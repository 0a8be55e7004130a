"""The inbox queries: one table (WorkItem), one indexed query per tab.

Each tab's WHERE clause is shaped to hit one partial index of WorkItem:
`queue` an OR of (org_unit IN ..., role = ...) terms on wi_queue (status NEW),
`mine` owner IN (me, people I stand in for) on wi_mine, `done` completed_by on
wi_done. Filters only narrow those; ordering follows the index columns
(due_at, created, task_id), so the first pages come straight off the index.

A first page costs four statements: the user's role assignments and
delegations (engine.inbox.scope, read once for the page, the counts and the
filter form), the page itself (with the cases' ID numbers joined in), and the
three capped tab counts in one statement."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from engine.models import Case, OrgUnit, RoleAssignment, User, WorkItem

from .fields import case_data_q, check_fields
from .scope import OPEN, Scope, scope_of

TABS = ("mine", "queue", "done")
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
    # Form fields of `process`'s case data: {name: value} (engine.inbox.fields).
    fields: dict = field(default_factory=dict)


@dataclass
class InboxPage:
    tab: str
    items: list
    page: int
    has_next: bool
    counts: dict = field(default_factory=dict)


def tab_scope(user, tab: str, *, today=None, scope: Scope | None = None) -> Q:
    return (scope or scope_of(user, today=today)).tab(tab)


def queue_scope(user) -> Q:
    return tab_scope(user, "queue")


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
    if MOBILE.match(q):
        # The applicant's login mobile (indexed), or a mobile field of the case.
        cases = Case.objects.filter(applicant__mobile=q).values("pk")
        by_field = _data_contains(searchable_data_keys()["mobiles"], q, exact=True)
        return Q(case_id__in=cases) | (Q(case_id__in=by_field) if by_field is not None else Q(pk__in=[]))
    query = Q(case_number__contains=q) | Q(applicant_name__startswith=q)
    if ID_PREFIX.match(q):
        # Case.id_number's index serves a prefix match (LIKE 'q%').
        query |= Q(case_id__in=Case.objects.filter(id_number__startswith=q.upper()).values("pk"))
    numbers = _data_contains(searchable_data_keys()["numbers"], q) if len(q) >= 2 else None
    if numbers is not None:
        query |= Q(case_id__in=numbers)  # an official number (禹困〔2026〕001号), or part of one
    return query


MOBILE = re.compile(r"^1\d{10}$")
ID_PREFIX = re.compile(r"^\d{6,17}[\dXx]?$")


def _data_contains(keys, q: str, *, exact=False):
    """Cases whose data holds `q` in one of `keys` (None without keys); the
    values are read as text, so part of 禹困〔2026〕007号 matches."""
    from django.db.models.fields.json import KT

    if not keys:
        return None
    names = {f"_search_{index}": KT(f"data__{key}") for index, key in enumerate(keys)}
    condition = Q()
    for name in names:
        condition |= Q(**{name if exact else f"{name}__contains": q})
    return Case.objects.annotate(**names).filter(condition).values("pk")


_keys_cache: dict = {}


def searchable_data_keys() -> dict:
    """Case-data names the search reads, from the published definitions:
    where number actions put official numbers (`into:`) and the fields of
    type mobile. Cached per set of published versions."""
    from engine.runtime.versions import version_bundle

    definitions = published_definitions()
    key = tuple(sorted((d.key, d.published_version_id) for d in definitions.values()))
    found = _keys_cache.get(key)
    if found is None:
        numbers, mobiles = set(), set()
        for definition in definitions.values():
            bundle = version_bundle(definition.published_version)
            for step in bundle.steps.values():
                for action in step.get("actions") or []:
                    if "number" in action:
                        numbers.add(action.get("into") or action["number"])
            mobiles |= {
                name for name, kind in bundle.field_types().items() if kind == "mobile" and "." not in name
            }
        found = {"numbers": sorted(numbers), "mobiles": sorted(mobiles)}
        if len(_keys_cache) > 16:
            _keys_cache.clear()
        _keys_cache[key] = found
    return found


def filters_q(filters: InboxFilters, *, now=None) -> Q:
    """The filters as one Q. Form-field filters need their process (the
    names mean something only within it); check them first with
    `check_filters`, which inbox_page does."""
    now = now or timezone.now()
    query = _due_filter(filters.due, now) & _search(filters.q)
    if filters.fields and not filters.process:
        raise ValueError("a form-field filter needs its process")
    if filters.process:
        query &= Q(process_key=filters.process) & case_data_q(filters.fields)
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


def check_filters(filters: InboxFilters, *, version=None) -> None:
    """Refuse form-field filters the process does not declare (UnknownField);
    `version` is the process's published version when the caller has it."""
    if not filters.fields:
        return
    if not filters.process:
        raise ValueError("a form-field filter needs its process")
    if version is None:
        from engine.models import ProcessDefinition

        definition = ProcessDefinition.objects.select_related("published_version").get(key=filters.process)
        version = definition.published_version
    check_fields(version, filters.fields)


def _ordering(tab: str, sort: str):
    if tab == "done":
        return [F("finished").desc(nulls_last=True), "-task_id"]
    if sort == "age":
        return ["created", "task_id"]
    return [F("due_at").asc(nulls_last=True), "created", "task_id"]


def inbox_queryset(*, user, tab: str, filters: InboxFilters, now=None, scope: Scope | None = None):
    query = tab_scope(user, tab, scope=scope) & filters_q(filters, now=now)
    return WorkItem.objects.filter(query).order_by(*_ordering(tab, filters.sort))


def tab_scopes(user, *, today=None) -> dict:
    scope = scope_of(user, today=today)
    return {tab: scope.tab(tab) for tab in TABS}


def inbox_counts(*, user, filters: InboxFilters, now=None, scope: Scope | None = None) -> dict:
    """Per tab, the number of items matching the same filters, counted up to
    COUNT_CAP (shown as "1000+"): a count over a covering head's whole queue
    or years of finished tasks would otherwise read every row each time.
    The three counts go to the database as one statement of three capped
    sub-selects, each on its own index: one round trip instead of three."""
    sql, params, counts = counts_statement(scope=scope or scope_of(user), filters=filters, now=now)
    if sql:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            counts.update(zip([tab for tab in TABS if tab not in counts], cursor.fetchone(), strict=True))
    return {tab: counts[tab] for tab in TABS}


_unfiltered_counts: dict = {}


def counts_statement(*, scope: Scope, filters: InboxFilters, now=None):
    """(sql, params, {tab: 0 for tabs that cannot match}) of the tab counts.
    Without filters the statement depends on the scope alone (no clock, no
    input), so it is compiled once per scope: building three querysets was
    a third of the counts' time on every first page."""
    key = (scope.key, COUNT_CAP) if filters == InboxFilters() else None
    if key in _unfiltered_counts:
        sql, params, empty = _unfiltered_counts[key]
        return sql, list(params), dict(empty)
    sql, params, empty = _counts_statement(scope=scope, filters=filters, now=now)
    if key is not None:
        if len(_unfiltered_counts) > 4096:  # one entry per active staff member; never unbounded
            _unfiltered_counts.clear()
        _unfiltered_counts[key] = (sql, tuple(params), dict(empty))
    return sql, params, empty


def _counts_statement(*, scope: Scope, filters: InboxFilters, now=None):
    extra = filters_q(filters, now=now)
    parts, params, empty = [], [], {}
    for tab in TABS:
        capped = WorkItem.objects.filter(scope.tab(tab) & extra).order_by().values("pk")[:COUNT_CAP]
        try:
            sql, tab_params = capped.query.get_compiler(using=capped.db).as_sql()
        except EmptyResultSet:  # e.g. the queue of someone who holds no role
            empty[tab] = 0
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS {tab}_rows)")
        params.extend(tab_params)
    return ("SELECT " + ", ".join(parts) if parts else ""), params, empty


MAX_PAGE = 100_000


def page_queryset(*, user, tab: str, filters: InboxFilters, now=None, scope: Scope | None = None):
    """The page's rows, with what the list shows of their unit and owner,
    and the case's ID number to show masked joined in by the case's primary
    key (a page of rows, not a second query)."""
    queryset = inbox_queryset(user=user, tab=tab, filters=filters, now=now, scope=scope)
    return queryset.select_related("org_unit", "owner").annotate(case_id_number=F("case__id_number"))


def inbox_page(
    *,
    user,
    tab: str,
    filters: InboxFilters,
    page: int = 1,
    per_page: int = PER_PAGE,
    now=None,
    scope: Scope | None = None,
    version=None,
):
    """One page of a tab: LIMIT per_page + 1 to know whether there is a next
    page without counting again (the tab counts already did). `scope` and
    `version` (the filtered process's published version) when the caller
    has read them already."""
    now = now or timezone.now()
    tab = tab if tab in TABS else "mine"
    # Past the last page is an empty page; a 40-digit page number must not
    # reach the database as an OFFSET it cannot hold.
    page = min(max(1, page), MAX_PAGE)
    start = (page - 1) * per_page
    check_filters(filters, version=version)
    scope = scope or scope_of(user)
    queryset = page_queryset(user=user, tab=tab, filters=filters, now=now, scope=scope)
    rows = list(queryset[start : start + per_page + 1])
    items = rows[:per_page]
    _decorate(items, user=user, now=now)
    return InboxPage(
        tab=tab,
        items=items,
        page=page,
        has_next=len(rows) > per_page,
        counts=inbox_counts(user=user, filters=filters, now=now, scope=scope),
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
    """Masked ID numbers, due marks, delegation."""
    for item in items:
        item.masked_id = mask_id_number(item.case_id_number)
        item.due_state = due_state(item, now)
        item.for_other = item.owner if item.owner_id and item.owner_id != user.pk else None


_choices_cache: dict = {}


def published_definitions() -> dict:
    """{key: ProcessDefinition} with their published versions, in one
    statement; the versions' stored files are left in the database (they
    are read only when a version's bundle is not cached yet)."""
    from engine.models import ProcessDefinition

    rows = (
        ProcessDefinition.objects.filter(published_version__isnull=False)
        .select_related("published_version")
        .defer("published_version__files", "published_version__errors")
    )
    return {definition.key: definition for definition in rows}


def filter_choices(user=None, *, scope: Scope | None = None, definitions: dict | None = None) -> dict:
    """What the filter form offers: processes and their human steps from the
    published definitions (cached per language and set of published
    versions, so a request only reads which versions are published), and
    the units in the user's scope (already read with the scope)."""
    from django.utils.translation import get_language

    scope = scope or scope_of(user)
    definitions = published_definitions() if definitions is None else definitions
    key = (
        get_language(),
        tuple(
            (d.key, d.title, d.title_en, d.published_version_id, d.published_version.content_hash)
            for d in definitions.values()
        ),
    )
    lists = _choices_cache.get(key)
    if lists is None:
        lists = _process_and_step_choices(definitions.values())
        if len(_choices_cache) > 64:  # old version sets and languages; never grows unbounded
            _choices_cache.clear()
        _choices_cache[key] = lists
    if not scope.is_superuser:
        lists = _only_own(lists, set(scope.role_units))
    units_key = tuple(unit.pk for unit in scope.units)
    roles_key = tuple(sorted(scope.role_units)) if not scope.is_superuser else ("*",)
    return {**lists, "units": scope.units, "definitions": definitions, "key": (key, units_key, roles_key)}


def _only_own(lists: dict, roles: set) -> dict:
    """The processes and steps where one of the user's roles acts (a step's
    role, or its escalation role); a superuser sees them all."""
    steps = [(value, label) for value, label, role_set in lists["step_roles"] if role_set & roles]
    keys = {value.split(":", 1)[0] for value, _label in steps}
    return {
        "processes": [(key, label) for key, label in lists["processes"] if key in keys],
        "steps": steps,
        "step_roles": lists["step_roles"],
    }


def _process_and_step_choices(definitions) -> dict:
    from engine.runtime.labels import text
    from engine.runtime.versions import version_bundle

    processes, steps, step_roles = [], [], []
    for definition in definitions:
        title = text({"zh": definition.title, "en": definition.title_en})
        processes.append((definition.key, title))
        for step in version_bundle(definition.published_version).steps.values():
            if step["type"] in ("task", "vote"):
                value = f"{definition.key}:{step['id']}"
                label = f"{title} · {text(step.get('title')) or step['id']}"
                steps.append((value, label))
                escalate = ((step.get("deadline") or {}).get("escalate") or {}).get("role")
                step_roles.append((value, label, {r for r in (step.get("role"), escalate) if r}))
    return {"processes": processes, "steps": steps, "step_roles": step_roles}


def colleagues_for(item: WorkItem):
    """People who could take this task over: holders of its role in its unit
    (or covering it from above)."""
    ancestor_ids = [int(part) for part in item.org_unit.path.strip("/").split("/") if part]
    holders = (
        RoleAssignment.objects.current()
        .filter(role=item.role, org_unit_id__in=ancestor_ids)
        .select_related("user")
    )
    users = {a.user.pk: a.user for a in holders if a.org_unit_id == item.org_unit_id or a.covers_descendants}
    return sorted(users.values(), key=lambda u: u.display_name or u.username)


def delegation_candidates(user):
    """Colleagues in the units where the user holds a role."""
    units = RoleAssignment.objects.current().filter(user=user).values("org_unit_id")
    return (
        User.objects.filter(
            roles__in=RoleAssignment.objects.current().filter(org_unit_id__in=units), is_active=True
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("display_name", "username")
    )
