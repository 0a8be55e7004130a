"""A starting point for a dry run: sample answers for the start form and
the happy path through the steps (first outcome of each task, every vote
passing, the default of each decision, both sides of each split)."""

from __future__ import annotations

import yaml
from django.utils import timezone

from engine.runtime.versions import version_bundle

MAX_STEPS = 60
SAMPLE_ID_NUMBER = "11010519491231002X"


def _sample_value(field):
    kind = field.get("type")
    if kind == "choice":
        options = field.get("options") or []
        return options[0]["value"] if options else None
    simple = {
        "text": "示例",
        "textarea": "示例",
        "integer": 1,
        "decimal": "1.00",
        "money": "100.00",
        "date": timezone.localdate().isoformat(),
        "boolean": False,
        "mobile": "13800000000",
        "id_number": SAMPLE_ID_NUMBER,
        "email": "someone@example.org",
        "bank_card": "6222020200000000000",
        "table": [],
        "multichoice": [],
    }
    return simple.get(kind)


def form_sample(bundle, form_key) -> dict:
    fields = bundle.form_fields(form_key) if form_key in bundle.forms else []
    return {
        f["name"]: v for f in fields if f.get("type") != "computed" and (v := _sample_value(f)) is not None
    }


def sample_data(bundle) -> dict:
    start = next(s for s in bundle.steps.values() if s["type"] == "start")
    return form_sample(bundle, start.get("form"))


def _entry(step, bundle):
    if step["type"] == "task":
        outcome = step["outcomes"][0]
        entry = {"step": step["id"], "outcome": outcome["id"]}
        if step.get("form") and step.get("assignee") != "applicant":
            entry["data"] = form_sample(bundle, step["form"])
            entry["data"].update(_allowing(outcome, entry["data"], bundle))
        if outcome.get("comment") == "required":
            entry["comment"] = "试运行"
        return entry, [outcome["next"]]
    if step["type"] == "vote":
        members = step["members"] if isinstance(step["members"], int) else 3
        return {"step": step["id"], "ballots": ["for"] * members}, [step["passed"]]
    following = {"decision": lambda s: [s["default"]], "split": lambda s: list(s["branches"])}
    nexts = following.get(step["type"], lambda s: [s["next"]] if s.get("next") else [])(step)
    return None, nexts


def _allowing(outcome, data, bundle) -> dict:
    """The yes/no answers an outcome's `allowed_when` reads, answered yes
    (the happy path is eligible, compliant, confirmed)."""
    from engine.expressions import ExpressionError, names_used

    if not outcome.get("allowed_when"):
        return {}
    try:
        names = names_used(outcome["allowed_when"])
    except ExpressionError:
        return {}
    types = bundle.field_types()
    return {name: True for name in names if types.get(name) == "boolean" and name in data}


def happy_path(bundle) -> list[dict]:
    start = next(s for s in bundle.steps.values() if s["type"] == "start")
    queue, seen, script = [start["next"]], set(), []
    while queue and len(seen) < MAX_STEPS:
        step_id = queue.pop(0)
        if step_id in seen or step_id not in bundle.steps:
            continue
        seen.add(step_id)
        entry, nexts = _entry(bundle.steps[step_id], bundle)
        if entry:
            script.append(entry)
        queue.extend(nexts)
    return script


def sample_script(version) -> tuple[str, str]:
    """(data YAML, script YAML) for the dry-run form; empty for invalid versions."""
    if version.errors:
        return "", ""
    bundle = version_bundle(version)
    dump = lambda value: yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=None)  # noqa: E731
    return dump(sample_data(bundle)), dump(happy_path(bundle))
