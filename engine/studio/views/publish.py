"""Impact, publish (optionally moving selected running cases onto the new
version), retire, and moving cases to the published version later."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engine.models import Case
from engine.studio.drafts import draft_publish, version_retire
from engine.studio.migration import cases_migrate, publish_impact

from .access import admin_required, version_or_404


@admin_required
def impact(request, key, number):
    version = version_or_404(key, number)
    rows = [] if version.errors else publish_impact(version)
    return render(
        request,
        "studio/impact.html",
        {
            "version": version,
            "definition": version.definition,
            "rows": rows,
            "affected": sum(1 for row in rows if row["affected"]),
        },
    )


def _selected_cases(request, version):
    ids = [int(pk) for pk in request.POST.getlist("case") if pk.isdigit()]
    return list(Case.objects.filter(pk__in=ids, version__definition=version.definition))


def _message_errors(request, exc):
    for message in exc.messages:
        messages.error(request, message)


@admin_required
@require_POST
def publish(request, key, number):
    version = version_or_404(key, number)
    try:
        with transaction.atomic():
            published = draft_publish(draft=version, actor=request.user)
            moved = cases_migrate(
                cases=_selected_cases(request, version), to_version=published, actor=request.user
            )
    except ValidationError as exc:
        _message_errors(request, exc)
        return redirect("studio:impact", key=key, number=number)
    messages.success(
        request, _("v%(n)d 已发布；迁移案件 %(m)d 件。") % {"n": published.number, "m": len(moved)}
    )
    return redirect("studio:definition", key=key)


@admin_required
@require_POST
def migrate(request, key, number):
    version = version_or_404(key, number)
    try:
        moved = cases_migrate(cases=_selected_cases(request, version), to_version=version, actor=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(
            request, _("已迁移 %(m)d 件案件到 v%(n)d。") % {"m": len(moved), "n": version.number}
        )
    return redirect("studio:impact", key=key, number=number)


@admin_required
@require_POST
def retire(request, key, number):
    try:
        version_retire(version=version_or_404(key, number), actor=request.user)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("v%(n)s 已停用，新案件不再使用它。") % {"n": number})
    return redirect("studio:definition", key=key)
