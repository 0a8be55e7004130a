"""The process list, one process's versions, one version's files and
diagram, the diff between two versions, and the audit log."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from engine.studio import selectors
from engine.studio.diff import version_diff
from engine.studio.drafts import draft_of, draft_open
from engine.studio.folders import folder_in_step

from .access import admin_required, definition_or_404, version_or_404


@admin_required
def index(request):
    return render(request, "studio/index.html", {"processes": selectors.processes_overview()})


@admin_required
def definition_detail(request, key):
    definition = definition_or_404(key)
    published = definition.published_version
    return render(
        request,
        "studio/definition.html",
        {
            "definition": definition,
            "versions": selectors.versions_of(definition),
            "draft": draft_of(definition),
            "in_step": folder_in_step(published) if published else None,
            "changes": selectors.recent_changes(
                20, object_type="version", object_id__in=[str(v.pk) for v in definition.versions.all()]
            ),
        },
    )


@admin_required
@require_POST
def draft_new(request, key):
    draft = draft_open(definition=definition_or_404(key), actor=request.user)
    return redirect("studio:editor", key=key, number=draft.number)


@admin_required
def version_detail(request, key, number):
    version = version_or_404(key, number)
    svg = "" if version.errors else selectors.version_svg(version)
    return render(
        request,
        "studio/version.html",
        {
            "version": version,
            "definition": version.definition,
            "svg": svg,
            "files": [(path, version.files[path]) for path in selectors.file_order(version.files)],
        },
    )


@admin_required
def diagram(request, key, number):
    version = version_or_404(key, number)
    if version.errors:
        return HttpResponse(status=409)
    return HttpResponse(selectors.version_svg(version), content_type="image/svg+xml")


def _number(value, default) -> int:
    """A version number from the query; a malformed one is a 404 (no such version)."""
    if not value:
        return default
    if not value.isdigit() or len(value) > 9:
        raise Http404
    return int(value)


@admin_required
def diff(request, key):
    definition = definition_or_404(key)
    versions = selectors.versions_of(definition)
    numbers = [v.number for v in versions]
    a_number = _number(request.GET.get("a"), numbers[1] if len(numbers) > 1 else numbers[0])
    b_number = _number(request.GET.get("b"), numbers[0])
    a, b = version_or_404(key, a_number), version_or_404(key, b_number)
    return render(
        request,
        "studio/diff.html",
        {
            "definition": definition,
            "versions": versions,
            "a": a,
            "b": b,
            "diff": version_diff(a, b),
            "sections": ["steps", "roles", "forms", "rules", "deadlines"],
        },
    )


@admin_required
def changes(request):
    return render(request, "studio/changes.html", {"changes": selectors.recent_changes(300)})
