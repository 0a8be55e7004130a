"""Everything `manage.py demo` creates, in one idempotent call."""

from __future__ import annotations

from django.db import transaction

from .org import demo_units_create
from .processes import ProcessDemo, published_processes
from .users import Login, admin_create, applicants_create, staff_create


@transaction.atomic
def demo_load() -> tuple[list[ProcessDemo], list[tuple[str, list[Login]]]]:
    """Create what is missing; return the processes and the logins grouped
    by section title."""
    demo_units_create()
    processes = published_processes()
    sections = [("管理员 Administrator", [admin_create()])]
    for process in processes:
        logins = applicants_create(process) + staff_create(process)
        sections.append((f"{process.title} ({process.key})", logins))
    return processes, sections
