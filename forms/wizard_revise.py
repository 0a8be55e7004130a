"""The revise step (a case returned to the applicant whose task form is the
start form) as the same guided wizard, pre-filled from the case and with the
reason for the return at the top of every page. Its answers are kept in a
Draft of their own (process key `<process>-revise-<task id>`), so a revision
can be stopped and resumed like an application; the review's submit
completes the task with the outcome that sends the case back to staff."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from formtools.wizard.storage.base import BaseStorage

from . import spec as spec_reader
from .drafts import SubmitRefused
from .drafts import _final_answers as final_answers
from .models import Attachment, Draft
from .selectors import start_form
from .views import OpenProcessMixin
from .wizard import REVIEW, ApplicantWizard
from .wizard_storage import DraftStorage


def revise_key(item) -> str:
    return f"{item.process_key}-revise-{item.task_id}"


def revisable(item) -> bool:
    """The task's form is the case's start form: the wizard can show it."""
    from engine.runtime.versions import version_bundle

    bundle = version_bundle(item.case.version)
    start = next(step for step in bundle.steps.values() if step["type"] == "start")
    return bool(start.get("form")) and bundle.steps.get(item.step, {}).get("form") == start["form"]


def resubmit_outcome(item) -> str | None:
    """The outcome that goes on (not to an end step): 重新提交."""
    from engine.runtime.versions import version_bundle

    bundle = version_bundle(item.case.version)
    for option in bundle.steps.get(item.step, {}).get("outcomes") or []:
        if bundle.steps.get(option.get("next"), {}).get("type") != "end":
            return option["id"]
    return None


class ReviseStorage(DraftStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        BaseStorage.__init__(self, prefix, request, file_storage)
        item = request.wizard_revise
        case = item.case
        self.process_key = prefix
        self.spec = start_form(case.version).spec
        names = {field["name"] for field in spec_reader.fields(self.spec)}
        draft = Draft.objects.filter(user=request.user, process_key=prefix, submitted_at__isnull=True).first()
        if draft is None:
            data = {name: value for name, value in (case.data or {}).items() if name in names}
            draft = Draft.objects.create(
                user=request.user, process_key=prefix, version=case.version, data=data
            )
        self.draft = draft
        self._extra = {}
        self._changed = set()


class ReviseWizard(ApplicantWizard):
    storage_name = "forms.wizard_revise.ReviseStorage"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        from engine.portal.selectors import applicant_task, last_comment_before

        self.item = applicant_task(request.user, kwargs["task_id"])  # 404 unless mine and open
        if not revisable(self.item):
            return redirect("portal:task", self.item.task_id)
        case = self.item.case
        self.definition = case.version.definition
        self.form_info = start_form(case.version)
        self.window = None
        self.reason = last_comment_before(case, self.item)
        request.wizard_revise = self.item
        self.process_opened()
        # Past OpenProcessMixin (no opening window for a case already filed).
        return super(OpenProcessMixin, self).dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return revise_key(self.item)

    def start_url(self) -> str:
        return reverse("portal:revise", args=[self.item.task_id])

    def get_step_url(self, step):
        if step == REVIEW:
            return reverse("portal:revise_review", args=[self.item.task_id])
        return reverse("portal:revise_page", args=[self.item.task_id, step])

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context.update(
            return_reason=self.reason,
            revise_item=self.item,
            submit_label=_("确认无误，重新提交"),
        )
        if "visibility_url" in context:
            context["visibility_url"] += f"?draft={self.storage.draft.pk}"
        return context

    def done(self, form_list, form_dict=None, **kwargs):
        from engine.runtime.services import TransitionError, task_complete

        draft = get_object_or_404(
            Draft, pk=form_dict[REVIEW].cleaned_data["draft"], user=self.request.user, process_key=self.prefix
        )
        outcome = resubmit_outcome(self.item)
        try:
            cleaned = final_answers(draft, self.form_info)
            case = task_complete(task=self.item.task, user=self.request.user, outcome=outcome, data=cleaned)
        except SubmitRefused as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.get_step_url(refusal.page_id or REVIEW))
        except TransitionError as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.get_step_url(REVIEW))
        references = [v["attachment"] for v in cleaned.values() if isinstance(v, dict) and "attachment" in v]
        Attachment.objects.filter(pk__in=references, draft=draft, case__isnull=True).update(case=case)
        Draft.objects.filter(pk=draft.pk).update(submitted_case=case, submitted_at=case.updated_at)
        messages.success(self.request, _("已重新提交，工作人员会继续办理。"))
        return redirect("portal:case", case.pk)
