"""`python manage.py demo`: load demo unions, logins and sample cases.

Idempotent: it creates only what is missing, so running it again changes
nothing and prints the same logins. Refused unless settings.DEMO_ALLOWED
(production sets it False): demo logins share one published password."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from engine.demo import DEMO_PASSWORD
from engine.demo.cases import DemoCaseError, demo_cases, demo_cases_create
from engine.demo.load import demo_load
from engine.demo.table import table


class Command(BaseCommand):
    help = "Load the demo union hierarchy, one login per role of every process, and sample cases."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ALLOWED", False):
            raise CommandError(
                "Demo data is disabled in these settings (DEMO_ALLOWED is False): "
                "its logins share a published password. Never load it into production."
            )
        processes, sections = demo_load()
        cases = self._cases(processes)
        self._print(sections, cases)

    def _cases(self, processes):
        """Create the missing sample cases; return every demo case as table rows."""
        try:
            demo_cases_create(processes, statistics=True)
        except DemoCaseError as error:
            raise CommandError(f"A demo case could not be created: {error}") from error
        return demo_cases(processes)

    def _print(self, sections, cases):
        out = self.stdout
        if cases:
            out.write("\n示例案件 Sample cases")
            out.write(table(("number", "title", "stage", "waiting for"), cases))
        out.write(f"\n演示账号 Demo logins — password for all: {DEMO_PASSWORD}")
        out.write("Log in at http://127.0.0.1:8000/accounts/login/\n")
        for title, logins in sections:
            out.write(title)
            rows = [(login.username, login.name, login.role, login.unit) for login in logins]
            out.write(table(("username", "name", "role", "unit"), rows) + "\n")
