"""Reads for the account pages: units an applicant may choose as their union."""

from __future__ import annotations

from engine.models import OrgUnit

SEARCH_LIMIT = 20


def units_matching(query: str, *, limit: int = SEARCH_LIMIT) -> list[OrgUnit]:
    """Unions whose name (or English name, or code) contains `query`, each
    with `.trail`: the names of the units above it, top first (one query for
    all of them). Partner bodies are not unions and are left out."""
    query = (query or "").strip()[:64]
    if not query:
        return []
    from django.db.models import Q

    units = list(
        OrgUnit.objects.exclude(level="partner")
        .filter(Q(name__icontains=query) | Q(name_en__icontains=query) | Q(code__icontains=query))
        .order_by("path")[:limit]
    )
    with_trails(units)
    return units


def with_trails(units):
    ids = {int(part) for unit in units for part in unit.path.strip("/").split("/")[:-1] if part}
    rows = OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name", "level") if ids else []
    names = {pk: name for pk, name, level in rows if level != "national"}
    for unit in units:
        above = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
        unit.trail = [names[pk] for pk in above if pk in names]
    return units
