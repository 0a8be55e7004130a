"""Reads for the studio pages."""

from __future__ import annotations

from django.db.models import Count, Q

from engine.definitions.bundle import DEFINITION_FILE
from engine.models import DefinitionVersion, ProcessDefinition
from engine.runtime.compiler import compile_flow
from engine.runtime.graph import flow_svg

from .models import StudioChange

RUNNING = ~Q(cases__status__in=["DONE", "CANCELED"]) & Q(cases__isnull=False)


def processes_overview() -> list[dict]:
    """Every process with its versions (newest first) and the number of
    running cases on each."""
    versions = (
        DefinitionVersion.objects.select_related("definition", "created_by")
        .annotate(running=Count("cases", filter=RUNNING))
        .order_by("definition__key", "-number")
    )
    by_definition: dict[int, list] = {}
    for version in versions:
        by_definition.setdefault(version.definition_id, []).append(version)
    return [
        {"definition": d, "versions": by_definition.get(d.pk, [])}
        for d in ProcessDefinition.objects.order_by("key")
    ]


def versions_of(definition) -> list[DefinitionVersion]:
    return list(definition.versions.annotate(running=Count("cases", filter=RUNNING)).order_by("-number"))


def file_order(files: dict) -> list[str]:
    return sorted(files, key=lambda path: (path != DEFINITION_FILE, not path.startswith("forms/"), path))


def editor_lines(content: str, errors: list[dict], relpath: str) -> list[dict]:
    """The gutter: one row per line, with the messages of the errors on it."""
    by_line: dict[int, list[str]] = {}
    for error in errors:
        if error["path"] == relpath:
            by_line.setdefault(error["line"], []).append(error["message"])
    count = max(content.count("\n") + 1, max(by_line, default=1))
    return [{"number": n, "messages": by_line.get(n, [])} for n in range(1, count + 1)]


_svg_cache: dict = {}
SVG_CACHE_SIZE = 64


def version_svg(version: DefinitionVersion) -> str:
    """viewflow's chart of the version as it is now: a draft is compiled
    afresh (not taken from the shared class cache), once per content."""
    key = (version.pk, version.content_hash)
    if key not in _svg_cache:
        if len(_svg_cache) >= SVG_CACHE_SIZE:
            _svg_cache.pop(next(iter(_svg_cache)))
        _svg_cache[key] = flow_svg(compile_flow(version))
    return _svg_cache[key]


def recent_changes(limit: int = 100, **filters):
    return StudioChange.objects.filter(**filters).select_related("actor")[:limit]
