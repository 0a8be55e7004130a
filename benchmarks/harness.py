"""What every benchmark shares: a throw-away database, timing statistics,
a description of the machine, and printing the figures (JSON last)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from contextlib import contextmanager

from django.db import connection


@contextmanager
def fresh_database(keep: bool = False):
    """Create test_<NAME> (or the bench SQLite file) with every migration,
    run the benchmark in it, and drop it afterwards, as Django's test runner
    does. The development database is never touched."""
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False, keepdb=keep)
    try:
        yield connection.settings_dict["NAME"]
    finally:
        if not keep:
            teardown_databases(old, verbosity=0)


def percentile(values, pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def median(values) -> float:
    return statistics.median(values)


def timed(fn, *args, **kwargs):
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        return 0.0


def database_label() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


def machine() -> dict:
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "python": platform.python_version(),
        "database": database_label(),
        # Other work on the machine during the run (1, 5, 15 minute averages).
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


class Report:
    """Figures of one benchmark: text lines as it runs, and a dict printed
    last as JSON when asked."""

    def __init__(self, name: str, stdout, as_json: bool):
        self.name, self.stdout, self.as_json = name, stdout, as_json
        self.figures: dict = {"benchmark": name}

    def line(self, message: str):
        self.stdout.write(message)
        self.stdout.flush() if hasattr(self.stdout, "flush") else None

    def set(self, **figures):
        self.figures.update(figures)

    def check(self, name: str, value: float, limit: float, *, at_most: bool = True) -> bool:
        met = value <= limit if at_most else value >= limit
        self.figures.setdefault("targets", {})[name] = {
            "value": round(value, 4),
            "target": ("<= " if at_most else ">= ") + str(limit),
            "met": met,
        }
        self.line(
            f"  target {name}: {value:.4g} ({'<=' if at_most else '>='} {limit}) {'MET' if met else 'MISSED'}"
        )
        return met

    def finish(self):
        if self.as_json:
            self.stdout.write(json.dumps(self.figures, ensure_ascii=False, indent=2, default=str))
