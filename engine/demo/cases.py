"""Sample cases for the demo, started and moved on through the engine's own
services, so each is in a real state (waiting for a call-back, under review,
paid...) with its audit trail, work items and documents.

Each `cases:` entry of a process's demo.yaml gives the applicant, the answers
of the start form, optionally the `org_unit` (code) where the case is expected
to land (the definition's `intake:` decides, from the applicant's union or
the answers; a mismatch is an error), and `progress`: the steps to complete, in
order, each with who completes it (`by`; left out: the first demo login that
holds the step's role in the task's unit), the outcome and the task form's
data; a vote step gives `votes: [for, for, against...]`, cast in turn by the
role's demo logins there. An entry with `each:` is one case per row: a row's
`org_unit` and answers are laid over the entry's.

`statistics:` entries have the same shape: more cases for the dashboard
figures, created by `manage.py demo` (statistics=True) but not by the process
tests. Without a broker their PDFs are left pending rather than rendered in
the command (~0.5 s each would double its time).

A section whose applicants already have cases is left alone, so reruns
change nothing."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.db import transaction

from engine.models import Case, RoleAssignment, User, WorkItem
from engine.runtime import services
from engine.runtime.intake import IntakeRefused, receiving_unit
from engine.runtime.versions import version_bundle
from engine.runtime.votes import vote_cast

from .processes import ProcessDemo, published_processes

OPEN = ("NEW", "ASSIGNED", "STARTED")


class DemoCaseError(Exception):
    """A demo.yaml entry the engine refused; the message says which."""


def demo_cases_create(processes: list[ProcessDemo] | None = None, *, statistics: bool = False) -> int:
    """Create the sample cases that are missing (and with `statistics`, the
    cases for the dashboard figures); return how many were made. Needs the
    demo unions and logins (demo_load) first."""
    created = 0
    for process in published_processes() if processes is None else processes:
        sections = [(process.cases, nullcontext)]
        if statistics:
            sections.append((process.statistics, _documents_deferred))
        for entries, documents in sections:
            if not entries or _already_loaded(process.key, entries):
                continue
            with documents(), transaction.atomic():
                for entry in entries:
                    for case_entry in _expanded(entry):
                        _case_run(process, case_entry)
                        created += 1
    return created


def _expanded(entry: dict) -> list[dict]:
    """One case entry per `each:` row (the entry itself when it has none)."""
    rows = entry.get("each")
    if not rows:
        return [entry]
    cases = []
    for number, row in enumerate(rows, start=1):
        row = dict(row)
        case = {k: v for k, v in entry.items() if k != "each"}
        case["key"] = f"{entry.get('key', '?')}[{number}]"
        case["org_unit"] = row.pop("org_unit", entry.get("org_unit"))
        case["answers"] = {**(entry.get("answers") or {}), **row}
        cases.append(case)
    return cases


@contextmanager
def _documents_deferred():
    """Documents are requested (rows, numbers, audit) but not rendered here.
    With a broker they are queued as usual; without one the PDF would be
    rendered inline, so the request is recorded and left pending (a staff
    member renders one with 重新生成)."""
    if getattr(settings, "CELERY_BROKER_URL", ""):
        yield
        return
    from engine.documents.services import rendering_deferred

    with rendering_deferred():
        yield


def demo_cases(processes: list[ProcessDemo] | None = None) -> list[tuple[str, str, str, str]]:
    """(number, title, stage, open steps) of every demo applicant's case; a run
    of one applicant's cases in the same state (the statistics) is one row."""
    rows = []
    for process in published_processes() if processes is None else processes:
        usernames = [str(person["username"]) for person in process.applicants]
        # values(), not instances: a Case row would import its compiled flow class.
        cases = (
            Case.objects.filter(process_key=process.key, applicant__username__in=usernames)
            .order_by("number")
            .values("pk", "number", "title", "stage", "status", "applicant_id")
        )
        waiting: dict[int, list[str]] = {}
        for case_id, title in WorkItem.objects.filter(
            case__in=[case["pk"] for case in cases], status__in=OPEN
        ).values_list("case_id", "step_title"):
            waiting.setdefault(case_id, []).append(title)
        runs: list[list[tuple]] = []
        for case in cases:
            state = (
                case["applicant_id"],
                case["stage"] or case["status"],
                "、".join(sorted(waiting.get(case["pk"], []))) or "—",
            )
            if runs and runs[-1][0][0] == state:
                runs[-1].append((state, case))
            else:
                runs.append([(state, case)])
        for run in runs:
            (_applicant, stage, steps), first = run[0]
            if len(run) < RUN:
                rows.extend((case["number"], case["title"], stage, steps) for _state, case in run)
            else:
                number = f"{first['number']} … {run[-1][1]['number'][-6:]}"
                rows.append((number, f"{first['title']} 等 {len(run)} 件", stage, steps))
    return rows


RUN = 3  # this many cases in the same state are printed as one row


def _already_loaded(process_key: str, entries: list[dict]) -> bool:
    usernames = {str((entry.get("applicant") or {}).get("username")) for entry in entries}
    return Case.objects.filter(process_key=process_key, applicant__username__in=usernames).exists()


