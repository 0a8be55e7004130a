"""The YAML editor: one file of the draft at a time; every save validates
the whole process and shows each problem at its line."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engine.definitions.bundle import DEFINITION_FILE
from engine.studio import selectors
from engine.studio.drafts import draft_file_delete, draft_file_save, text_hash
from engine.studio.validation import relpath_valid

from .access import admin_required, version_or_404


def _draft_or_404(key, number):
    version = version_or_404(key, number)
    if version.status != version.Status.DRAFT:
        raise Http404(_("只有草稿可以编辑"))
    return version


def _editor_url(key, number, relpath):
    return reverse("studio:editor", kwargs={"key": key, "number": number}) + f"?file={relpath}"


@admin_required
def editor(request, key, number):
    draft = _draft_or_404(key, number)
    relpath = request.GET.get("file") or DEFINITION_FILE
    if request.method == "POST":
        relpath = request.POST.get("file") or relpath
        if not relpath_valid(relpath):
            messages.error(request, _("不允许的文件路径：%(p)s") % {"p": relpath})
            return redirect(_editor_url(key, number, DEFINITION_FILE))
        content = request.POST.get("content", "")
        try:
            draft = draft_file_save(
                definition=draft.definition,
                relpath=relpath,
                content=content,
                actor=request.user,
                base_hash=request.POST.get("base") or None,
            )
        except ValidationError as exc:  # an edit conflict, or over the loader's limits
            messages.error(request, exc.messages[0])
            return _render(request, draft, relpath, content)
        if draft.errors:
            messages.warning(
                request, _("已保存，但有 %(n)d 个错误，修正后才能发布。") % {"n": len(draft.errors)}
            )
        else:
            messages.success(request, _("已保存，校验通过。"))
        return redirect(_editor_url(key, number, relpath))
    return _render(request, draft, relpath, draft.files.get(relpath, ""))


def _render(request, draft, relpath, content):
    """The editor; `content` is what the textarea shows (the stored file, or
    the user's unsaved text after a conflict)."""
    return render(
        request,
        "studio/editor.html",
        {
            "draft": draft,
            "definition": draft.definition,
            "relpath": relpath,
            "content": content,
            "base_hash": text_hash(draft.files.get(relpath, "")),
            "files": selectors.file_order(draft.files),
            "errors": draft.errors,
            "lines": selectors.editor_lines(content, draft.errors, relpath),
            "file_errors": {e["path"] for e in draft.errors},
        },
    )


@admin_required
@require_POST
def file_delete(request, key, number):
    draft = _draft_or_404(key, number)
    relpath = request.POST.get("file", "")
    if relpath == DEFINITION_FILE or relpath not in draft.files:
        messages.error(request, _("不能删除该文件。"))
    else:
        draft_file_delete(definition=draft.definition, relpath=relpath, actor=request.user)
        messages.success(request, _("已删除 %(p)s") % {"p": relpath})
    return redirect(_editor_url(key, number, DEFINITION_FILE))
