"""Benchmark 1, engine: the same process as a compiled definition and as a
hand-written viewflow Flow, run through the same services on the same
database.

Both variants call case_start, task_claim and task_complete, so WorkItems,
audit events and notifications are written for both. The only difference is
the Flow class: for the hand-written variant the benchmark patches
`engine.runtime.services.flow_class_of` (the services' one lookup of the
class, used for the process lock and the start node) to return
BenchHandwritten; viewflow then stores that class on the case and every
later task resolves its nodes from it. Rounds alternate the variants (ABBA)
so that a database that grows or warms up favours neither."""

from __future__ import annotations

import cProfile
import io
import multiprocessing
import pstats
import time
from contextlib import contextmanager, nullcontext
from unittest import mock

from engine.models import Case, WorkItem
from engine.runtime import services

from .fixtures import VALID_ID, bench_units, bench_user, bench_version
from .handwritten import BenchHandwritten
from .harness import median

TASKS_PER_CASE = 2
PROFILE_SORT = "tottime"


@contextmanager
def handwritten_flow():
    with mock.patch.object(services, "flow_class_of", lambda version: BenchHandwritten):
        yield


VARIANTS = {"declarative": nullcontext, "handwritten": handwritten_flow}


class World:
    """The people and the version every case of the run uses."""

    def __init__(self):
        self.city, self.district = bench_units()
        self.officer = bench_user("bench_officer", self.district, "officer")
        bench_user("bench_officer2", self.district, "officer")
        self.applicant = bench_user("bench_applicant")
        self.version = bench_version()
        self.started = 0


def run_case(world: World) -> Case:
    """One case from start to end: start, then claim and complete both
    parallel tasks; the join and the decision run inside the last completion."""
    world.started += 1
    amount = "8000.00" if world.started % 2 else "3000.00"
    case = services.case_start(
        version=world.version,
        applicant=world.applicant,
        org_unit=world.district,
        data={"name": f"申请人{world.started}", "id_number": VALID_ID, "amount": amount},
    )
    for item in list(WorkItem.objects.filter(case=case, status="NEW").select_related("task")):
        services.task_claim(task=item.task, user=world.officer)
        services.task_complete(task=item.task, user=world.officer, outcome="done")
    return case


def run_batch(world: World, variant: str, count: int) -> tuple[float, float, list[int]]:
    """Wall-clock and CPU seconds of this process for `count` cases. CPU time
    leaves out waiting for the database and for a busy machine's scheduler."""
    with VARIANTS[variant]():
        wall, cpu = time.perf_counter(), time.process_time()
        cases = [run_case(world).pk for _ in range(count)]
        return time.perf_counter() - wall, time.process_time() - cpu, cases


def _verify(case_ids: dict):
    """Every case of both variants reached an end with the same results, and
    the hand-written cases really ran on the hand-written class."""
    for variant, ids in case_ids.items():
        cases = Case.objects.filter(pk__in=ids)
        done = cases.filter(status="DONE").count()
        if done != len(ids):
            raise AssertionError(f"{variant}: {len(ids) - done} cases did not finish")
        statuses = sorted(set(cases.values_list("final_status", flat=True)))
        if statuses != ["large", "small"]:
            raise AssertionError(f"{variant}: unexpected final statuses {statuses}")
        expected = "BenchHandwritten" if variant == "handwritten" else world_flow_name(cases)
        if not all(c.flow_class.__name__ == expected for c in cases[:5]):
            raise AssertionError(f"{variant}: cases ran on the wrong Flow class")


def world_flow_name(cases) -> str:
    return cases.first().version.flow_class_name


