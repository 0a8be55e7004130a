"""Benchmark 3, scale: time per transition (claim, complete; and case start)
with 10^3, 10^5 and 10^6 cases already in the database. The cases are
seeded with COPY (benchmarks/seed.py) in 50 other units; the timed cases run
the engine benchmark's process through the services, as users would."""

from __future__ import annotations

import time

from engine.models import OrgUnit, WorkItem
from engine.runtime import services

from .engine_bench import World
from .fixtures import VALID_ID
from .harness import median, percentile
from .seed import Plan, Seeder, analyze


def _other_units(parent, count=50):
    return [
        OrgUnit.objects.create(
            code=f"scale_{n}", name=f"规模测试工会{n}", level="district", short_name="规", parent=parent
        )
        for n in range(count)
    ]


def _timed_case(world, timings):
    world.started += 1
    started = time.perf_counter()
    case = services.case_start(
        version=world.version,
        applicant=world.applicant,
        org_unit=world.district,
        data={"name": f"申请人{world.started}", "id_number": VALID_ID, "amount": "3000.00"},
    )
    timings["start"].append(time.perf_counter() - started)
    for item in list(WorkItem.objects.filter(case=case, status="NEW").select_related("task")):
        for kind, call in (
            ("claim", lambda t=item.task: services.task_claim(task=t, user=world.officer)),
            (
                "complete",
                lambda t=item.task: services.task_complete(task=t, user=world.officer, outcome="done"),
            ),
        ):
            started = time.perf_counter()
            call()
            timings[kind].append(time.perf_counter() - started)


def measure(world, samples: int, warmup: int = 10) -> dict:
    for _ in range(warmup):
        _timed_case(world, {"start": [], "claim": [], "complete": []})
    timings = {"start": [], "claim": [], "complete": []}
    for _ in range(samples):
        _timed_case(world, timings)
    transitions = timings["claim"] + timings["complete"]
    return {
        "transition_ms_p50": round(median(transitions) * 1000, 2),
        "transition_ms_p95": round(percentile(transitions, 95) * 1000, 2),
        "start_ms_p50": round(median(timings["start"]) * 1000, 2),
        "claim_ms_p50": round(median(timings["claim"]) * 1000, 2),
        "complete_ms_p50": round(median(timings["complete"]) * 1000, 2),
    }


def bench_scale(report, *, sizes: list[int], samples: int, tasks_per_case: int = 2):
    world = World()
    units = _other_units(world.city)
    seeder = Seeder(
        plans=[Plan.of(world.version)],
        units=units,
        holders={},
        applicant=world.applicant,
        tasks_per_case=tasks_per_case,
    )
    results, present = {}, 0
    for size in sorted(sizes):
        started = time.perf_counter()
        seeder.seed(size - present)
        analyze()
        present = size
        report.line(
            f"  seeded to {size} cases ({size * tasks_per_case} tasks) in {time.perf_counter() - started:.1f} s"
        )
        results[size] = measure(world, samples)
        report.line(f"  {size:>9} cases: " + ", ".join(f"{k} {v}" for k, v in results[size].items()))
    smallest, largest = results[min(results)], results[max(results)]
    ratio = largest["transition_ms_p50"] / smallest["transition_ms_p50"]
    report.line(f"  ratio transition p50 at {max(results)} / {min(results)} cases: {ratio:.3f}")
    report.set(sizes=results, samples=samples, tasks_per_seeded_case=tasks_per_case, ratio=round(ratio, 3))
    report.check("flat_ratio", ratio, 1.2)
