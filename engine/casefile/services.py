"""Completing a task from the decision panel: the runtime service does the
transition; files uploaded with the task form are then linked to the case so
that the case's readers may download them."""

from __future__ import annotations

from engine.runtime.services import task_complete


def _attachment_ids(cleaned: dict) -> list[int]:
    return [v["attachment"] for v in cleaned.values() if isinstance(v, dict) and "attachment" in v]


def decision_submit(*, item, user, outcome: str, data: dict, comment: str = ""):
    case = task_complete(task=item.task, user=user, outcome=outcome, data=data, comment=comment)
    ids = _attachment_ids(data)
    if ids:
        from forms.models import Attachment

        Attachment.objects.filter(pk__in=ids, owner=user, case__isnull=True).update(case=case)
    return case