def queries_per_case(world: World) -> dict:
    """SQL statements one whole case takes, per variant (machine-independent)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for variant in VARIANTS:
        with VARIANTS[variant](), CaptureQueriesContext(connection) as captured:
            run_case(world)
        counts[variant] = len(captured.captured_queries)
    return counts


def statement_costs(samples: int = 300) -> dict:
    """The floor under any transition on this machine, measured in this run:
    one round trip through Django's cursor (`SELECT 1`), and one ORM read of
    a task by primary key (query building, round trip, model instance)."""
    from django.db import connection
    from viewflow.workflow.models import Task

    pk = Task.objects.values_list("pk", flat=True).first()

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchall()

    def orm():
        Task.objects.get(pk=pk)

    costs = {}
    for name, fn in (("round_trip", raw), ("orm_get", orm)):
        for _ in range(20):
            fn()
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(samples):
            fn()
        costs[f"{name}_us"] = round((time.perf_counter() - wall) / samples * 1e6)
        costs[f"{name}_cpu_us"] = round((time.process_time() - cpu) / samples * 1e6)
    return costs


def _parallel_worker(world: World, count: int, barrier, results) -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's socket
    try:
        run_batch(world, "declarative", 3)  # this process's own warm-up
        barrier.wait()
        started = time.monotonic()
        _wall, cpu, ids = run_batch(world, "declarative", count)
        results.put((started, time.monotonic(), cpu, ids, None))
    except Exception as error:  # reported by the parent, not lost in a child
        results.put((0, 0, 0, [], repr(error)))
    finally:
        connections.close_all()


def run_parallel(world: World, workers: int, count: int) -> dict:
    """`workers` processes (as gunicorn or Celery workers would be) each run
    `count` declarative cases at the same time against the same database;
    throughput is all cases over the span from the first start to the last
    finish."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(workers), context.Queue()
    processes = [
        context.Process(target=_parallel_worker, args=(world, count, barrier, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=3600) for _ in processes]
    for process in processes:
        process.join()
    errors = [error for *_rest, error in outcomes if error]
    if errors:
        raise RuntimeError(f"parallel worker failed: {errors[0]}")
    span = max(end for _s, end, *_ in outcomes) - min(start for start, *_ in outcomes)
    total = count * workers
    ids = [pk for *_head, case_ids, _e in outcomes for pk in case_ids]
    _verify({"declarative": ids})
    return {
        "workers": workers,
        "cases": total,
        "cases_per_s": round(total / span, 1),
        "task_completions_per_s": round(TASKS_PER_CASE * total / span, 1),
        "cpu_ms_per_case": round(sum(cpu for _s, _e, cpu, *_ in outcomes) / total * 1000, 2),
    }


def profile_declarative(world: World, count: int, report) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    run_batch(world, "declarative", count)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(PROFILE_SORT).print_stats(45)
    report.line(out.getvalue())


def bench_engine(report, *, cases: int, rounds: int, warmup: int, profile: bool = False, workers: int = 2):
    world = World()
    per_round = max(1, cases // rounds)
    for variant in VARIANTS:
        run_batch(world, variant, warmup)
    if profile:
        profile_declarative(world, per_round, report)
    wall = {variant: [] for variant in VARIANTS}
    cpu = {variant: [] for variant in VARIANTS}
    case_ids = {variant: [] for variant in VARIANTS}
    for index in range(rounds):
        order = list(VARIANTS) if index % 2 == 0 else list(reversed(VARIANTS))
        for variant in order:
            elapsed, used, ids = run_batch(world, variant, per_round)
            wall[variant].append(elapsed)
            cpu[variant].append(used)
            case_ids[variant] += ids
        report.line(
            f"  round {index + 1}/{rounds}: "
            + ", ".join(f"{v} {per_round / wall[v][-1]:.1f} cases/s" for v in VARIANTS)
        )
    _verify(case_ids)
    results = {variant: _figures(wall[variant], cpu[variant], per_round) for variant in VARIANTS}
    for variant, figures in results.items():
        report.line(
            f"  {variant:12s} {figures['cases_per_s']:8.1f} cases/s "
            f"{figures['task_completions_per_s']:8.1f} task completions/s "
            f"({figures['ms_per_case']} ms per case, {figures['cpu_ms_per_case']} ms CPU)"
        )
    ratio = median([d / h for d, h in zip(wall["declarative"], wall["handwritten"], strict=True)])
    cpu_ratio = median([d / h for d, h in zip(cpu["declarative"], cpu["handwritten"], strict=True)])
    report.line(f"  ratio declarative / hand-written: time {ratio:.3f}, CPU {cpu_ratio:.3f}")
    queries = queries_per_case(world)
    report.line("  SQL statements per case: " + ", ".join(f"{v} {n}" for v, n in queries.items()))
    costs = statement_costs()
    floor_ms = queries["declarative"] * costs["orm_get_us"] / 1000
    report.line(
        f"  baseline: round trip {costs['round_trip_us']} us ({costs['round_trip_cpu_us']} us CPU), "
        f"ORM read by key {costs['orm_get_us']} us ({costs['orm_get_cpu_us']} us CPU); "
        f"{queries['declarative']} such reads = {floor_ms:.1f} ms per case, "
        f"i.e. at most {TASKS_PER_CASE * 1000 / floor_ms:.0f} task completions/s in one process"
    )
    parallel = None
    if workers:
        parallel = run_parallel(world, workers, per_round)
        report.line(
            f"  parallel: {parallel['workers']} processes, {parallel['cases_per_s']} cases/s, "
            f"{parallel['task_completions_per_s']} task completions/s "
            f"({parallel['cpu_ms_per_case']} ms CPU per case)"
        )
    report.set(
        cases_per_variant=per_round * rounds,
        rounds=rounds,
        warmup=warmup,
        variants=results,
        queries_per_case=queries,
        statement_costs=costs,
        parallel=parallel,
        ratio_declarative_to_handwritten=round(ratio, 3),
        cpu_ratio_declarative_to_handwritten=round(cpu_ratio, 3),
    )
    report.check("time_ratio", ratio, 1.10)
    from django.db import connection

    if connection.vendor == "postgresql":
        best = max(
            results["declarative"]["task_completions_per_s"],
            parallel["task_completions_per_s"] if parallel else 0,
        )
        report.check("task_completions_per_s", best, 300, at_most=False)


def _figures(wall: list, cpu: list, per_round: int) -> dict:
    per_case = median(wall) / per_round
    return {
        "cases_per_s": round(1 / per_case, 1),
        "task_completions_per_s": round(TASKS_PER_CASE / per_case, 1),
        "ms_per_case": round(per_case * 1000, 2),
        "cpu_ms_per_case": round(median(cpu) / per_round * 1000, 2),
    }
