"""Sample cases for the demo, started and moved on through the engine's own
services, so each is in a real state (waiting for a call-back, under review,
paid...) with its audit trail, work items and documents.

Each `cases:` entry of a process's demo.yaml gives the applicant, the answers
of the start form and `progress`: the steps to complete, in order, each with
who completes it, the outcome and the task form's data. A process whose demo
applicants already have cases is left alone, so reruns change nothing."""

from __future__ import annotations

from django.db import transaction

from engine.models import Case, User, WorkItem
from engine.runtime import services

from .processes import ProcessDemo, published_processes

OPEN = ("NEW", "ASSIGNED", "STARTED")


class DemoCaseError(Exception):
    """A demo.yaml entry the engine refused; the message says which."""


def demo_cases_create(processes: list[ProcessDemo] | None = None) -> int:
    """Create the sample cases that are missing; return how many were made.
    Needs the demo unions and logins (demo_load) first."""
    created = 0
    for process in published_processes() if processes is None else processes:
        if not process.cases or _already_loaded(process):
            continue
        with transaction.atomic():
            for entry in process.cases:
                _case_run(process, entry)
                created += 1
    return created


def demo_cases(processes: list[ProcessDemo] | None = None) -> list[tuple[str, str, str, str]]:
    """(number, title, stage, open steps) of every demo applicant's case."""
    rows = []
    for process in published_processes() if processes is None else processes:
        usernames = [str(person["username"]) for person in process.applicants]
        # values(), not instances: a Case row would import its compiled flow class.
        cases = (
            Case.objects.filter(process_key=process.key, applicant__username__in=usernames)
            .order_by("number")
            .values("pk", "number", "title", "stage", "status")
        )
        for case in cases:
            waiting = WorkItem.objects.filter(case_id=case["pk"], status__in=OPEN).values_list(
                "step_title", flat=True
            )
            rows.append(
                (
                    case["number"],
                    case["title"],
                    case["stage"] or case["status"],
                    "、".join(sorted(waiting)) or "—",
                )
            )
    return rows


def _already_loaded(process: ProcessDemo) -> bool:
    usernames = [str(person["username"]) for person in process.applicants]
    return Case.objects.filter(process_key=process.key, applicant__username__in=usernames).exists()


def _case_run(process: ProcessDemo, entry: dict) -> Case:
    applicant = User.objects.get(username=str(entry["applicant"]["username"]))
    case = services.case_start(
        version=process.version,
        applicant=applicant,
        org_unit=process.home,
        data=dict(entry.get("answers") or {}),
    )
    for number, step in enumerate(entry.get("progress") or [], start=1):
        try:
            _step_complete(case, step)
        except Exception as error:
            raise DemoCaseError(
                f"{process.key} demo case {entry.get('key', '?')}, progress #{number} "
                f"(step {step.get('step')}): {error}"
            ) from error
    case.refresh_from_db()
    return case


def _step_complete(case: Case, step: dict) -> None:
    item = WorkItem.objects.filter(case=case, step=step["step"], status__in=OPEN).first()
    if item is None:
        open_steps = list(WorkItem.objects.filter(case=case, status__in=OPEN).values_list("step", flat=True))
        raise DemoCaseError(f"no open task for this step; open steps: {open_steps or 'none'}")
    services.task_complete(
        task=item.task,
        user=User.objects.get(username=str(step["by"])),
        outcome=step["outcome"],
        data=dict(step.get("data") or {}),
        comment=step.get("comment") or "",
    )
