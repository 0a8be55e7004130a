"""Outcome rules of a task step: which outcomes apply to the answers at hand
(`allowed_when`) and which fields each needs (`requires`). The decision
panel, the live panel refresh and the transition service all ask here, so
the buttons shown and the transition accepted follow one rule."""

from __future__ import annotations

import copy
import logging

from django.utils.translation import gettext as _

from engine.expressions import ExpressionError, evaluate, typed_namespace

from .labels import text

log = logging.getLogger("engine.decisions")


class OutcomeNotAllowed(Exception):
    """The chosen outcome's `allowed_when` does not hold; the message says why."""


def outcome_of(step: dict, outcome_id: str) -> dict | None:
    return next((o for o in step.get("outcomes") or [] if o["id"] == outcome_id), None)


def is_allowed(outcome: dict, data: dict, bundle) -> bool:
    """Whether `allowed_when` holds over `data` (case data with the answers
    being given). Raises ExpressionError when the expression fails."""
    condition = outcome.get("allowed_when")
    if not condition:
        return True
    return bool(evaluate(condition, typed_namespace(data, bundle.field_types())))


def allowed_ids(step: dict, data: dict, bundle) -> list[str]:
    """The outcomes that apply now. An outcome whose condition fails to
    evaluate is left out (and logged): the panel must still render."""
    result = []
    for outcome in step.get("outcomes") or []:
        try:
            if is_allowed(outcome, data, bundle):
                result.append(outcome["id"])
        except ExpressionError as error:
            log.warning("allowed_when of %s.%s failed: %s", step["id"], outcome["id"], error)
    return result


def field_labels(bundle) -> dict[str, str]:
    """name -> label in the reader's language, for every field and labelled
    computed value of the process."""
    labels = {}
    for form_key in bundle.forms:
        for field in bundle.form_fields(form_key):
            labels.setdefault(field["name"], text(field.get("label"), field["name"]))
    for name, label in (bundle.definition.get("data_labels") or {}).items():
        labels.setdefault(name, text(label, name))
    return labels


def condition_words(condition: str, bundle) -> str:
    """`eligible and proposed_amount > 0` with each name replaced by its label,
    for a message a member of staff can act on."""
    labels = field_labels(bundle)
    words = {"and": _("且"), "or": _("或"), "not": _("非")}
    pieces = []
    for token in condition.replace("(", " ( ").replace(")", " ) ").split():
        pieces.append(labels.get(token) or words.get(token) or token)
    return " ".join(pieces)


def refusal(outcome: dict, bundle) -> str:
    label = text(outcome.get("label"), outcome["id"])
    if outcome.get("allowed_message"):
        return text(outcome["allowed_message"])
    return _("“%(label)s”须满足：%(condition)s。") % {
        "label": label,
        "condition": condition_words(outcome["allowed_when"], bundle),
    }


def check_allowed(step: dict, outcome_id: str, data: dict, bundle) -> None:
    outcome = outcome_of(step, outcome_id)
    if outcome is not None and not is_allowed(outcome, data, bundle):
        raise OutcomeNotAllowed(refusal(outcome, bundle))


def spec_for_outcome(spec: dict, outcome: dict | None) -> dict:
    """The step form as the chosen outcome needs it: with `requires`, only
    the listed fields are required (a withdrawal needs no findings)."""
    if outcome is None or outcome.get("requires") is None:
        return spec
    needed = set(outcome["requires"])
    result = copy.deepcopy(spec)
    for page in result.get("steps") or []:
        for field in page.get("fields") or []:
            field["required"] = field["name"] in needed
    for field in result.get("fields") or []:
        field["required"] = field["name"] in needed
    return result


def required_fields(spec: dict | None, outcome: dict) -> list[tuple[str, str]]:
    """(name, label) of the fields this outcome needs, for the panel."""
    if spec is None:
        return []
    fields = [f for page in spec.get("steps") or [] for f in page.get("fields") or []]
    fields += spec.get("fields") or []
    if outcome.get("requires") is None:
        names = [f["name"] for f in fields if f.get("required")]
    else:
        names = [f["name"] for f in fields if f["name"] in set(outcome["requires"])]
    by_name = {f["name"]: text(f.get("label"), f["name"]) for f in fields}
    return [(name, by_name[name]) for name in names]
