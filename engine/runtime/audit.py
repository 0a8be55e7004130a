"""Writing the audit trail: each event is appended to its case's hash chain
(engine.runtime.audit_chain) under the case's row lock."""

import contextvars
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from engine.models import AuditHead, CaseEvent

from .audit_chain import GENESIS, event_hash


def event_record(
    *, case, action, actor=None, task=None, step=None, outcome="", comment="", changes=None, bundle=None
):
    from .labels import text

    step_id = step or (task.flow_task.name if task is not None and task.flow_task else "")
    step_spec = bundle.steps.get(step_id, {}) if bundle is not None else {}
    outcome_label = ""
    for option in step_spec.get("outcomes", []) or []:
        if option.get("id") == outcome:
            outcome_label = text(option.get("label"), "zh")
    _record_first(case)
    event = CaseEvent(
        case_id=case.pk,
        task=task,
        actor=actor if actor is not None and actor.is_authenticated else None,
        step=step_id,
        step_title=text(step_spec.get("title"), "zh") or step_id,
        action=action,
        outcome=str(outcome) if outcome not in (None, "") else "",
        outcome_label=outcome_label,
        comment=comment or "",
        changes=changes or {},
    )
    return _append(event)


def _append(event: CaseEvent) -> CaseEvent:
    """Give the event the next seq and link it to the case's head. The head
    row is read FOR UPDATE: callers already hold the case lock (services),
    and this makes the append safe for any caller, so the chain never forks;
    the unique (case, seq) constraint is the last guard."""
    with transaction.atomic(savepoint=False):
        head = AuditHead.objects.select_for_update().filter(case_id=event.case_id).first()
        if head is None:
            head = AuditHead(case_id=event.case_id, seq=0, hash=GENESIS)
            created = True
        else:
            created = False
        # Taken under the lock, so times follow seq (a decision's time is
        # never after the automatic step it triggered).
        event.at = timezone.now()
        event.seq, event.prev_hash = head.seq + 1, head.hash
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        if created:
            head.save(force_insert=True)
        else:
            AuditHead.objects.filter(case_id=event.case_id).update(seq=head.seq, hash=head.hash)
    return event


# The start of a case is recorded after viewflow created the case, but the
# automatic steps right after the start run inside that creation and would be
# appended first. case_start announces its event here; the first event
# appended for the new case records it before anything else.
_first = contextvars.ContextVar("audit_first", default=None)


@contextmanager
def recorded_first(**event_kwargs):
    """Inside this block, the given event (without `case`) is appended before
    any other event of the case the block creates; `record_pending(case)`
    appends it if nothing else did."""
    pending = {"kwargs": event_kwargs, "done": False}
    token = _first.set(pending)
    try:
        yield pending
    finally:
        _first.reset(token)


def _record_first(case):
    pending = _first.get()
    if pending is not None and not pending["done"]:
        pending["done"] = True
        event_record(case=case, **pending["kwargs"])


def record_pending(case):
    _record_first(case)
