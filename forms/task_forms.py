"""Staff task forms (call record, home-visit findings, tier assessment, vote)
from the same specs as the applicant wizard, on one page.

    form = form_for_task(spec, data=request.POST, files=request.FILES, context=case.data)
    if request.method == "POST":
        cleaned, errors = form.spec_clean(owner=request.user)
        if not errors: task_complete(..., data=cleaned)
    # render {% include "forms/_fields.html" %} with `form`; errors show by each field
"""

from __future__ import annotations

from .builder import FormBuilder
from .cleaning import attach_errors, form_clean_result
from .visibility import hidden_fields


def form_for_task(spec: dict, *, data=None, files=None, initial=None, context=None, context_types=None):
    """A bound (data given) or unbound form of every field of `spec`, with
    fields hidden by their conditions marked for the template. `context` is
    the case data that conditions and rules may read."""
    answers = {**(context or {}), **(initial or {})}
    hidden = hidden_fields(spec, answers, extra_types=context_types)
    form_class = FormBuilder(spec).get_form_class(hidden=hidden)
    form = form_class(data, files, initial=answers) if data is not None else form_class(initial=answers)
    form.spec_clean = lambda **options: _spec_clean(form, spec, data, files, answers, context_types, options)
    return form


def _spec_clean(form, spec, data, files, answers, context_types, options):
    """Clean through form_clean and show its errors on this form."""
    result = form_clean_result(spec, data, files, context=answers, context_types=context_types, **options)
    form.hidden_names = frozenset(result.hidden)
    attach_errors(form, result.errors)
    return result.cleaned, result.errors
