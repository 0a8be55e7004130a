"""Reads for the case file: answers as people read them, attachments,
documents, the timeline, and who holds the case now."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from engine.models import CaseEvent, WorkItem
from engine.runtime.labels import text
from engine.runtime.versions import version_bundle

ACTION_LABELS = {
    "start": _("提交申请"),
    "claim": _("领取"),
    "unclaim": _("放回队列"),
    "reassign": _("转办"),
    "transfer": _("移交单位"),
    "complete": _("办理"),
    "vote": _("表决"),
    "vote_closed": _("表决结束"),
    "cancel": _("撤销"),
    "remind": _("到期提醒"),
    "escalate": _("超时升级"),
    "auto": _("自动处理"),
    "wake": _("等待结束"),
    "failed": _("办理未成功（已回滚）"),
    "migrate": _("迁移版本"),
}
OPEN = ("NEW", "ASSIGNED", "STARTED")


def case_answer_sections(case) -> list[dict]:
    """One section per form the case has answers for, in step order; each
    holds forms.display pages (tables for repeat groups)."""
    from forms.display import answer_pages

    bundle = version_bundle(case.version)
    types = bundle.field_types()
    sections, seen = [], set()
    for step in bundle.steps.values():
        key = step.get("form")
        if not key or key in seen or key not in bundle.forms:
            continue
        seen.add(key)
        spec = bundle.forms[key]
        names = {field["name"] for field in bundle.form_fields(key)}
        if not names & set(case.data):
            continue
        pages = answer_pages(spec, case.data, field_types=types)
        sections.append({"key": key, "title": text(spec.get("title")) or key, "pages": pages})
    return sections


def case_computed(case) -> list[tuple[str, str]]:
    """(label, readable value) of each computed value the case holds; the
    label a definition gives under `data:`, else the value's name."""
    from forms.display import display_value

    bundle = version_bundle(case.version)
    labels = bundle.definition.get("data_labels") or {}
    rows = []
    for name in bundle.computed:
        value = case.data.get(name)
        if value in (None, ""):
            continue
        kind = "boolean" if isinstance(value, bool) else "text"
        rows.append((text(labels.get(name)) or name, display_value({"type": kind}, value)))
    return rows


def case_timeline(case) -> list[CaseEvent]:
    """The audit events in the order they happened (the chain's seq)."""
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("seq", "id"))
    for event in events:
        event.action_label = ACTION_LABELS.get(event.action, event.action)
    return events


def case_audit_break(case, timeline):
    """The first broken link of the case's audit chain (None: it verifies);
    checked each time the file is shown, on the events already read."""
    from engine.runtime.audit_verify import case_chain_break

    return case_chain_break(case, timeline)


def case_open_items(case) -> list[WorkItem]:
    return list(
        WorkItem.objects.filter(case=case, status__in=OPEN)
        .select_related("owner", "org_unit")
        .order_by("created")
    )


def case_attachments(case):
    from forms.models import Attachment

    return Attachment.objects.filter(case=case).order_by("created")


def case_documents(case, user):
    from engine.documents.selectors import documents_of_case

    return documents_of_case(case=case, user=user)