def _case_run(process: ProcessDemo, entry: dict) -> Case:
    applicant = User.objects.get(username=str(entry["applicant"]["username"]))
    data, photos = _sample_photos(relative_dates(dict(entry.get("answers") or {})), applicant)
    # The receiving unit comes from the definition's intake, as for a real
    # applicant; an entry's `org_unit` says where it is expected to land.
    try:
        unit = receiving_unit(version_bundle(process.version), applicant=applicant, data=data)
    except IntakeRefused as refusal:
        raise DemoCaseError(f"{process.key} demo case {entry.get('key', '?')}: {refusal}") from refusal
    if entry.get("org_unit") and unit.code != entry["org_unit"]:
        raise DemoCaseError(
            f"{process.key} demo case {entry.get('key', '?')} lands in {unit.code}, "
            f"not in its org_unit {entry['org_unit']} (see the definition's intake)"
        )
    case = services.case_start(version=process.version, applicant=applicant, org_unit=unit, data=data)
    if photos:
        from forms.models import Attachment

        Attachment.objects.filter(pk__in=photos).update(case=case)
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


_RELATIVE = re.compile(r"^today(?:([+-])(\d{1,4})([dwm]))?$")


def relative_dates(value, today=None):
    """Dates written relative to the day the demo is loaded (`today`,
    `today-20d`, `today+3w`, `today-2m`) become ISO dates, so demo cases and
    their documents look current: no 2024 exam date on a ticket issued in
    2026. Applied to answers and to each step's data, tables included."""
    today = today or dt.date.today()
    if isinstance(value, dict):
        return {key: relative_dates(item, today) for key, item in value.items()}
    if isinstance(value, list):
        return [relative_dates(item, today) for item in value]
    match = _RELATIVE.match(value) if isinstance(value, str) else None
    if not match:
        return value
    sign, amount, unit = match.groups()
    if not sign:
        return today.isoformat()
    amount = int(amount) * (1 if sign == "+" else -1)
    if unit == "m":
        months = today.month - 1 + amount
        year, month = today.year + months // 12, months % 12 + 1
        day = min(today.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day).isoformat()
    return (today + dt.timedelta(days=amount * (7 if unit == "w" else 1))).isoformat()


def _sample_photos(answers: dict, applicant) -> tuple[dict, list[int]]:
    """An answer written `{sample_photo: true}` becomes an uploaded image (a
    plain generated portrait), so documents that print the applicant's photo
    (the admission ticket) show one. Returns the answers and the new
    attachments' ids, to be linked to the case once it exists."""
    ids = []
    for name, value in list(answers.items()):
        if isinstance(value, dict) and value.get("sample_photo"):
            from django.core.files.uploadedfile import SimpleUploadedFile

            from forms.uploads import attachment_store

            upload = SimpleUploadedFile(
                f"{name}.png", _portrait_png(str(applicant.pk)), content_type="image/png"
            )
            attachment = attachment_store(upload=upload, field_name=name, owner=applicant)
            answers[name] = attachment.as_json()
            ids.append(attachment.pk)
    return answers, ids


def _portrait_png(seed: str) -> bytes:
    """A 2:2.5 ID-photo stand-in: a head and shoulders on a light background
    whose shade follows `seed`, so two demo entrants do not look the same."""
    import hashlib
    import io

    from PIL import Image, ImageDraw

    shade = int(hashlib.sha256(seed.encode()).hexdigest()[:2], 16) % 60
    image = Image.new("RGB", (200, 250), (200 - shade, 220 - shade // 2, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 40, 140, 130), fill=(120, 120, 130))
    draw.ellipse((25, 140, 175, 300), fill=(90, 90, 100))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _step_complete(case: Case, step: dict) -> None:
    item = WorkItem.objects.filter(case=case, step=step["step"], status__in=OPEN).first()
    if item is None:
        open_steps = list(WorkItem.objects.filter(case=case, status__in=OPEN).values_list("step", flat=True))
        raise DemoCaseError(f"no open task for this step; open steps: {open_steps or 'none'}")
    if "votes" in step:
        voters = _holders(item)
        if len(voters) < len(step["votes"]):
            raise DemoCaseError(f"{len(step['votes'])} votes but {len(voters)} demo logins hold {item.role}")
        for voter, choice in zip(voters, step["votes"], strict=False):
            vote_cast(task=item.task, user=voter, choice=choice)
        return
    user = User.objects.get(username=str(step["by"])) if step.get("by") else next(iter(_holders(item)), None)
    if user is None:
        raise DemoCaseError(f"no demo login holds {item.role} in {item.org_unit.code}")
    services.task_complete(
        task=item.task,
        user=user,
        outcome=step["outcome"],
        data=relative_dates(dict(step.get("data") or {})),
        comment=step.get("comment") or "",
    )


def _holders(item: WorkItem) -> list[User]:
    """The demo logins holding the task's role in the task's own unit."""
    assignments = RoleAssignment.objects.filter(role=item.role, org_unit_id=item.org_unit_id)
    return [a.user for a in assignments.select_related("user").order_by("user__username")]
