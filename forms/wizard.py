"""The applicant wizard: a django-formtools NamedUrlWizardView over the pages
of the published version's start form, kept in the database Draft (see
wizard_storage), ending in a review step whose POST submits the draft.

Each page is a step with its own URL (forms:page), the review is the last
step (forms:review), forms:apply resumes where the applicant left off.
Besides formtools' "next", a page may be posted with action=back, action=save
or a table row button: those keep whatever is valid on the page first."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlWizardView

from . import spec as spec_reader
from .display import answer_pages
from .drafts import SubmitRefused, attachment_discard, draft_submit
from .labels import text
from .models import Draft
from .views import OpenProcessMixin
from .visibility import visible_pages
from .wizard_forms import PageForm, ReviewForm, lazy_page_form_class

# Page ids start with a letter (docs/definitions.md), so these never collide.
REVIEW = "_review"
DONE = "_done"
ROW_ACTIONS = ("_add_row", "_remove_row")
REMOVE_FILE = "_remove_file"  # a stored file's 移除 button; its value is the field name


class ApplicantWizard(OpenProcessMixin, NamedUrlWizardView):
    storage_name = "forms.wizard_storage.DraftStorage"
    url_name = "forms:page"
    done_step_name = DONE

    @classmethod
    def get_initkwargs(cls, *args, **kwargs):
        # The pages depend on the published version, so form_list and
        # condition_dict are built per request (process_opened), not here.
        return {
            "url_name": cls.url_name,
            "done_step_name": cls.done_step_name,
            "form_list": OrderedDict(),
            "condition_dict": {},
            "initial_dict": {},
            "instance_dict": {},
        }

    def process_opened(self):
        pages = spec_reader.pages(self.form_info.spec)
        # Stand-ins that build a page's form class when formtools makes the
        # form (the current page): building every page's fields on every
        # request was a third of a wizard page's time.
        self.form_list = OrderedDict(
            [(each["id"], lazy_page_form_class(self.form_info, each["id"])) for each in pages]
            + [(REVIEW, ReviewForm)]
        )
        self.condition_dict = {
            each["id"]: _page_shown(each["id"]) for each in pages if each.get("visible_if")
        }

    def shown_page_ids(self) -> set[str]:
        answers = self.storage.answers
        return {each["id"] for each in visible_pages(self.form_info.spec, answers, extra_types=self.types)}

    @property
    def types(self):
        return self.form_info.field_types

    # -- formtools hooks -----------------------------------------------------

    def get_prefix(self, request, *args, **kwargs):
        return kwargs["process_key"]  # also the storage's key: (user, process_key)

    def get_form_prefix(self, step=None, form=None):
        return None  # field names as in the spec (tables, the visibility script)

    def start_url(self) -> str:
        """Where the wizard resumes (its first URL)."""
        return reverse("forms:apply", args=[self.definition.key])

    def get_step_url(self, step):
        if step == REVIEW:
            return reverse("forms:review", args=[self.definition.key])
        return reverse(self.url_name, args=[self.definition.key, step])

    def get_form_initial(self, step):
        if step == REVIEW:
            return {"draft": self.storage.draft.pk}
        return self.storage.answers

    def get_form_kwargs(self, step=None):
        if step == REVIEW:
            return {}
        return {
            "answers": self.storage.answers,
            "form_info": self.form_info,
            "draft": self.storage.draft,
            "invalid": self.storage.invalid,
        }

    def process_step(self, form):
        return form.page_answers() if isinstance(form, PageForm) else {}

    def process_step_files(self, form):
        return {}  # stored by the page's cleaning as the draft's attachments

    def get_template_names(self):
        return ["forms/review.html" if self.steps.current == REVIEW else "forms/page.html"]

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        context.update(self.base_context(draft=self.storage.draft, progress=self.progress()))
        step = self.steps.current
        if step == REVIEW:
            context["pages"] = answer_pages(self.form_info.spec, self.storage.answers, field_types=self.types)
            for each in context["pages"]:
                each["edit_url"] = self.get_step_url(each["id"])
            return context
        page = spec_reader.page(self.form_info.spec, step)
        context.update(
            page_id=step,
            page_title=text(page.get("title"), step),
            has_previous=self.steps.prev is not None,
            visibility_url=reverse("forms:visibility", args=[self.definition.key, step]),
        )
        return context

    def progress(self) -> dict:
        titles = {each["id"]: each.get("title") for each in spec_reader.pages(self.form_info.spec)}
        steps = [
            {"id": step, "title": _("确认提交") if step == REVIEW else text(titles.get(step), step)}
            for step in self.steps.all
        ]
        return {
            "steps": steps,
            "current": self.steps.current,
            "number": self.steps.step1,
            "total": self.steps.count,
        }

    # -- requests --------------------------------------------------------------

    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        shown = self.get_form_list()
        if step is None:
            # Resume where the applicant left off, on whatever device. No
            # formtools ?reset here: a link must not wipe a draft.
            current = self.storage.current_step
            return redirect(self.get_step_url(current if current in shown else self.steps.first))
        if step not in shown:
            # A hidden page, or the "done" name: a GET never submits.
            return redirect(self.start_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        step = self.posted_step()
        if step not in self.get_form_list():
            # A hidden page: whatever the browser sent for it is dropped.
            return redirect(self.start_url())
        self.storage.current_step = step
        if step == REVIEW:
            pending = self.first_page_to_fix()
            if pending:
                messages.error(request, _("还有填写有误的内容，请修改后再提交。"))
                return redirect(self.get_step_url(pending))
            return super().post(request, *args, **kwargs)  # validate the review, then done()
        if any(name in request.POST for name in ROW_ACTIONS):
            action = "rows"
        elif request.POST.get(REMOVE_FILE):
            action = "remove_file"
        else:
            action = request.POST.get("action")
            action = action if action in ("back", "save") else "next"
        # Every post keeps the page: valid answers (and files that passed
        # their checks) in the draft's data, the rest as typed with its error.
        form = self.get_form(step, data=request.POST, files=request.FILES)
        valid = form.is_valid()
        self.storage.set_step_data(step, self.process_step(form))
        self.storage.set_step_invalid(step, form.invalid_values())
        self.forget_form_list()
        if action == "rows":
            return self.render(form.without_errors())
        if action == "remove_file":
            self.file_remove(step, request.POST[REMOVE_FILE])
            return self.render(self.get_form(step))
        if action == "save":
            if self.storage.invalid:
                messages.warning(request, _("草稿已保存。标出的内容还需要修改，提交前请改正。"))
            else:
                messages.success(request, _("草稿已保存，可以在任何设备上登录后继续填写。"))
            return self.render_goto_step(step)
        if action == "back":
            return self.render_goto_step(self.steps.prev or self.steps.first)
        if not valid:
            # The page again, from what was kept: files that passed show as
            # 已上传, the failed values as typed, each with its message.
            return self.render(self.get_form(step))
        return self.render_next_step(form)

    def first_page_to_fix(self) -> str | None:
        """The first shown page holding a value kept as typed (invalid)."""
        invalid = self.storage.invalid
        if not invalid:
            return None
        page_of = spec_reader.page_of_field(self.form_info.spec)
        shown = self.get_form_list()
        for name in invalid:
            if page_of.get(name) in shown:
                return page_of[name]
        return None

    def file_remove(self, step: str, name: str) -> None:
        """The applicant removed a stored file: forget the answer; the file
        itself is deleted unless a case holds it."""
        if name not in self.storage.page_fields(step) or self.types.get(name) != "file":
            return
        stored = self.storage.answers.get(name)
        self.storage.answer_drop(name)
        if isinstance(stored, dict) and stored.get("attachment"):
            attachment_discard(draft=self.storage.draft, attachment_id=stored["attachment"])
        self.forget_form_list()

    def posted_step(self) -> str:
        """formtools' management form says which step was posted; without
        it (or tampered) the POST is refused, as formtools does."""
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid():
            raise SuspiciousOperation("ManagementForm data is missing or has been tampered.")
        return management.cleaned_data["current_step"]

    def forget_form_list(self):
        """Answers changed, so which pages are shown may have too."""
        for name in ("_resolved_form_list", "_cache_signature"):
            self.__dict__.pop(name, None)

    def render_done(self, form, **kwargs):
        """formtools would re-validate every step here, then call done().
        draft_submit does that re-validation itself, under a row lock and in
        the transaction that starts the case, from the stored answers; and
        the review's POST submits directly (no redirect to a "done" URL)."""
        return self.done([form], form_dict={REVIEW: form}, **kwargs)

    def done(self, form_list, form_dict=None, **kwargs):
        # The draft named in the form, not the storage's: a second click after
        # the first one succeeded must find the submitted draft.
        draft_id = form_dict[REVIEW].cleaned_data["draft"]
        get_object_or_404(Draft, pk=draft_id, user=self.request.user, process_key=self.definition.key)
        try:
            case, created = draft_submit(draft_id=draft_id, user=self.request.user)
        except SubmitRefused as refusal:
            messages.error(self.request, str(refusal))
            return redirect(self.get_step_url(refusal.page_id or REVIEW))
        if created:
            receipt_sent(case)
        else:
            messages.info(self.request, _("这份申请已经提交过，不会重复提交。"))
        # As formtools does after done(): a second click's request opened a
        # fresh draft, which must not remember the review as its step.
        self.storage.reset()
        return redirect(submitted_url(case=case, draft_id=draft_id, process_key=self.definition.key))


def _page_shown(page_id):
    def condition(wizard):
        return page_id in wizard.shown_page_ids()

    return condition


def receipt_sent(case) -> None:
    """The portal's receipt notice, when the portal is installed."""
    try:
        from engine.portal.receipts import receipt_notify
    except ImportError:
        return
    receipt_notify(case)


def submitted_url(*, case, draft_id, process_key) -> str:
    """The applicant portal's receipt of the case when the portal is
    installed, else the wizard's own confirmation page."""
    try:
        return reverse("portal:receipt", args=[case.pk])
    except NoReverseMatch:
        return reverse("forms:submitted", args=[process_key, draft_id])
