"""Benchmark 2, inbox: 100,000 cases over the four processes in 50 units
with 500 staff, ten human tasks each (1,000,000 WorkItems), seeded with
COPY; then p50/p95 of the inbox selectors (engine.inbox.selectors) for one
staff member: the first page with its tab counts, the inbox's form-field
filter (hardship cause = illness), and a search by applicant name. Prints
the query plans of the page and of the counts statement."""

from __future__ import annotations

import time
from collections import Counter

from django.conf import settings
from django.db import connection

from engine.inbox.scope import scope_of
from engine.inbox.selectors import InboxFilters, counts_statement, inbox_page, inbox_queryset, page_queryset
from engine.models import OrgUnit, RoleAssignment, User, WorkItem
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
    return len(result.items)


def _plans_text(user, tab, filters) -> str:
    """EXPLAIN (ANALYZE on PostgreSQL) of the two statements a page runs
    besides the scope: the page's rows and the three tab counts."""
    scope = scope_of(user)
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    page = page_queryset(user=user, tab=tab, filters=filters, scope=scope)[:26]
    parts = [f"-- page ({tab})", page.explain(**options)]
    sql, params, _ = counts_statement(scope=scope, filters=filters)
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
    parts += ["-- counts (mine, queue, done)", plan]
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
        "first_page": ("mine", InboxFilters(), 50),
        "queue_page": ("queue", InboxFilters(), 50),
        # The inbox's own form-field filter (engine.inbox.fields), as the
        # filter form sends it: the process, and the field's value.
        "form_field_filter": (
            "queue",
            InboxFilters(process="hardship_aid", fields={"hardship_cause": "illness"}),
            200,
        ),
        "applicant_search": ("queue", InboxFilters(q=name[:2]), 200),
    }
    results = {}
    for label, (tab, filters, limit) in scenarios.items():
        # Everything a request does in the selectors: the scope, the
        # field check, the page, the counts.
        results[label] = _samples(lambda t=tab, f=filters: inbox_page(user=user, tab=t, filters=f), samples)
        results[label]["target_p95_ms"] = limit
        figures = results[label]
        report.line(
            f"  {label:18s} p50 {figures['p50_ms']:8.2f} ms  p95 {figures['p95_ms']:8.2f} ms"
            f"  CPU p50 {figures['cpu_ms_p50']:6.2f} ms  ({figures['queries']} SQL statements,"
            f" {figures['rows']} rows on the page)"
        )
        if show_plans:
            report.line(_plans_text(user, tab, filters))
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
