"""Widgets for spec fields: money with its unit, yes/no radios, a read-only
computed value, the current attachment, and an editable table of rows.

Dicts and lists in `data` are accepted by the table and attachment widgets
only because a QueryDict never yields them: they come from stored draft JSON
(server-written), never from a browser."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_POSTED_ROWS = 200  # never read more rows than this from a POST


class MoneyInput(forms.NumberInput):
    template_name = "forms/widgets/money.html"

    def __init__(self, attrs=None):
        super().__init__({"step": "0.01", "inputmode": "decimal", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["unit"] = _("元")
        return context


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class YesNoRadio(forms.RadioSelect):
    def format_value(self, value):
        if isinstance(value, bool):
            value = "true" if value else "false"
        return super().format_value(value)


class ComputedOutput(forms.Widget):
    template_name = "forms/widgets/computed.html"
    labels: dict = {}  # value -> label, when the spec gives the computed value options

    def format_value(self, value):
        if value in (None, ""):
            return None
        return self.labels.get(str(value), value)

    def value_from_datadict(self, data, files, name):
        return None  # computed on the server, whatever the browser sent


class AttachmentInput(forms.FileInput):
    template_name = "forms/widgets/attachment.html"

    def __init__(self, attrs=None, *, accept=None, max_size=None):
        attrs = dict(attrs or {})
        if accept:
            attrs["accept"] = ",".join(f".{ext}" for ext in accept)
        super().__init__(attrs)
        self.accept, self.max_size = accept, max_size

    def format_value(self, value):
        return value if isinstance(value, dict) else None

    def limits(self) -> dict:
        """What may be chosen, shown before choosing (types, size, count)."""
        from .uploads import accepted_extensions, human_size, parse_size

        types = [ext.upper() for ext in accepted_extensions(self.accept) if ext != "jpeg"]
        return {"types": "、".join(types), "size": human_size(parse_size(self.max_size)), "count": 1}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        current = value if isinstance(value, dict) and value.get("attachment") else None
        if current is not None:
            from .uploads import extension

            current = {**current, "image": extension(str(current.get("name", ""))) in ("jpg", "jpeg", "png")}
        context["current"] = current
        context["limits"] = self.limits()
        context["removable"] = getattr(self, "removable", False)
        context["help_id"] = f"{attrs.get('id', name) if attrs else name}-limits"
        return context

    def value_from_datadict(self, data, files, name):
        upload = files.get(name) if files else None
        if upload is not None:
            return upload
        stored = data.get(name)
        return stored if isinstance(stored, dict) else None


class TableWidget(forms.Widget):
    """Rows of cells named `<name>-<row>-<column>` plus `<name>-rows`. Buttons
    named `_add_row` / `_remove_row` post back to change the row count, so the
    table works without JavaScript."""

    template_name = "forms/widgets/table.html"

    def __init__(self, columns, *, min_rows=0, max_rows=None, attrs=None):
        super().__init__(attrs)
        self.columns = columns  # [(name, label, widget)]
        self.min_rows = min_rows or 0
        self.max_rows = max_rows

    def value_from_datadict(self, data, files, name):
        stored = data.get(name)
        if isinstance(stored, list):
            return stored
        rows = [self._row(data, files, name, index) for index in range(self._posted_rows(data, name))]
        remove = data.get("_remove_row", "")
        if remove.startswith(f"{name}-") and remove[len(name) + 1 :].isdigit():
            index = int(remove[len(name) + 1 :])
            rows = rows[:index] + rows[index + 1 :]
        if data.get("_add_row") == name and (self.max_rows is None or len(rows) < self.max_rows):
            rows.append({column: "" for column, _label, _widget in self.columns})
        return rows

    def _posted_rows(self, data, name):
        try:
            count = int(data.get(f"{name}-rows", 0))
        except (TypeError, ValueError):
            count = 0
        limit = min(MAX_POSTED_ROWS, (self.max_rows or MAX_POSTED_ROWS) + 1)
        return max(0, min(count, limit))

    def _row(self, data, files, name, index):
        return {
            column: widget.value_from_datadict(data, files, f"{name}-{index}-{column}")
            for column, _label, widget in self.columns
        }

    def value_omitted_from_data(self, data, files, name):
        return f"{name}-rows" not in data and name not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = list(value or [])
        while len(rows) < max(self.min_rows, 1):
            rows.append({})
        context["widget"].update(
            columns=[label for _name, label, _widget in self.columns],
            rows=[self._render_row(name, index, row) for index, row in enumerate(rows)],
            row_count=len(rows),
            can_add=self.max_rows is None or len(rows) < self.max_rows,
            min_rows=self.min_rows,
            max_rows=self.max_rows,
        )
        return context

    def _render_row(self, name, index, row):
        cells = []
        for column, label, widget in self.columns:
            cell_name = f"{name}-{index}-{column}"
            attrs = {"id": f"id_{cell_name}", "aria-label": f"{label} {index + 1}"}
            # The label goes with the cell: on a phone each row is a card
            # whose cells show their own labels (forms.css).
            cells.append({"label": label, "html": widget.render(cell_name, (row or {}).get(column), attrs)})
        return {"index": index, "cells": cells, "remove_value": f"{name}-{index}"}


class FilteredSelect(forms.Select):
    """A select whose options belong to an answer of another field: each
    option carries data-filter="<that answer>" and the select names the
    field in data-filter-by, so static/forms/choices.js shows only the
    options of the current answer. The server checks the same rule."""

    def __init__(self, *, by: str, belongs: dict, attrs=None):
        super().__init__({**(attrs or {}), "data-filter-by": by})
        self.belongs = belongs

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) in self.belongs:
            option["attrs"]["data-filter"] = self.belongs[str(value)]
        return option
