"""Decisions that case data made fail. The transition has rolled back; what
stays is a log line and an audit row on the case (action `failed`), which
administrators find in the case file and in Django admin's 办理记录."""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger("engine.decisions")


def decision_failure_record(*, task, user, outcome, error) -> str:
    """Log and record the failure; returns the outcome's label for the message."""
    from engine.models import WorkItem

    from .audit import event_record
    from .versions import version_bundle

    log.error("decision %s on task %s by %s failed: %s", outcome, getattr(task, "pk", task), user, error)
    item = WorkItem.objects.select_related("case__version").filter(task_id=getattr(task, "pk", task)).first()
    if item is None:
        return str(outcome)
    bundle = version_bundle(item.case.version)
    with transaction.atomic():
        event = event_record(
            case=item.case,
            action="failed",
            actor=user,
            step=item.step,
            outcome=outcome,
            comment=str(error)[:2000],
            bundle=bundle,
        )
    return event.outcome_label or str(outcome)
