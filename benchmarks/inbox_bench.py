"""Benchmark 2, inbox: 100,000 cases over the four processes in 50 units
with 500 staff, ten human tasks each (1,000,000 WorkItems), seeded with
COPY; then p50/p95 of the inbox selectors (engine.inbox.selectors) for one
staff member: the first page with its tab counts, a filter on a form field
(hardship cause), and a search by applicant name. Prints the query plans."""

from __future__ import annotations

import time
from collections import Counter

from django.conf import settings
from django.db import connection
from django.db.models import Q

from engine.inbox.selectors import InboxFilters, inbox_page, inbox_queryset, tab_scope
from engine.models import Case, OrgUnit, RoleAssignment, User, WorkItem
from engine.runtime.versions import versions_load

from .harness import median, percentile
from .seed import Plan, Seeder, analyze

UNITS, STAFF_PER_UNIT = 50, 10
CAUSES = ("illness", "accident", "disability", "disaster", "unemployment", "education", "other")


def _units():
    city = OrgUnit.objects.create(code="inbox_city", name="收件箱测试市总", level="city", short_name="收")
    return [
        OrgUnit.objects.create(
            code=f"inbox_{n}", name=f"测试区总工会{n}", level="district", short_name="区", parent=city
        )
        for n in range(UNITS)
    ]


def _plans():
    plans = []
    for version, _ in versions_load(directory=settings.WORKFLOWS_DIR):
        data = None
        if version.definition.key == "hardship_aid":

            def data(rng, name):
                return {"name": name, "hardship_cause": rng.choice(CAUSES)}

        plans.append(Plan.of(version, data))
    return plans


def _staff(units, plans):
    """Ten people per unit; the roles of all steps dealt out among them, so
    that every (unit, role) has a holder."""
    roles = sorted({role for plan in plans for _, _, role in plan.steps})
    holders, users, assignments = {}, [], []
    for unit in units:
        for n in range(STAFF_PER_UNIT):
            users.append(User(username=f"staff_{unit.pk}_{n}", display_name=f"职员{unit.pk}-{n}"))
    User.objects.bulk_create(users)
    users = {u.username: u for u in User.objects.filter(username__startswith="staff_")}
    for unit in units:
        for index, role in enumerate(roles):
            user = users[f"staff_{unit.pk}_{index % STAFF_PER_UNIT}"]
            assignments.append(RoleAssignment(user=user, org_unit=unit, role=role))
            holders.setdefault((unit.pk, role), []).append(user.pk)
    RoleAssignment.objects.bulk_create(assignments)
    return holders, roles


def _busiest_role(plans) -> str:
    return Counter(role for plan in plans for _, _, role in plan.steps).most_common(1)[0][0]


def _samples(fn, count: int) -> dict:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()  # warm, and count its SQL statements
    times, cpu = [], []
    for _ in range(count):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        "p50_ms": round(median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 95) * 1000, 2),
        # This process's CPU only: leaves out the database and waiting for
        # a busy machine's scheduler (see docs/benchmarks.md).
        "cpu_ms_p50": round(median(cpu) * 1000, 2),
        "queries": len(captured.captured_queries),
        "rows": _rows(fn()),
    }


def _rows(result) -> int:
    return len(result.items) if hasattr(result, "items") else len(result[0])


def form_field_q(process_key: str, name: str, value) -> Q:
    """WorkItems whose case's form data has name == value (the inbox has no
    such filter yet; this is the query it would run)."""
    cases = Case.objects.filter(process_key=process_key, **{f"data__{name}": value}).values("pk")
    return Q(process_key=process_key, case_id__in=cases)


def _page_with_counts(user, tab, filters, extra: Q | None = None):
    if extra is None:
        return inbox_page(user=user, tab=tab, filters=filters)
    rows = list(inbox_queryset(user=user, tab=tab, filters=filters).filter(extra)[:26])
    counts = {
        t: WorkItem.objects.filter(tab_scope(user, t) & extra).count() for t in ("mine", "queue", "done")
    }
    return rows, counts


def _plans_text(user, tab, filters, extra=None) -> str:
    query = inbox_queryset(user=user, tab=tab, filters=filters)
    if extra is not None:
        query = query.filter(extra)
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    parts = [f"-- page ({tab})", query[:26].explain(**options)]
    for count_tab in ("mine", "queue", "done"):
        scoped = WorkItem.objects.filter(tab_scope(user, count_tab))
        scoped = scoped.filter(extra) if extra is not None else scoped
        from engine.inbox.selectors import filters_q

        scoped = scoped.filter(filters_q(filters))
        parts += [f"-- count ({count_tab})", scoped.explain(**options)]
    return "\n".join(parts)


def inbox_world(report, *, tasks: int) -> dict:
    """Units, staff, the four processes and `tasks` seeded work items; the
    staff member whose inbox is measured and the applicant."""
    units = _units()
    plans = _plans()
    holders, roles = _staff(units, plans)
    applicant = User.objects.create_user(username="inbox_applicant", password="pw", display_name="申请人")
    cases = max(1, tasks // 10)
    seeder = Seeder(plans=plans, units=units, holders=holders, applicant=applicant, tasks_per_case=10)
    started = time.perf_counter()
    seeder.seed(cases)
    analyze()
    report.line(
        f"  seeded {cases} cases, {WorkItem.objects.count()} work items in {time.perf_counter() - started:.1f} s"
    )
    role = _busiest_role(plans)
    user = User.objects.get(pk=holders[(units[0].pk, role)][0])
    return {
        "units": units,
        "holders": holders,
        "cases": cases,
        "role": role,
        "user": user,
        "applicant": applicant,
    }


def bench_inbox(report, *, tasks: int, samples: int, show_plans: bool = True):
    world = inbox_world(report, tasks=tasks)
    units, holders, cases, role, user = (world[k] for k in ("units", "holders", "cases", "role", "user"))
    # A name that is in this person's queue, searched by its first two characters.
    queue = inbox_queryset(user=user, tab="queue", filters=InboxFilters())
    name = queue.values_list("applicant_name", flat=True).first() or "王"
    scenarios = {
        "first_page": ("mine", InboxFilters(), None, 50),
        "queue_page": ("queue", InboxFilters(), None, 50),
        "form_field_filter": (
            "queue",
            InboxFilters(),
            form_field_q("hardship_aid", "hardship_cause", "illness"),
            200,
        ),
        "applicant_search": ("queue", InboxFilters(q=name[:2]), None, 200),
    }
    results = {}
    for label, (tab, filters, extra, limit) in scenarios.items():
        results[label] = _samples(lambda t=tab, f=filters, e=extra: _page_with_counts(user, t, f, e), samples)
        results[label]["target_p95_ms"] = limit
        figures = results[label]
        report.line(
            f"  {label:18s} p50 {figures['p50_ms']:8.2f} ms  p95 {figures['p95_ms']:8.2f} ms"
            f"  CPU p50 {figures['cpu_ms_p50']:6.2f} ms  ({figures['queries']} SQL statements,"
            f" {figures['rows']} rows on the page)"
        )
        if show_plans:
            report.line(_plans_text(user, tab, filters, extra))
    report.set(
        cases=cases,
        work_items=WorkItem.objects.count(),
        staff=len(set(sum(holders.values(), []))),
        units=len(units),
        measured_user=user.username,
        role=role,
        scenarios=results,
        samples=samples,
    )
    for label, figures in results.items():
        report.check(f"{label}_p95_ms", figures["p95_ms"], figures["target_p95_ms"])
