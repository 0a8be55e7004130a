"""The applicant wizard and attachment downloads. Views only route: the
work is in drafts (services), selectors and cleaning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from .builder import FormBuilder
from .cleaning import attach_errors, submitted_hidden
from .display import answer_pages
from .drafts import SubmitRefused, draft_open, draft_save_page, draft_submit
from .labels import text
from .models import Attachment, Draft
from .selectors import neighbour_page, published_process, start_form, startable_processes, wizard_pages
from .visibility import hidden_fields
from .window import window_state

ROW_ACTIONS = ("_add_row", "_remove_row")


class ApplyIndexView(LoginRequiredMixin, View):
    def get(self, request):
        rows = []
        for definition in startable_processes():
            form = start_form(definition.published_version)
            rows.append(
                {
                    "definition": definition,
                    "title": text(form.definition.get("title"), definition.title),
                    "description": text(form.definition.get("description")),
                    "window": window_state(form.spec),
                }
            )
        return render(request, "forms/apply_index.html", {"processes": rows})


class WizardView(LoginRequiredMixin, View):
    """Loads the process and its start form; outside the opening window every
    wizard page says so and every POST is refused."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.definition = published_process(kwargs["process_key"])
        if self.definition is None:
            raise Http404(_("没有这个流程，或它尚未发布。"))
        self.form_info = start_form(self.definition.published_version)
        self.window = window_state(self.form_info.spec)
        if not self.window.is_open:
            status = 403 if request.method == "POST" else 200
            return render(request, "forms/closed.html", self.base_context(), status=status)
        return super().dispatch(request, *args, **kwargs)

    def base_context(self, **extra):
        title = text(self.form_info.spec.get("title")) or text(self.form_info.definition.get("title"))
        return {"definition": self.definition, "form_title": title, "window": self.window, **extra}

    def open_draft(self):
        self.draft = draft_open(user=self.request.user, definition=self.definition)
        self.form_info = start_form(self.draft.version)
        return self.draft

    def progress(self, current: str):
        pages = wizard_pages(self.form_info.spec, self.draft.data, self.form_info.field_types)
        steps = [{"id": each["id"], "title": text(each.get("title"), each["id"])} for each in pages]
        steps.append({"id": "review", "title": _("确认提交")})
        index = next((i for i, each in enumerate(steps) if each["id"] == current), 0)
        return {"steps": steps, "current": current, "number": index + 1, "total": len(steps)}

    def page_url(self, page_id):
        key = self.definition.key
        if page_id is None:
            return reverse("forms:review", args=[key])
        return reverse("forms:page", args=[key, page_id])


class WizardStartView(WizardView):
    def get(self, request, process_key):
        draft = self.open_draft()
        shown = [
            each["id"] for each in wizard_pages(self.form_info.spec, draft.data, self.form_info.field_types)
        ]
        page_id = draft.current_page if draft.current_page in shown else shown[0]
        return redirect(self.page_url(page_id))


class WizardPageView(WizardView):
    def get(self, request, process_key, page_id):
        draft = self.open_draft()
        if not self._page_shown(page_id):
            return redirect("forms:apply", process_key)
        spec = self.form_info.spec
        hidden = hidden_fields(spec, draft.data, extra_types=self.form_info.field_types)
        builder = FormBuilder(spec, page_id=page_id, context=self.form_info.builder_context)
        form = builder.get_form_class(hidden=hidden)(initial=draft.data)
        return self.render_page(form, page_id)

    def post(self, request, process_key, page_id):
        draft = self.open_draft()
        if not self._page_shown(page_id):
            return redirect("forms:apply", process_key)
        action = (
            "rows"
            if any(name in request.POST for name in ROW_ACTIONS)
            else request.POST.get("action", "next")
        )
        partial = action != "next"
        result = draft_save_page(
            draft=draft, page_id=page_id, data=request.POST, files=request.FILES, partial=partial
        )
        if action == "rows":
            attach_errors(result.form, {})
            return self.render_page(result.form, page_id)
        if action == "back":
            previous = neighbour_page(
                self.form_info.spec, draft.data, page_id, step=-1, field_types=self.form_info.field_types
            )
            return redirect(self.page_url(previous or page_id))
        if action == "save":
            messages.success(request, _("草稿已保存，可以在任何设备上登录后继续填写。"))
            return redirect(self.page_url(page_id))
        if result.errors:
            return self.render_page(result.form, page_id, status=200)
        following = neighbour_page(
            self.form_info.spec, draft.data, page_id, step=1, field_types=self.form_info.field_types
        )
        return redirect(self.page_url(following))

    def _page_shown(self, page_id):
        pages = wizard_pages(self.form_info.spec, self.draft.data, self.form_info.field_types)
        return any(each["id"] == page_id for each in pages)

    def render_page(self, form, page_id, status=200):
        page = (
            next(each for each in self.form_info.spec["steps"] if each["id"] == page_id)
            if self.form_info.spec.get("steps")
            else {}
        )
        context = self.base_context(
            form=form,
            draft=self.draft,
            page_id=page_id,
            page_title=text(page.get("title"), page_id),
            progress=self.progress(page_id),
            has_previous=neighbour_page(
                self.form_info.spec, self.draft.data, page_id, step=-1, field_types=self.form_info.field_types
            )
            is not None,
            visibility_url=reverse("forms:visibility", args=[self.definition.key, page_id]),
        )
        return render(self.request, "forms/page.html", context, status=status)


class VisibilityView(WizardView):
    """Live show/hide: the browser posts the page, the server answers which
    fields are hidden, using the same evaluator as the final check."""

    def post(self, request, process_key, page_id):
        draft = self.open_draft()
        hidden = submitted_hidden(
            self.form_info.spec,
            request.POST,
            None,
            page_id=page_id,
            context=draft.data,
            context_types=self.form_info.field_types,
        )
        return JsonResponse({"hidden": sorted(hidden)})


class ReviewView(WizardView):
    def get(self, request, process_key):
        draft = self.open_draft()
        pages = answer_pages(self.form_info.spec, draft.data, field_types=self.form_info.field_types)
        context = self.base_context(draft=draft, pages=pages, progress=self.progress("review"))
        return render(request, "forms/review.html", context)

    def post(self, request, process_key):
        # The draft named in the form, not "the open draft": a second click
        # after the first one succeeded must find the submitted draft.
        try:
            draft_id = int(request.POST.get("draft", ""))
        except ValueError as exc:
            raise Http404 from exc
        get_object_or_404(Draft, pk=draft_id, user=request.user, process_key=process_key)
        try:
            _case, created = draft_submit(draft_id=draft_id, user=request.user)
        except SubmitRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(
                self.page_url(refusal.page_id)
                if refusal.page_id
                else reverse("forms:review", args=[process_key])
            )
        if not created:
            messages.info(request, _("这份申请已经提交过，不会重复提交。"))
        return redirect("forms:submitted", process_key, draft_id)


class SubmittedView(LoginRequiredMixin, View):
    def get(self, request, process_key, draft_id):
        draft = get_object_or_404(
            Draft.objects.select_related("submitted_case"),
            pk=draft_id,
            user=request.user,
            submitted_at__isnull=False,
        )
        return render(request, "forms/submitted.html", {"draft": draft, "case": draft.submitted_case})


class AttachmentView(LoginRequiredMixin, View):
    """Files are private: the uploader, or someone who may see the case."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
        if not _may_download(request.user, attachment):
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _may_download(user, attachment) -> bool:
    if attachment.owner_id == user.pk:
        return True
    if attachment.case_id is None:
        return False
    from engine.roles.policy import case_visible_to

    return case_visible_to(user, attachment.case)
