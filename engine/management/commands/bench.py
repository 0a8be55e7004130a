"""`python manage.py bench NAME [--json] [options]`: speed measured by
commands (docs/benchmarks.md). NAME is engine, scale, inbox, documents or
http. Each benchmark builds a throw-away database, prints its figures and
ratios, and with --json ends with them as one JSON document.

The benchmarks live in the `benchmarks` package, an installed app only under
config.settings.bench; run under other settings, the command re-executes
itself under those."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand

BENCH_SETTINGS = "config.settings.bench"
NAMES = ("engine", "scale", "inbox", "documents", "http")


class Command(BaseCommand):
    help = "Run a benchmark and print its figures (JSON last with --json)."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=NAMES)
        parser.add_argument("--json", action="store_true", help="end with the figures as JSON")
        parser.add_argument("--cases", type=int, help="cases (engine: per variant; scale: largest size)")
        parser.add_argument("--rounds", type=int, default=6, help="engine: alternating rounds")
        parser.add_argument("--warmup", type=int, default=20, help="engine: warm-up cases per variant")
        parser.add_argument("--tasks", type=int, help="inbox: tasks to seed")
        parser.add_argument("--sizes", help="scale: comma-separated case counts, e.g. 1000,100000,1000000")
        parser.add_argument("--samples", type=int, default=200, help="inbox/scale: timed samples")
        parser.add_argument("--duration", type=int, default=60, help="http: seconds of load")
        parser.add_argument("--users", type=int, default=50, help="http: concurrent connections")
        parser.add_argument("--profile", action="store_true", help="engine: cProfile the declarative variant")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="engine: worker processes of the parallel run (0 skips it)",
        )
        parser.add_argument("--keepdb", action="store_true", help="keep the benchmark database afterwards")

    def handle(self, *args, **options):
        if not apps.is_installed("benchmarks"):
            self._reexec()
        from benchmarks.harness import Report, fresh_database, machine
        from benchmarks.runner import run

        report = Report(options["name"], self.stdout, options["json"])
        with fresh_database(keep=options["keepdb"]):
            report.set(machine=machine())
            report.line(f"bench {options['name']} on {report.figures['machine']['database']}")
            run(options["name"], report, options)
        report.finish()

    def _reexec(self):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE=BENCH_SETTINGS)
        manage = Path(settings.BASE_DIR) / "manage.py"
        sys.stdout.flush()
        os.execve(sys.executable, [sys.executable, str(manage), *sys.argv[1:]], env)
