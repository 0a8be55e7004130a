"""Services for applicant drafts: open one, submit it as a case. (Pages are
saved by the wizard's formtools storage, forms.wizard_storage.DraftStorage.)

Drafts live in the database (not the session), so an applicant can stop on a
phone and carry on from a PC. Submission locks the draft row, so a double
submit starts one case."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import spec as spec_reader
from .cleaning import form_clean_result
from .models import Attachment, Draft
from .prefill import prefill_answers
from .selectors import open_draft, start_form
from .window import window_state


class SubmitRefused(Exception):
    """The draft cannot become a case yet; `page_id` says where to fix it."""

    def __init__(self, message, *, page_id=None, errors=None):
        super().__init__(message)
        self.page_id, self.errors = page_id, errors or {}


def draft_open(*, user, definition) -> Draft:
    """The user's open draft for this process, created on first visit and
    moved to the newest published version (answers kept)."""
    draft = open_draft(user=user, process_key=definition.key)
    if draft is None:
        draft, _created = Draft.objects.get_or_create(
            user=user,
            process_key=definition.key,
            submitted_at__isnull=True,
            defaults={"version": definition.published_version},
        )
    elif draft.version_id != definition.published_version_id:
        draft.version = definition.published_version
        draft.save(update_fields=["version", "updated"])
    prefilled = prefill_answers(start_form(definition.published_version), user, draft.data)
    if prefilled:
        draft.data = {**draft.data, **prefilled}
        draft.save(update_fields=["data", "updated"])
    return draft


def draft_submit(*, draft_id: int, user):
    """Start the case from a draft in one transaction. Returns (case, created);
    a draft already submitted returns its case and created=False."""
    from engine.runtime.services import case_start
    from engine.runtime.uniqueness import DuplicateCase

    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("version").get(pk=draft_id, user=user)
        if draft.submitted_at is not None:
            return draft.submitted_case, False
        form = start_form(draft.version)
        if not window_state(form.spec).is_open:
            raise SubmitRefused(_("不在开放时间内，不能提交。"))
        cleaned = _final_answers(draft, form)
        org_unit = _case_unit(draft, form, cleaned, user)
        try:
            case = case_start(
                version=draft.version, applicant=user, org_unit=org_unit, data=cleaned, actor=user
            )
        except DuplicateCase as duplicate:
            page_id = spec_reader.page_of_field(form.spec).get(duplicate.field)
            raise SubmitRefused(
                str(duplicate), page_id=page_id, errors={duplicate.field: [str(duplicate)]}
            ) from duplicate
        references = [
            value["attachment"]
            for value in cleaned.values()
            if isinstance(value, dict) and "attachment" in value
        ]
        Attachment.objects.filter(pk__in=references, draft=draft).update(case=case)
        draft.submitted_case, draft.submitted_at = case, timezone.now()
        draft.save(update_fields=["submitted_case", "submitted_at", "updated"])
    return case, True


def _final_answers(draft, form) -> dict:
    """Every visible page re-validated from the stored answers: what the
    browser sent was checked page by page, this checks the whole."""
    result = form_clean_result(
        form.spec,
        draft.data,
        None,
        context_types=form.field_types,
        owner=draft.user,
        draft=draft,
        builder_context=form.builder_context,
    )
    if result.errors:
        first = next(iter(result.errors))
        page_id = spec_reader.page_of_field(form.spec).get(first)
        raise SubmitRefused(
            _("还有未填写或填写有误的内容，请修改后再提交。"), page_id=page_id, errors=result.errors
        )
    return result.cleaned


def _case_unit(draft, form, cleaned: dict, user):
    """The receiving unit, as the definition's intake says; a refusal points
    at the page of the field to fix (the receiving-unit choice)."""
    from engine.runtime.intake import IntakeRefused, receiving_unit
    from engine.runtime.versions import version_bundle

    try:
        return receiving_unit(version_bundle(draft.version), applicant=user, data=cleaned)
    except IntakeRefused as refusal:
        page_id = spec_reader.page_of_field(form.spec).get(refusal.field) if refusal.field else None
        errors = {refusal.field: [str(refusal)]} if page_id else {}
        raise SubmitRefused(str(refusal), page_id=page_id, errors=errors) from refusal


def attachment_discard(*, draft, attachment_id) -> bool:
    """Delete a file the applicant removed from their draft (and its stored
    bytes), unless a case holds it. Returns whether one was deleted."""
    attachment = Attachment.objects.filter(pk=attachment_id, draft=draft, case__isnull=True).first()
    if attachment is None:
        return False
    attachment.file.delete(save=False)
    attachment.delete()
    return True


@transaction.atomic
def draft_discard(*, user, process_key: str) -> bool:
    """Throw away the user's open draft of a process with its files (those
    no case holds). Returns whether there was one."""
    draft = (
        Draft.objects.select_for_update()
        .filter(user=user, process_key=process_key, submitted_at__isnull=True)
        .first()
    )
    if draft is None:
        return False
    for attachment in Attachment.objects.filter(draft=draft, case__isnull=True):
        attachment.file.delete(save=False)
        attachment.delete()
    draft.delete()
    return True
