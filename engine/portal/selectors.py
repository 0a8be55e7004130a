"""Reads for applicants: their own cases only (every query filters on
applicant=user), with a timeline in plain words instead of step names."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from engine.models import Case, CaseEvent, Notification, WorkItem
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle

OPEN = ("NEW", "ASSIGNED", "STARTED")


@dataclass
class Milestone:
    at: object
    label: str
    note: str = ""


def applicant_cases(user):
    return Case.objects.filter(applicant=user).select_related("version__definition").order_by("-created")


def applicant_drafts(user) -> list:
    """Drafts in progress, each with `title` (the service, in the reader's
    language) for 我的申请."""
    from forms.selectors import drafts_in_progress
    from forms.views import draft_title

    drafts = drafts_in_progress(user)
    for draft in drafts:
        draft.title = draft_title(draft)
    return drafts


def applicant_case(user, pk) -> Case:
    case = applicant_cases(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def applicant_tasks(user, case=None):
    """What is needed from me: open tasks held by me (e.g. a returned case)."""
    items = WorkItem.objects.filter(owner=user, status__in=OPEN).select_related("case")
    return items.filter(case=case) if case is not None else items.order_by("created")


def applicant_task(user, task_id) -> WorkItem:
    item = applicant_tasks(user).filter(pk=task_id).first()
    if item is None:
        raise Http404
    return item


def plain_timeline(case) -> list[Milestone]:
    """Stages the case passed through (已提交, 已受理, 核实中 ...), each once,
    at the moment the case reached the step the definition names it after; a
    return for revision with the reason; the final stage once finished. Staff
    names and steps without a stage are not shown."""
    bundle = version_bundle(case.version)
    stages = bundle.definition.get("stages") or {}
    start_id = next(s["id"] for s in bundle.steps.values() if s["type"] == "start")
    applicant_steps = {s["id"] for s in bundle.steps.values() if s.get("assignee") == "applicant"}
    milestones = [Milestone(at=case.created, label=text(stages.get(start_id)) or _("已提交"))]
    seen = {milestones[0].label}
    for item in WorkItem.objects.filter(case=case).order_by("created", "task_id"):
        if item.step in applicant_steps:
            milestones.append(
                Milestone(at=item.created, label=_("退回补充材料"), note=last_comment_before(case, item))
            )
            if item.finished and item.status == "DONE":
                milestones.append(Milestone(at=item.finished, label=_("已重新提交")))
            continue
        label = text(stages.get(item.step))
        if label and label not in seen:
            seen.add(label)
            milestones.append(Milestone(at=item.created, label=label))
    # Automatic steps (建档, 发放 ...) leave only an audit event behind.
    for event in CaseEvent.objects.filter(case=case, action="auto", step__in=list(stages)).order_by(
        "seq", "id"
    ):
        label = text(stages.get(event.step))
        if label and label not in seen:
            seen.add(label)
            milestones.append(Milestone(at=event.at, label=label))
    # The stage the case is at now, when no task or event above named it (a
    # wait such as 已发放，跟踪帮扶中, or the end): the timeline ends where the
    # case is. case.stage is stored in Chinese; it is shown in the reader's.
    seen_zh = {text(stages.get(s), "zh") for s in stages if text(stages.get(s)) in seen}
    if case.stage and case.stage not in seen and case.stage not in seen_zh:
        finished = case.status in ("DONE", "CANCELED")
        milestones.append(
            Milestone(
                at=(case.finished if finished else None) or case.updated_at,
                label=stage_in_language(bundle, case.stage),
                note=closing_comment(case, bundle) if finished else "",
            )
        )
    return sorted(milestones, key=lambda m: m.at)


def stage_in_language(bundle, stage_zh: str) -> str:
    for label in (bundle.definition.get("stages") or {}).values():
        if text(label, "zh") == stage_zh:
            return text(label)
    for step in bundle.steps.values():
        label = step.get("stage") if step.get("type") == "end" else None
        if label and text(label, "zh") == stage_zh:
            return text(label)
    return stage_zh


def closing_comment(case, bundle) -> str:
    """The reason given with the decision that ended the case (a refusal, a
    withdrawal): the comment of the last completion whose outcome leads
    straight to an end step."""
    for event in (
        CaseEvent.objects.filter(case=case, action="complete").exclude(comment="").order_by("-seq", "-id")
    ):
        step = bundle.steps.get(event.step, {})
        targets = {o["id"]: o["next"] for o in step.get("outcomes", [])}
        if bundle.steps.get(targets.get(event.outcome), {}).get("type") == "end":
            return event.comment
    return ""


def last_comment_before(case, item) -> str:
    """The comment of the decision that sent the case back to the applicant:
    the latest completion whose outcome leads to the applicant's step (the
    definition says which), made before the applicant finished it."""
    bundle = version_bundle(case.version)
    leading = Q(pk__in=[])
    for step in bundle.steps.values():
        for option in step.get("outcomes") or []:
            if option.get("next") == item.step:
                leading |= Q(step=step["id"], outcome=option["id"])
    events = CaseEvent.objects.filter(leading, case=case, action="complete")
    if item.finished:
        events = events.filter(at__lte=item.finished)
    event = events.order_by("-seq", "-id").first()
    return event.comment if event else ""


def submitted_answers(case) -> list[dict]:
    """What the applicant submitted, page by page under the form's labels
    (option labels, 是/否, tables, attachments as links), from the case's
    current data: a revision shows what was sent last."""
    from forms.display import answer_pages
    from forms.selectors import start_form

    form = start_form(case.version)
    return answer_pages(form.spec, case.data or {}, field_types=form.field_types)


def applicant_documents(user, case):
    from engine.documents.selectors import documents_of_case

    return [d for d in documents_of_case(case=case, user=user) if d.status == "rendered"]


def notifications_of(user, limit=100):
    return Notification.objects.filter(user=user).select_related("case")[:limit]
