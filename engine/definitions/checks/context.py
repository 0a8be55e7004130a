"""What every check needs: the bundle, positions, and a way to report."""

from __future__ import annotations

from functools import cached_property

from ..bundle import DEFINITION_FILE, Bundle, form_key_of
from ..normalise import raw_pages
from ..problems import Problem

LEVELS = ["national", "province", "city", "district", "enterprise"]


class Context:
    def __init__(self, bundle: Bundle, known_reference_lists: set[str] | None = None):
        self.bundle = bundle
        self.known_reference_lists = known_reference_lists
        self.raw = bundle.sources[DEFINITION_FILE].data
        self.step_ids = [step["id"] for step in self.raw["steps"]]

    def problem(
        self, path, message, hint="", *, key=False, relpath=DEFINITION_FILE, severity="error"
    ) -> Problem:
        source = self.bundle.sources[relpath]
        line, column = source.where.key(path) if key else source.where.at(path)
        return Problem(source.filename, line, column, message, hint, severity)

    def steps(self):
        """(path, raw step) in file order."""
        return [(("steps", index), step) for index, step in enumerate(self.raw["steps"])]

    def step(self, step_id) -> dict | None:
        return next((s for s in self.raw["steps"] if s["id"] == step_id), None)

    def forms(self):
        """(relpath, form key, raw form) for every form file."""
        for relpath, source in self.bundle.sources.items():
            key = form_key_of(relpath)
            if key:
                yield relpath, key, source.data

    def form_fields(self, raw_form):
        """(path, field, table) for each field and table column of a raw form;
        table is the enclosing table field of a column, else None."""
        for page_path, page in raw_pages(raw_form):
            base = page_path or ()
            for index, field in enumerate(page["fields"]):
                path = (*base, "fields", index)
                yield path, field, None
                for col_index, column in enumerate(field.get("columns") or []):
                    yield (*path, "columns", col_index), column, field

    @cached_property
    def field_types(self) -> dict:
        return self.bundle.field_types()

    def declared_names(self) -> set[str]:
        """Names an expression in the definition may read (not 'table.column')."""
        return {name for name in self.field_types if "." not in name}
