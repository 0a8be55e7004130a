"""Reading a form spec: its pages, its fields and their declared types.

A spec arrives as a dict (normalised by the definitions layer, or loaded
straight from YAML). A task form may list `fields` without `steps`; it is
then read as one page called `main`."""

from __future__ import annotations

SINGLE_PAGE_ID = "main"


def pages(spec: dict) -> list[dict]:
    if spec.get("steps"):
        return list(spec["steps"])
    return [{"id": SINGLE_PAGE_ID, "title": spec.get("title"), "fields": spec.get("fields") or []}]


def page(spec: dict, page_id: str) -> dict:
    for candidate in pages(spec):
        if candidate.get("id") == page_id:
            return candidate
    raise KeyError(page_id)


def fields(spec: dict, page_id: str | None = None) -> list[dict]:
    """The fields of one page, or of every page when page_id is None."""
    chosen = [page(spec, page_id)] if page_id else pages(spec)
    return [field for each in chosen for field in (each.get("fields") or [])]


def page_of_field(spec: dict) -> dict[str, str]:
    return {field["name"]: each["id"] for each in pages(spec) for field in each.get("fields") or []}


def field_types(spec: dict) -> dict[str, str]:
    """{name: type} with 'table.column' entries, as typed_namespace expects."""
    types = {}
    for field in fields(spec):
        types[field["name"]] = field.get("type", "text")
        for column in field.get("columns") or []:
            types[f"{field['name']}.{column['name']}"] = column.get("type", "text")
    return types
