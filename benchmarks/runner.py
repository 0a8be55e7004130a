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
            workers=options["workers"],
        )
    elif name == "scale":
        from .scale_bench import bench_scale

        sizes = [int(n) for n in (options["sizes"] or "1000,100000").split(",")]
        bench_scale(
            report,
            sizes=sizes,
            samples=min(options["samples"], 100) if not options["sizes"] else options["samples"],
        )
    elif name == "inbox":
        from .inbox_bench import bench_inbox

        bench_inbox(report, tasks=options["tasks"] or 100_000, samples=options["samples"])
    elif name == "documents":
        from .documents_bench import bench_documents

        bench_documents(report, samples=min(options["samples"], 5))
    elif name == "http":
        from .http_bench import bench_http

        bench_http(
            report, tasks=options["tasks"] or 100_000, users=options["users"], duration=options["duration"]
        )
    else:
        raise SystemExit(f"benchmark {name} is not written yet")
