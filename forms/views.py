"""The applicant's process list, the wizard's live visibility check, the
confirmation page and attachment downloads (the wizard itself is
forms.wizard.ApplicantWizard). Views only route: the work is in drafts
(services), selectors and cleaning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .cleaning import submitted_hidden
from .drafts import draft_discard, draft_open
from .labels import text
from .models import Attachment, Draft
from .selectors import drafts_in_progress, open_draft, published_process, start_form, startable_processes
from .spec import pages as spec_pages
from .window import window_state


class ApplyIndexView(LoginRequiredMixin, View):
    def get(self, request):
        rows = []
        drafts = {draft.process_key: draft for draft in drafts_in_progress(request.user)}
        for definition in startable_processes():
            form = start_form(definition.published_version)
            rows.append(
                {
                    "definition": definition,
                    "title": text(form.definition.get("title"), definition.title),
                    "description": text(form.definition.get("description")),
                    "window": window_state(form.spec),
                    "draft": drafts.get(definition.key),
                }
            )
        return render(request, "forms/apply_index.html", {"processes": rows})


class OpenProcessMixin(LoginRequiredMixin):
    """Loads the published process and its start form; outside the opening
    window every page says so and every POST is refused."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.definition = published_process(kwargs["process_key"])
        # For the wizard's storage, which formtools builds from the request.
        request.wizard_definition = self.definition
        if self.definition is None:
            raise Http404(_("没有这个流程，或它尚未发布。"))
        self.form_info = start_form(self.definition.published_version)
        self.window = window_state(self.form_info.spec)
        if not self.window.is_open:
            status = 403 if request.method == "POST" else 200
            return render(request, "forms/closed.html", self.base_context(), status=status)
        self.process_opened()
        return super().dispatch(request, *args, **kwargs)

    def process_opened(self):
        """Hook for what needs the process before the view runs."""

    def base_context(self, **extra):
        title = text(self.form_info.spec.get("title")) or text(self.form_info.definition.get("title"))
        return {"definition": self.definition, "form_title": title, "window": self.window, **extra}


class VisibilityView(OpenProcessMixin, View):
    """Live show/hide: the browser posts the page, the server answers which
    fields are hidden, using the same evaluator as the final check."""

    def post(self, request, process_key, page_id):
        if page_id not in {page["id"] for page in spec_pages(self.form_info.spec)}:
            raise Http404(_("表单没有这一页。"))
        draft = draft_open(user=request.user, definition=self.definition)
        hidden = submitted_hidden(
            self.form_info.spec,
            request.POST,
            None,
            page_id=page_id,
            context=draft.data,
            context_types=self.form_info.field_types,
        )
        return JsonResponse({"hidden": sorted(hidden)})


class DraftDiscardView(LoginRequiredMixin, View):
    """丢弃草稿: a page that asks first (no script confirm), then deletes the
    draft and its files. Works for a process no longer published too."""

    def get(self, request, process_key):
        draft = open_draft(user=request.user, process_key=process_key)
        if draft is None:
            messages.info(request, _("没有这项服务的草稿。"))
            return redirect("portal:home")
        return render(request, "forms/discard.html", {"draft": draft, "title": draft_title(draft)})

    def post(self, request, process_key):
        if draft_discard(user=request.user, process_key=process_key):
            messages.success(request, _("草稿已删除。"))
        return redirect("portal:home")


def draft_title(draft) -> str:
    definition = draft.version.definition
    return text({"zh": definition.title, "en": definition.title_en or definition.title})


class SubmittedView(LoginRequiredMixin, View):
    def get(self, request, process_key, draft_id):
        draft = get_object_or_404(
            Draft.objects.select_related("submitted_case"),
            pk=draft_id,
            user=request.user,
            submitted_at__isnull=False,
        )
        return render(request, "forms/submitted.html", {"draft": draft, "case": draft.submitted_case})


INLINE_TYPES = ("image/jpeg", "image/png")


class AttachmentView(LoginRequiredMixin, View):
    """Files are private: the uploader, or someone who may see the case."""

    def get(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("case"), pk=pk)
        if not _may_download(request.user, attachment):
            raise Http404
        # ?inline=1 shows an image in the page (the 已上传 preview); any other
        # type is always a download.
        inline = request.GET.get("inline") == "1" and attachment.content_type in INLINE_TYPES
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=not inline,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=300"
        return response


def _may_download(user, attachment) -> bool:
    from engine.roles.policy import attachment_downloadable_by

    return attachment_downloadable_by(user, attachment)
