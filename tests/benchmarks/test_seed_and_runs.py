"""Seeded rows look like the services' rows, and the scale and inbox
benchmarks produce their figures on a small database."""

import io

import pytest
from django.test import modify_settings

from engine.models import Case, WorkItem


@pytest.fixture
def bench_app(db):
    with modify_settings(INSTALLED_APPS={"append": "benchmarks"}):
        yield


def _report(name):
    from benchmarks.harness import Report

    return Report(name, io.StringIO(), as_json=False)


@pytest.mark.django_db(transaction=True)
def test_seeded_cases_can_be_read_and_moved_by_the_engine(bench_app):
    from benchmarks.engine_bench import World
    from benchmarks.seed import Plan, Seeder

    world = World()
    holders = {(world.district.pk, "officer"): [world.officer.pk]}
    Seeder(
        plans=[Plan.of(world.version)],
        units=[world.district],
        holders=holders,
        applicant=world.applicant,
        tasks_per_case=3,
    ).seed(10)
    assert Case.objects.count() == 10 and WorkItem.objects.count() == 30
    open_items = WorkItem.objects.filter(status__in=["NEW", "ASSIGNED"])
    assert open_items.count() == 10  # the last task of each case
    item = open_items.filter(status="NEW").first()
    # viewflow resolves the seeded task's node, and the services can act on it
    assert item.task.flow_task.name == item.step
    from engine.runtime.services import task_claim

    claimed = task_claim(task=item.task, user=world.officer)
    assert claimed.status == "ASSIGNED" and claimed.owner == world.officer


@pytest.mark.django_db(transaction=True)
def test_scale_bench_reports_a_ratio_per_size(bench_app):
    from benchmarks.scale_bench import bench_scale

    report = _report("scale")
    bench_scale(report, sizes=[5, 20], samples=2)
    assert set(report.figures["sizes"]) == {5, 20}
    assert report.figures["sizes"][20]["transition_ms_p50"] > 0
    assert "flat_ratio" in report.figures["targets"]


@pytest.mark.django_db(transaction=True)
def test_inbox_bench_times_every_scenario_through_the_selectors(bench_app):
    from benchmarks.inbox_bench import bench_inbox

    report = _report("inbox")
    bench_inbox(report, tasks=400, samples=2)
    scenarios = report.figures["scenarios"]
    assert set(scenarios) == {"first_page", "queue_page", "form_field_filter", "applicant_search"}
    assert all(s["queries"] > 0 for s in scenarios.values())
    assert report.figures["work_items"] == 400
    # The first page is four statements (scope: roles and delegations; the
    # page; the counts); the form-field filter adds the check of its field.
    assert scenarios["first_page"]["queries"] == 4
    assert scenarios["form_field_filter"]["queries"] == 5
    printed = report.stdout.getvalue()
    assert "-- page (queue)" in printed and "-- counts (mine, queue, done)" in printed  # the query plans
