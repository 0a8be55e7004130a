"""POST-redirect-GET for a decision that was refused: the answers given and
the messages are kept in the session under the task, the browser is sent
back to the case file, and the panel is rebuilt from them once. A reload of
the page then re-reads it instead of posting the decision again. Uploaded
files are not kept (they must be chosen again)."""

from __future__ import annotations

from django.http import QueryDict

from forms.cleaning import attach_errors, submitted_hidden

_SKIP = {"csrfmiddlewaretoken"}


def _key(task_id) -> str:
    return f"decision-retry:{task_id}"


def keep_failed(request, panel) -> None:
    form_errors = {}
    if panel.form is not None and panel.form._errors:
        form_errors = {name: [str(m) for m in messages] for name, messages in panel.form._errors.items()}
    request.session[_key(panel.item.task_id)] = {
        "post": {name: request.POST.getlist(name) for name in request.POST if name not in _SKIP},
        "errors": {name: str(message) for name, message in panel.errors.items()},
        "form_errors": form_errors,
        "comment": panel.comment,
    }


def take_failed(request, item):
    """The panel of a refused decision on `item`, once; None when there is none."""
    from engine.runtime.versions import version_bundle

    from .decision import panel_for

    saved = request.session.pop(_key(item.task_id), None)
    if not isinstance(saved, dict):
        return None
    data = QueryDict(mutable=True)
    for name, values in (saved.get("post") or {}).items():
        data.setlist(name, [str(v) for v in values])
    outcome = data.get("outcome")
    panel = panel_for(item, data=data, outcome=outcome)
    panel.errors = dict(saved.get("errors") or {})
    panel.comment = str(saved.get("comment") or "")
    if panel.form is not None:
        bundle = version_bundle(item.case.version)
        spec = bundle.forms[bundle.steps[item.step]["form"]]
        panel.form.hidden_names = frozenset(
            submitted_hidden(spec, data, None, context=item.case.data, context_types=bundle.field_types())
        )
        attach_errors(panel.form, saved.get("form_errors") or {})
    return panel
