"""The receipt an applicant gets on submitting: the case number, where it
went, and what happens next and by when, read from the case's open tasks and
their deadlines in the definition (e.g. hardship aid's call-back within 30
minutes), not from anything written per process."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from engine.definitions.durations import parse_duration
from engine.models import WorkItem
from engine.runtime.labels import text
from engine.runtime.notices import Notice
from engine.runtime.notify import notify_users
from engine.runtime.versions import version_bundle

UNIT_WORDS = {
    "minutes": gettext_noop("%(n)s 分钟"),
    "hours": gettext_noop("%(n)s 小时"),
    "days": gettext_noop("%(n)s 天"),
    "working_days": gettext_noop("%(n)s 个工作日"),
    "weeks": gettext_noop("%(n)s 周"),
    "months": gettext_noop("%(n)s 个月"),
}
WAITING = {"zh": "等待受理", "en": "waiting to be accepted"}


@dataclass
class NextStep:
    title: str  # the step, in the reader's language
    title_label: object  # as the definition has it, for a stored notice
    who: str  # the role's label
    within: str  # "30 分钟", from the step's deadline; "" when it has none
    due_at: object  # the task's due time, or None


def duration_words(value: str) -> str:
    try:
        duration = parse_duration(value)
    except ValueError:
        return str(value)
    return _(UNIT_WORDS.get(duration.unit, "%(n)s")) % {"n": duration.amount}


def next_steps(case) -> list[NextStep]:
    bundle = version_bundle(case.version)
    steps = []
    items = WorkItem.objects.filter(case=case, status__in=("NEW", "ASSIGNED", "STARTED")).order_by("created")
    for item in items:
        step = bundle.steps.get(item.step, {})
        role = bundle.roles.get(item.role or step.get("role") or "", {})
        deadline = step.get("deadline") or {}
        steps.append(
            NextStep(
                title=text(step.get("title")) or item.step_title,
                title_label=step.get("title") or item.step_title,
                who=text(role.get("label")),
                within=duration_words(deadline["within"]) if deadline.get("within") else "",
                due_at=item.due_at,
            )
        )
    return steps


def receipt_notify(case) -> None:
    """The notice that goes with the receipt (in-app, and email if the
    applicant gave one)."""
    if case.applicant is None:
        return
    upcoming = next_steps(case)
    first = upcoming[0] if upcoming else None
    if first and first.due_at:
        notice = Notice(
            "submitted", {"number": case.number, "step": first.title_label, "due": first.due_at.isoformat()}
        )
    else:
        step = first.title_label if first else WAITING
        notice = Notice("submitted_no_deadline", {"number": case.number, "step": step})
    notify_users([case.applicant], case=case, notice=notice)
