"""`python manage.py worker`: the background worker for setups without
Celery (engine.worker). `make run` starts it beside runserver."""

from django.core.management.base import BaseCommand

from engine.worker import POLL_SECONDS, SWEEP_SECONDS, TICK_SECONDS, Worker


class Command(BaseCommand):
    help = "后台任务：生成文书、到期提醒与超时升级 / render documents, run deadlines."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=TICK_SECONDS, help="deadline sweep every N seconds")
        parser.add_argument(
            "--poll", type=float, default=POLL_SECONDS, help="look for documents every N seconds"
        )
        parser.add_argument(
            "--sweep",
            type=float,
            default=SWEEP_SECONDS,
            help="stuck documents and stray files every N seconds",
        )
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, tick, poll, sweep, once, **options):
        if tick <= 0 or poll <= 0 or sweep <= 0:
            self.stderr.write("--tick, --poll and --sweep must be positive")
            raise SystemExit(2)
        self.stdout.write(f"worker: documents every {poll:g} s, deadlines every {tick:g} s (Ctrl-C stops)")
        self.stdout.flush()
        Worker(tick_seconds=tick, poll_seconds=poll, sweep_seconds=sweep, stdout=self.stdout).run(once=once)
