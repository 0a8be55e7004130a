"""The engine benchmark runs both variants of its process to the same ends,
and the bench command prints its figures last as JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import modify_settings

from engine.models import Case, CaseEvent, WorkItem

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench_app(db):
    """The hand-written Flow must live in an installed app for viewflow."""
    with modify_settings(INSTALLED_APPS={"append": "benchmarks"}):
        yield


@pytest.fixture
def world(bench_app):
    from benchmarks.engine_bench import World

    return World()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("variant", ["declarative", "handwritten"])
def test_each_variant_runs_a_case_to_its_end_through_the_services(world, variant):
    from benchmarks.engine_bench import VARIANTS, run_case

    with VARIANTS[variant]():
        large, small = run_case(world), run_case(world)
    expected_class = "BenchHandwritten" if variant == "handwritten" else "BenchFlow_v1"
    for case, status in ((large, "large"), (small, "small")):
        case = Case.objects.get(pk=case.pk)
        assert case.flow_class.__name__ == expected_class
        # The end is reached after the join: the summary must still see it.
        assert case.status == "DONE" and case.final_status == status
        assert WorkItem.objects.filter(case=case, status="DONE").count() == 2
        actions = sorted(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
        assert actions == ["claim", "claim", "complete", "complete", "start"]


def test_a_start_opening_two_queue_tasks_announces_them_with_one_query_and_one_insert(world):
    """The benchmark's start splits into two tasks in the officers' queue:
    both announced with one read of the holders and one insert."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.engine_bench import VALID_ID
    from engine.models import Notification
    from engine.runtime import services

    with CaptureQueriesContext(connection) as captured:
        case = services.case_start(
            version=world.version,
            applicant=world.applicant,
            org_unit=world.district,
            data={"name": "甲", "id_number": VALID_ID, "amount": "100.00"},
        )
    sql = [q["sql"] for q in captured.captured_queries]
    assert sum('FROM "engine_roleassignment"' in s for s in sql) == 1
    assert sum(s.startswith('INSERT INTO "engine_notification"') for s in sql) == 1
    # two tasks × two officers
    assert Notification.objects.filter(case=case, key="task_role").count() == 4


@pytest.mark.django_db(transaction=True)
def test_bench_engine_reports_both_variants_and_the_ratio(bench_app):
    import io

    from benchmarks.engine_bench import bench_engine
    from benchmarks.harness import Report

    out = io.StringIO()
    report = Report("engine", out, as_json=False)
    # No parallel run here: forked workers cannot see an in-memory SQLite test
    # database (the PostgreSQL test below runs it).
    bench_engine(report, cases=2, rounds=2, warmup=1, workers=0)
    figures = report.figures
    assert set(figures["variants"]) == {"declarative", "handwritten"}
    assert figures["variants"]["declarative"]["task_completions_per_s"] > 0
    assert figures["ratio_declarative_to_handwritten"] > 0
    assert figures["queries_per_case"]["declarative"] > 20
    assert "time_ratio" in figures["targets"] and "ratio declarative" in out.getvalue()
    # The baseline measured in the same run: an ORM read costs more than a bare round trip.
    costs = figures["statement_costs"]
    assert costs["orm_get_us"] > costs["round_trip_us"] > 0
    assert figures["parallel"] is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_run_finishes_every_case_of_every_worker(world):
    """Two forked workers run cases at once on the same PostgreSQL database;
    every case of both reaches its end and the case numbers stay unique."""
    from benchmarks.engine_bench import run_parallel

    before = set(Case.objects.values_list("pk", flat=True))
    figures = run_parallel(world, workers=2, count=3)
    new = Case.objects.exclude(pk__in=before)
    assert figures["cases"] == 6 and new.count() == 6 + 2 * 3  # and each worker's 3 warm-up cases
    assert not new.exclude(status="DONE").exists()
    assert len(set(new.values_list("number", flat=True))) == new.count()
    assert figures["task_completions_per_s"] > 0


def test_bench_command_prints_json_last():
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.local")
    env.pop("DATABASE_URL", None)  # a throw-away SQLite file
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "engine",
            "--cases",
            "2",
            "--rounds",
            "1",
            "--warmup",
            "1",
            "--json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    figures = json.loads(text[text.index("\n{") + 1 :])
    assert figures["benchmark"] == "engine" and figures["machine"]["nproc"] >= 1
    assert figures["machine"]["database"].startswith("SQLite")
    assert "ratio_declarative_to_handwritten" in figures
