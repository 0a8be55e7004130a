"""The forms of the applicant wizard's steps: one PageForm class per page of
the start form (built by FormBuilder), and the review step's confirmation."""

from __future__ import annotations

import json

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict

from . import spec as spec_reader
from .builder import FormBuilder, SpecForm
from .cleaning import attach_errors, form_clean_result, store_uploads
from .visibility import hidden_fields

# A value kept as typed is at most this long (as JSON); a longer one is
# hostile or pasted by mistake, and its error is kept without it.
INVALID_VALUE_LIMIT = 20_000


class PageForm(SpecForm):
    """One page. Validating it is the spec cleaning over the answers of the
    other pages: hidden fields are neither required nor kept, computed
    fields are recomputed, rules checked and uploads stored as attachments
    of the draft. Fields carry no prefix: the names are the spec's."""

    def __init__(self, *args, answers=None, form_info=None, draft=None, invalid=None, **kwargs):
        self.answers = dict(answers or {})
        self.form_info, self.draft = form_info, draft
        kwargs.setdefault("initial", dict(self.answers))
        super().__init__(*args, **kwargs)
        self.result = None
        for field in self.fields.values():
            if hasattr(field.widget, "limits"):  # an upload: the wizard handles 移除
                field.widget.removable = True
        if not self.is_bound:
            types = form_info.field_types if form_info else None
            self.hidden_names = frozenset(hidden_fields(self.spec, self.answers, extra_types=types))
            self.show_kept_invalid(invalid or {})

    def show_kept_invalid(self, invalid: dict) -> None:
        """A page opened again shows the values a save kept as typed, each
        with the message it failed with."""
        kept = {
            name: entry
            for name, entry in invalid.items()
            if name in self.fields and name not in self.hidden_names and isinstance(entry, dict)
        }
        if not kept:
            return
        for name, entry in kept.items():
            if "value" in entry:
                self.initial[name] = entry["value"]
        attach_errors(
            self, {name: [str(m) for m in entry.get("errors") or []] for name, entry in kept.items()}
        )

    def full_clean(self):
        if not self.is_bound:
            self._errors = ErrorDict()
            return
        info = self.form_info
        self.result = form_clean_result(
            self.spec,
            self.data,
            self.files,
            page_id=self.page_id,
            context=self.answers,
            context_types=info.field_types,
            owner=self.draft.user if self.draft else None,
            draft=self.draft,
            builder_context=info.builder_context,
        )
        self.hidden_names = frozenset(self.result.hidden)
        self.initial = self.result.form.initial  # shows the server's computed values
        if self.result.errors:
            self.keep_valid_uploads()
        attach_errors(self, self.result.errors)
        self.cleaned_data = self.result.cleaned

    def keep_valid_uploads(self) -> None:
        """Files that passed their own checks are stored in the draft even
        though another field of the page failed (the cleaning stores uploads
        only for a page without errors): the applicant does not choose them
        again."""
        if self.draft is None:
            return
        passed = {
            name: value
            for name, value in self.result.cleaned.items()
            if isinstance(value, UploadedFile) and name not in self.result.errors
        }
        if passed:
            stored = store_uploads(passed, owner=self.draft.user, draft=self.draft)
            self.result.cleaned.update(stored)
            self.initial.update(stored)

    def invalid_values(self) -> dict:
        """{field: {"value": as typed, "errors": [...]}} for the page's
        visible fields that failed; a file keeps its message only (the
        browser cannot be given the file back)."""
        if self._errors is None:
            self.full_clean()
        kept = {}
        for name, messages in (self.result.errors if self.result else {}).items():
            if name not in self.fields or name in self.hidden_names:
                continue
            entry = {"errors": [str(message) for message in messages]}
            kind = self.field_specs.get(name, {}).get("type")
            raw = self[name].data if kind not in ("file", "computed") else None
            if raw is not None and _json_size(raw) <= INVALID_VALUE_LIMIT:
                entry["value"] = raw
            kept[name] = entry
        return kept

    def page_answers(self) -> dict:
        """The page's answers to keep, even when some fields have errors:
        valid ones as cleaned, the others as before, none for hidden ones."""
        if self._errors is None:
            self.full_clean()
        names = [item["name"] for item in spec_reader.fields(self.spec, self.page_id)]
        kept = {name: self.answers[name] for name in names if name in self.answers}
        kept.update({name: value for name, value in self.result.cleaned.items() if _storable(value)})
        return {name: value for name, value in kept.items() if name not in self.hidden_names}

    def without_errors(self):
        """For a post-back that only adds or removes table rows."""
        attach_errors(self, {})
        return self


def _json_size(value) -> int:
    try:
        return len(json.dumps(value, ensure_ascii=False))
    except (TypeError, ValueError):
        return INVALID_VALUE_LIMIT + 1  # an upload inside a table cell, say: not kept


def _storable(value) -> bool:
    return not hasattr(value, "read")  # an upload not stored because the page had errors


def page_form_class(form_info, page_id: str):
    builder = FormBuilder(form_info.spec, page_id=page_id, context=form_info.builder_context)
    return builder.get_form_class(base=PageForm)


def lazy_page_form_class(form_info, page_id: str):
    """A PageForm subclass standing in for the page's form class in the
    wizard's form list: instantiating it builds the real class (fields,
    choices, date bounds of today) and returns an instance of that, so only
    the page being shown or posted is built. Not cached across requests:
    reference lists and "today" change."""

    def __new__(cls, *args, **kwargs):
        return page_form_class(form_info, page_id)(*args, **kwargs)

    return type(f"LazyPageForm_{page_id}", (PageForm,), {"__new__": __new__, "page_id": page_id})


class ReviewForm(forms.Form):
    """The last step: the applicant confirms. It names the draft, so a
    second click after the first one succeeded finds the submitted draft
    (the storage has opened a fresh one by then)."""

    draft = forms.IntegerField(widget=forms.HiddenInput)
