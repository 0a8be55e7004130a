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


def decision_try(*, panel, user, post) -> tuple[int | None, dict]:
    """Check a decision the way its panel shows it (outcome allowed, comment
    and confirmation, the step form shaped by the outcome's `requires`) and
    submit it. -> (None, {}) when the case moved on; (400, field errors) when
    something must be corrected; (409, {}) when the engine refused it (the
    message is on the panel). The HTML panel and the API both come here."""
    from engine.runtime.services import TransitionError

    from .decision import check_choice

    choice_ok = check_choice(panel, post)
    cleaned, errors = panel.form.spec_clean(owner=user) if panel.form is not None else ({}, {})
    if not choice_ok or errors:
        return 400, errors
    try:
        decision_submit(
            item=panel.item, user=user, outcome=post["outcome"], data=cleaned, comment=panel.comment
        )
    except TransitionError as error:
        panel.errors["outcome"] = str(error)  # on the form, beside the buttons
        return 409, {}
    return None, {}
