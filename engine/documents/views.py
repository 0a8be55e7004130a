"""Thin views: the public verification page, and permission-checked download
and retry. Every object is checked against the one policy (engine.roles)."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from .forms import VerifyUploadForm
from .models import Document
from .selectors import document_verify
from .services import document_retry


def _downloadable(user, document) -> bool:
    # Imported here: the roles layer imports models from all over the engine.
    from engine.roles.policy import document_downloadable_by

    return document_downloadable_by(user, document)


def _allowed_document(request, pk) -> Document:
    document = get_object_or_404(Document.objects.select_related("case"), pk=pk)
    if not _downloadable(request.user, document):
        raise Http404  # do not reveal that the document exists
    return document


@require_http_methods(["GET", "POST"])
def verify(request, short_code):
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    content = form.cleaned_data["file"].read() if request.method == "POST" and form.is_valid() else None
    result = document_verify(short_code=short_code, content=content)
    status = 200 if result.found else 404
    return render(
        request,
        "documents/verify.html",
        {"result": result, "form": form, "short_code": short_code},
        status=status,
    )


@login_required
def download(request, pk):
    document = _allowed_document(request, pk)
    if document.status != Document.Status.RENDERED:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


@require_POST
def retry(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    from engine.roles.policy import case_visible_to, document_retryable_by

    document = get_object_or_404(Document.objects.select_related("case__org_unit"), pk=pk)
    if not case_visible_to(request.user, document.case):
        raise Http404  # do not reveal that the document exists
    if not document_retryable_by(request.user, document.case):
        raise PermissionDenied
    document_retry(document=document, actor=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "home"
    return redirect(target)
