"""`python manage.py audit verify [--case N]`: walk the audit hash chains
(case events, and document revisions) and report the first broken link of
each case. Exits 1 when any chain is broken, 0 when all verify."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "校验办理记录与文书修订的哈希链 / verify the audit hash chains."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="校验哈希链 / verify the chains")
        verify.add_argument(
            "--case", type=int, action="append", dest="cases", metavar="N", help="只校验该案件（可重复）"
        )

    def handle(self, *args, action, cases=None, **options):
        from engine.audit_checks import audit_breaks
        from engine.models import Case

        if cases:
            missing = sorted(set(cases) - set(Case.objects.filter(pk__in=cases).values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"no such case: {', '.join(map(str, missing))}")
        breaks = audit_breaks(case_ids=cases)
        for found in breaks:
            self.stdout.write(f"BROKEN {found.describe()}")
        if breaks:
            raise CommandError(f"{len(breaks)} broken chain(s)", returncode=1)
        scope = f"case {', '.join(map(str, cases))}" if cases else "all cases"
        self.stdout.write(f"OK: audit chains verify ({scope})")
