"""Dispatch from `manage.py bench NAME` to the benchmark, with its default
sizes (each runs in a few minutes on a 2-core machine; pass the options for
the full sizes of docs/benchmarks.md)."""


def run(name: str, report, options: dict):
    if name == "engine":
        from .engine_bench import bench_engine

        bench_engine(
            report,
            cases=options["cases"] or 300,
            rounds=options["rounds"],
            warmup=options["warmup"],
            profile=options["profile"],
        )
    else:
        raise SystemExit(f"benchmark {name} is not written yet")
