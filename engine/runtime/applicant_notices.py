"""What the applicant is told as their case moves on, for every process
alike (a definition's own `notify:` actions add the process's details):

- the stage changed (受理, 核实中, 审批中 ...): "进度更新";
- the case ended (granted, rejected, withdrawn): the final stage and the
  reason given with the decision that ended it;
- a document they may download is ready.

A return for more material is told by the task notice (task_applicant),
which the applicant's own new task sends; the submission itself by the
receipt (engine.portal.receipts)."""

from __future__ import annotations

from .labels import text
from .notices import Notice
from .notify import notify_users


def _stage_label(bundle, case):
    """The label of the case's current stage as the definition has it
    ({'zh', 'en'} or a string), so each reader sees their language."""
    stages = bundle.definition.get("stages") or {}
    for label in stages.values():
        if text(label, "zh") == case.stage:
            return label
    for step in bundle.steps.values():
        if step.get("type") == "end" and text(step.get("stage") or step.get("title"), "zh") == case.stage:
            return step.get("stage") or step.get("title")
    return case.stage


def progress_notify(case, bundle, *, stage_before: str, final_before: str, new_items) -> None:
    if case.applicant_id is None:
        return
    if case.final_status and not final_before:
        from engine.portal.selectors import closing_comment

        reason = closing_comment(case, bundle)
        key = "case_closed_reason" if reason else "case_closed"
        params = {"number": case.number, "stage": _stage_label(bundle, case), "reason": reason}
        notify_users([case.applicant], case=case, notice=Notice(key, params))
        return
    if not stage_before or case.stage == stage_before or case.final_status:
        return  # a new case (the receipt tells), or nothing the applicant sees changed
    if any(item.owner_id == case.applicant_id for item, _step in new_items):
        return  # returned to the applicant: their task notice tells
    params = {"number": case.number, "stage": _stage_label(bundle, case)}
    notify_users([case.applicant], case=case, notice=Notice("case_stage", params))


def document_ready_notify(document) -> None:
    from engine.roles.policy import document_downloadable_by

    case = document.case
    if case.applicant is None or not document_downloadable_by(case.applicant, document):
        return
    params = {"number": case.number, "title": document.title}
    notify_users([case.applicant], case=case, notice=Notice("document_ready", params))
