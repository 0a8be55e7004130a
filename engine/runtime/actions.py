"""Automatic steps: take official numbers, compute values, produce
documents, notify. Runs inside the transition's transaction."""

import logging

from django.utils import timezone

from engine.expressions import evaluate

from .audit import event_record
from .casedata import format_text, namespace, recompute, to_json
from .notices import Notice
from .notify import notify_target
from .sequences import official_number

log = logging.getLogger(__name__)


def _take_number(action, case, bundle, changes):
    key = action["number"]
    value = official_number(spec=bundle.sequences[key], key=key, case=case)
    name = action.get("into") or key
    case.data[name] = value
    changes[name] = value


def _set_values(action, case, bundle, changes):
    for name, expression in action["set"].items():
        value = to_json(evaluate(str(expression), namespace(case, bundle)))
        case.data[name] = value
        changes[name] = value


def _produce_document(action, case, bundle, changes):
    from engine.documents.services import document_request

    # The PDF is rendered after commit (or by Celery); a failed render is
    # recorded on the document and never rolls the case back.
    document_request(case=case, key=action["document"])
    changes.setdefault("_documents", []).append(action["document"])


def _notify(action, case, bundle, changes):
    # Both languages are filled in now (the case data may change later);
    # the reader's language picks one when the notification is read.
    label = action.get("message")
    labels = label if isinstance(label, dict) else {"zh": label or ""}
    worded = {lang: format_text(str(value), case) for lang, value in labels.items() if value}
    notice = Notice("definition", {"text": worded})
    notify_target(action["notify"], case=case, notice=notice, bundle=bundle, where=action.get("unit"))


def _cancel_steps(action, case, bundle, changes, task=None):
    from .cancel import steps_cancel

    cancelled = steps_cancel(case=case, bundle=bundle, names=action["cancel"], running=task)
    changes.setdefault("_cancelled", []).extend(cancelled)


HANDLERS = {
    "number": _take_number,
    "set": _set_values,
    "document": _produce_document,
    "notify": _notify,
    "cancel": _cancel_steps,
}


def run_actions(*, step, case, task, bundle):
    changes = {}
    for action in step.get("actions", []):
        kind = next(key for key in HANDLERS if key in action)
        if kind == "cancel":
            _cancel_steps(action, case, bundle, changes, task=task)
        else:
            HANDLERS[kind](action, case, bundle, changes)
        changes.update(recompute(case, bundle))
    case.updated_at = timezone.now()
    case.save(update_fields=["data", "updated_at"])
    event_record(case=case, action="auto", task=task, step=step["id"], changes=changes, bundle=bundle)
