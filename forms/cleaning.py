"""Server-side cleaning of a spec form, the same for the applicant wizard and
staff task forms.

Two passes: the first reads what was submitted (leniently) to decide which
fields are visible; the second validates only the visible fields, so a hidden
field is never required and a value posted for it is never kept. Computed
fields are recomputed here and cross-field rules checked, whatever the
browser sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms.utils import ErrorDict, ErrorList

from engine.expressions import ExpressionError, evaluate, names_used

from . import spec as spec_reader
from .builder import FormBuilder
from .dependent import filter_failures
from .labels import text
from .ranges import range_failures
from .uploads import attachment_store
from .visibility import condition_holds, hidden_fields, namespace, to_decimal_text

NON_FIELD = "__all__"


@dataclass
class CleanResult:
    cleaned: dict
    errors: dict
    hidden: set = field(default_factory=set)
    form: object = None  # the page's form (all fields) with errors attached, for rendering


def form_clean(spec, data, files=None, *, page_id=None, context=None, **options) -> tuple[dict, dict]:
    """-> (cleaned JSON of the visible fields in scope, {field: [messages]}).
    `context` holds answers given before (other pages, or the case data for a
    task form); conditions and rules read them too."""
    result = form_clean_result(spec, data, files, page_id=page_id, context=context, **options)
    return result.cleaned, result.errors


def form_clean_result(
    spec,
    data,
    files=None,
    *,
    page_id=None,
    context=None,
    context_types=None,
    owner=None,
    draft=None,
    builder_context=None,
) -> CleanResult:
    context = dict(context or {})
    builder = FormBuilder(spec, page_id=page_id, context=builder_context)
    hidden = submitted_hidden(
        spec, data, files, page_id=page_id, context=context, context_types=context_types, builder=builder
    )
    visible = [item["name"] for item in spec_reader.fields(spec, page_id) if item["name"] not in hidden]
    only_visible = FormBuilder(spec, page_id=page_id, only=visible, context=builder_context)
    cleaned, errors = _clean_fields(
        spec, only_visible.get_form_class()(data, files, initial=context), visible
    )

    known = {**{k: v for k, v in context.items() if k not in hidden}, **cleaned}
    cleaned.update(compute(spec, known, page_id=page_id, hidden=hidden, extra_types=context_types))
    known.update(cleaned)
    for name, message in rule_failures(
        spec, known, page_id=page_id, hidden=hidden, extra_types=context_types
    ):
        errors.setdefault(name, []).append(message)
    for name, message in range_failures(spec, known, page_id=page_id, hidden=hidden):
        errors.setdefault(name, []).append(message)
    for name, message in filter_failures(spec, known, page_id=page_id, hidden=hidden):
        errors.setdefault(name, []).append(message)
    if not errors:
        cleaned = store_uploads(cleaned, owner=owner, draft=draft)

    display_initial = {**context, **{k: v for k, v in cleaned.items() if not isinstance(v, UploadedFile)}}
    display = builder.get_form_class(hidden=hidden)(data, files, initial=display_initial)
    attach_errors(display, errors)
    return CleanResult(cleaned=cleaned, errors=errors, hidden=hidden, form=display)


def _clean_fields(spec, form, visible) -> tuple[dict, dict]:
    """Django's own field validation of the visible fields, as JSON + messages."""
    form.is_valid()
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    cleaned = {name: value for name, value in serialise(spec, form.cleaned_data).items() if name in visible}
    return cleaned, errors


def submitted_hidden(spec, data, files=None, *, page_id=None, context=None, context_types=None, builder=None):
    """Fields hidden given what was submitted on this page (read leniently:
    a value that does not validate reads as none) over the earlier answers."""
    answers = submitted_answers(spec, data, files, page_id=page_id, context=context, builder=builder)
    return hidden_fields(spec, answers, extra_types=context_types)


def submitted_answers(spec, data, files=None, *, page_id=None, context=None, builder=None) -> dict:
    """The earlier answers with what was submitted on this page over them,
    read leniently (a value that does not validate reads as none)."""
    context = dict(context or {})
    builder = builder or FormBuilder(spec, page_id=page_id)
    first = builder.get_form_class()(data, files, initial=context)
    first.is_valid()
    submitted = serialise(spec, first.cleaned_data)
    scope = [item["name"] for item in spec_reader.fields(spec, page_id) if item.get("type") != "computed"]
    return {**context, **{name: submitted.get(name) for name in scope}}


def compute(spec, answers, *, page_id=None, hidden=(), extra_types=None) -> dict:
    """Computed fields in scope, in spec order (later ones may use earlier)."""
    values = dict(answers)
    result = {}
    for item in spec_reader.fields(spec, page_id):
        if item.get("type") != "computed" or item["name"] in hidden:
            continue
        try:
            value = evaluate(item["expr"], namespace(spec, values, extra_types))
        except ExpressionError:
            value = None
        result[item["name"]] = values[item["name"]] = to_json(value, "computed")
    return result


def rule_failures(spec, answers, *, page_id=None, hidden=(), extra_types=None):
    """(field, message) for each rule that applies and does not hold. A rule
    applies when its field is in scope and visible and every name it reads
    has a value (presence is the `required` check's job)."""
    in_scope = {item["name"] for item in spec_reader.fields(spec, page_id)}
    names = namespace(spec, answers, extra_types)
    for rule in spec.get("rules") or []:
        target = rule.get("field") or NON_FIELD
        if target != NON_FIELD and (target not in in_scope or target in hidden):
            continue
        if target == NON_FIELD and page_id is not None:
            continue
        try:
            used = names_used(rule["check"])
        except ExpressionError:
            used = set()
        if any(names.get(name) in (None, "", []) for name in used):
            continue
        if not condition_holds(rule["check"], names):
            yield target, text(rule.get("message")) or str(rule["check"])


def serialise(spec, cleaned_data: dict) -> dict:
    specs = {item["name"]: item for item in spec_reader.fields(spec)}
    return {name: _field_json(value, specs[name]) for name, value in cleaned_data.items() if name in specs}


def _field_json(value, item):
    kind = item.get("type", "text")
    if kind == "table":
        columns = {column["name"]: column.get("type", "text") for column in item.get("columns") or []}
        return [
            {name: to_json(cell, columns.get(name, "text")) for name, cell in row.items()}
            for row in value or []
        ]
    return to_json(value, kind)


def to_json(value, kind: str):
    if value is None or isinstance(value, UploadedFile):
        return value
    if isinstance(value, Decimal):
        return to_decimal_text(value) if kind in ("money", "computed") else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return value


def store_uploads(cleaned: dict, *, owner=None, draft=None) -> dict:
    result = dict(cleaned)
    for name, value in cleaned.items():
        if isinstance(value, UploadedFile):
            result[name] = attachment_store(upload=value, field_name=name, owner=owner, draft=draft).as_json()
    return result


def attach_errors(form, errors: dict) -> None:
    """Show `errors` on `form` instead of the form's own validation (which
    would also complain about fields that are hidden)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for name, messages in errors.items():
        key = name if name in form.fields else NON_FIELD
        form._errors.setdefault(key, ErrorList()).extend(messages)
