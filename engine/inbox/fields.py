"""Form fields a process's inbox can be filtered on, and the query for them.

Which fields: the single-choice fields (`type: choice`) of the process's
forms, read from its stored definition bundle, so any process gets the
filter without the engine knowing its name. Their answers are stored flat in
the case data (`viewflow_process.data`, jsonb on PostgreSQL), so the filter
is a containment test `data @> {"name": "value"}` that the GIN index
`engine_process_data_gin` (jsonb_path_ops, migration 0004) answers."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from viewflow.workflow.models import Process

from engine.runtime.versions import version_bundle

_cache: dict = {}
_lock = threading.Lock()


class UnknownField(ValueError):
    """A field filter that names no filterable field of the process."""


@dataclass(frozen=True)
class FilterField:
    name: str
    spec: dict  # the field as the form spec declares it (label, options...)

    def label(self) -> str:
        from forms.labels import text

        return text(self.spec.get("label"), self.name)

    def choices(self) -> list:
        """[(value, label)] in the active language; reference lists are read
        when asked (administrators change them as data)."""
        from forms.options import choices_for, flat_labels

        return list(flat_labels(choices_for(self.spec)).items())


def filterable_fields(version) -> dict:
    """{name: FilterField} of a stored version, in form order; cached per
    version and content (a published version never changes)."""
    key = (version.pk, version.content_hash)
    fields = _cache.get(key)
    if fields is None:
        fields = _collect(version_bundle(version))
        with _lock:
            _cache[key] = fields
    return fields


def _collect(bundle) -> dict:
    fields = {}
    for form_key in bundle.forms:
        for spec in bundle.form_fields(form_key):
            if spec.get("type") == "choice" and spec["name"] not in fields:
                fields[spec["name"]] = FilterField(name=spec["name"], spec=spec)
    return fields


def check_fields(version, fields: dict) -> None:
    """Refuse names the process does not offer as filters, and non-text values."""
    known = filterable_fields(version)
    for name, value in fields.items():
        if name not in known:
            raise UnknownField(f"{name!r} is not a filterable field of this process")
        if not isinstance(value, str):
            raise UnknownField(f"{name!r}: a choice value is text, not {type(value).__name__}")


def case_data_q(fields: dict) -> Q:
    """WorkItems whose case data holds every name == value of `fields`.

    PostgreSQL: one containment test on the jsonb column, which the GIN
    index answers; a sub-select on viewflow_process alone (Case shares its
    primary key) keeps the inbox query a one-table scan with a semi-join.
    SQLite has no containment operator: one key lookup per field."""
    if not fields:
        return Q()
    if connection.features.supports_json_field_contains:
        matching = Process.objects.filter(data__contains=dict(fields))
    else:
        matching = Process.objects.filter(**{f"data__{name}": value for name, value in fields.items()})
    return Q(case_id__in=matching.values("pk"))
