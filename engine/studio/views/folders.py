"""Import a zipped process folder, download a version as a zip, and write
the published version back into workflows/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engine.studio.folders import files_to_zip, folder_import, folder_write

from .access import admin_required, version_or_404


@admin_required
def import_view(request):
    if request.method == "POST" and request.FILES.get("archive"):
        try:
            draft = folder_import(data=request.FILES["archive"].read(), actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已导入为 v%(n)d 草稿。") % {"n": draft.number})
            return redirect("studio:editor", key=draft.definition.key, number=draft.number)
    return render(request, "studio/import.html")


@admin_required
def export_zip(request, key, number):
    version = version_or_404(key, number)
    response = HttpResponse(files_to_zip(version.files, key), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{key}-v{number}.zip"'
    return response


@admin_required
@require_POST
def write_folder(request, key, number):
    version = version_or_404(key, number)
    if version.status != version.Status.PUBLISHED:
        messages.error(request, _("只有已发布的版本可以写入流程文件夹。"))
    else:
        try:
            path = folder_write(version=version, actor=request.user)
        except OSError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已写入 %(p)s") % {"p": path})
    return redirect("studio:definition", key=key)
