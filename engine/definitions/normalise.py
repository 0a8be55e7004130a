"""Schema-valid raw YAML -> the one shape the runtime and forms read.

Every label becomes {'zh': .., 'en': ..} (English falls back to Chinese),
defaults are filled in, and a one-page form (`fields:` without `steps:`)
becomes a form with a single page called `main`."""

from __future__ import annotations

import copy

SINGLE_PAGE_ID = "main"
_FIELD_LABELS = ("help", "placeholder", "pattern_message")


def label(value, fallback: str = "") -> dict:
    if isinstance(value, dict):
        zh = str(value.get("zh") or fallback)
        return {"zh": zh, "en": str(value.get("en") or zh)}
    text = fallback if value is None else str(value)
    return {"zh": text, "en": text}


def role(key: str, raw) -> dict:
    raw = raw if isinstance(raw, dict) else {"label": raw}
    return {
        "label": label(raw.get("label"), key),
        "applicant": bool(raw.get("applicant", False)),
        "levels": list(raw.get("levels") or []),  # empty: the role exists at every level
    }


def _outcome(raw: dict) -> dict:
    return {
        "id": raw["id"],
        "label": label(raw["label"]),
        "next": raw["next"],
        "comment": raw.get("comment", "optional"),
        "confirm": bool(raw.get("confirm", False)),
        # None: the step form's own `required` flags hold; a list: only these
        # fields are required for this outcome (a withdrawal needs no findings).
        "requires": list(raw["requires"]) if "requires" in raw else None,
        "allowed_when": raw.get("allowed_when"),
        "allowed_message": label(raw["allowed_message"]) if "allowed_message" in raw else None,
    }


def _action(raw: dict) -> dict:
    action = dict(raw)
    if "number" in action:
        action.setdefault("into", action["number"])
    if "message" in action:
        action["message"] = label(action["message"])
    if "cancel" in action:
        action["cancel"] = as_list(action["cancel"])
    return action


def computed_expression(raw) -> str:
    """A `data:` entry is an expression, or {expr, label}."""
    return raw["expr"] if isinstance(raw, dict) else raw


def figure(raw: dict) -> dict:
    """A dashboard figure; `status` and `step` become lists, a target's
    value a number (60% -> 0.6)."""
    result = copy.deepcopy(raw)
    result["title"] = label(raw["title"])
    result["suffix"] = label(raw.get("suffix"))
    result["period"] = raw.get("period", "all")
    for key in ("status", "step"):
        value = raw.get(key)
        result[key] = [value] if isinstance(value, str) else list(value or [])
    if "denominator" in raw:
        result["denominator"] = dict(raw["denominator"], label=label(raw["denominator"].get("label")))
    result["targets"] = [
        {
            "value": target_value(t["value"]),
            "label": label(t.get("label")),
            "date": t.get("date"),
            "groups": list(t.get("groups") or []),
        }
        for t in raw.get("targets") or []
    ]
    return result


def spec_has_label(spec) -> bool:
    return isinstance(spec, dict) and "label" in spec


def target_value(value):
    """60% -> 0.6, 12 -> 12; None when the text is not a number."""
    text = str(value).strip()
    scale = 1
    if text.endswith("%"):
        text, scale = text[:-1].strip(), 100
    try:
        return float(text) / scale
    except ValueError:
        return None


def step(raw: dict, forms: dict) -> dict:
    result = copy.deepcopy(raw)
    form_title = (forms.get(raw.get("form")) or {}).get("title")
    result["title"] = label(raw.get("title"), "") if "title" in raw else form_title or label(raw["id"])
    result["outcomes"] = [_outcome(o) for o in raw.get("outcomes") or []]
    if raw["type"] in ("task", "vote"):
        result.setdefault("unit", "case")
        result["summary"] = list(raw.get("summary") or [])
    if raw["type"] == "action":
        result["actions"] = [_action(a) for a in raw["actions"]]
    if raw["type"] == "end" and "stage" in raw:
        result["stage"] = label(raw["stage"])
    if raw["type"] == "split":
        result.update(split_branches(raw))
    if raw["type"] == "join":
        result["wait"] = join_wait(raw.get("wait"))
        result["rest"] = raw.get("rest", "cancel")
    if raw["type"] == "task":
        if raw.get("for_each"):
            wait = raw.get("wait")
            result["instances_wait"] = (
                {"kind": "none", "n": 0, "of": None} if wait == "none" else join_wait(wait)
            )
        result["not_by"] = as_list(raw.get("not_by"))
        result["allocate"] = raw.get("allocate", "queue")
    return result


def as_list(value) -> list:
    """A step name or a list of them -> a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def split_branches(raw: dict) -> dict:
    """A split's branches are step ids, or {next, when}: `branches` becomes
    the ids (the default last), `branch_when` the conditions by id."""
    ids, when = [], {}
    for branch in raw.get("branches") or []:
        target = branch if isinstance(branch, str) else branch["next"]
        ids.append(target)
        if isinstance(branch, dict) and branch.get("when"):
            when[target] = branch["when"]
    default = raw.get("default")
    if default and default not in ids:
        ids.append(default)
    return {"branches": ids, "branch_when": when, "default": default}


def join_wait(raw) -> dict:
    """`wait:` of a join -> {'kind': 'all' | 'first' | 'count', 'n': int, 'of': int | None}."""
    if raw is None or raw == "all":
        return {"kind": "all", "n": 0, "of": None}
    if raw == "first":
        return {"kind": "first", "n": 1, "of": None}
    if isinstance(raw, int):
        return {"kind": "count", "n": raw, "of": None}
    text = str(raw).replace("/", " of ")
    n, _, of = text.partition("of")
    return {"kind": "count", "n": int(n.strip()), "of": int(of.strip())}


def event(raw: dict) -> dict:
    return {
        "id": raw["id"],
        "label": label(raw["label"]),
        "by": as_list(raw["by"]),
        "during": list(raw["during"]),
        "next": raw["next"],
        "comment": raw.get("comment", "optional"),
        "confirm": bool(raw.get("confirm", False)),
    }


def definition(raw: dict, forms: dict) -> dict:
    sequences = {
        name: {
            "format": spec["format"],
            "reset": spec.get("reset", "yearly"),
            "scope": spec.get("scope", "unit"),
        }
        for name, spec in (raw.get("sequences") or {}).items()
    }
    documents = {
        name: {
            "title": label(spec["title"]),
            "template": spec["template"],
            "download": list(spec.get("download") or []),
        }
        for name, spec in (raw.get("documents") or {}).items()
    }
    return {
        "key": raw["key"],
        "title": label(raw["title"]),
        "description": label(raw.get("description")),
        "category": label(raw.get("category")),
        "owner_level": raw.get("owner_level"),
        "case_title": raw.get("case_title", ""),
        "stages": {name: label(text) for name, text in (raw.get("stages") or {}).items()},
        "roles": {key: role(key, spec) for key, spec in (raw.get("roles") or {}).items()},
        "data": {name: computed_expression(spec) for name, spec in (raw.get("data") or {}).items()},
        "data_labels": {
            name: label(spec["label"])
            for name, spec in (raw.get("data") or {}).items()
            if spec_has_label(spec)
        },
        "dashboard": [figure(f) for f in raw.get("dashboard") or []],
        "sequences": sequences,
        "documents": documents,
        "steps": [step(s, forms) for s in raw["steps"]],
        "events": [event(e) for e in raw.get("events") or []],
        "intake": intake(raw.get("intake"), raw, forms),
        "unique": [unique(rule) for rule in raw.get("unique") or []],
    }


INTAKE_PICK_FIELD = "receiving_unit"  # the wizard field of `from: pick`
INTAKE_LABEL = {"zh": "受理工会", "en": "Receiving union"}
INTAKE_HELP = {"zh": "您的申请将由该工会受理。", "en": "This union will handle your application."}


def _listed(value) -> list:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def start_form_key(raw: dict) -> str | None:
    return next((s.get("form") for s in raw.get("steps") or [] if s.get("type") == "start"), None)


def intake(raw_intake, raw: dict, forms: dict) -> dict:
    """How a new case's receiving unit is found. Without an `intake:` the
    engine keeps its first behaviour: the start form's first org_unit field,
    else the applicant's registered union, as it is (no level)."""
    if raw_intake is None:
        start = forms.get(start_form_key(raw)) or {}
        unit_field = next(
            (f["name"] for p in start.get("steps") or [] for f in p["fields"] if f.get("type") == "org_unit"),
            None,
        )
        return {
            "declared": False,
            "from": (["field"] if unit_field else []) + ["home_unit"],
            "levels": [],
            "within": [],
            "unit": None,
            "field": unit_field,
            "page": None,
            "label": INTAKE_LABEL,
            "help": INTAKE_HELP,
        }
    sources = _listed(raw_intake.get("from"))
    if not sources:
        sources = ["unit"] if "unit" in raw_intake else ["field"] if "field" in raw_intake else ["home_unit"]
    return {
        "declared": True,
        "from": sources,
        "levels": _listed(raw_intake.get("level")),
        "within": [str(code) for code in _listed(raw_intake.get("within"))],
        "unit": raw_intake.get("unit"),
        "field": raw_intake.get("field"),
        "page": raw_intake.get("page"),
        "label": label(raw_intake["label"]) if "label" in raw_intake else INTAKE_LABEL,
        "help": label(raw_intake["help"]) if "help" in raw_intake else INTAKE_HELP,
    }


def unique(raw: dict) -> dict:
    """A duplicate rule: one open case per value of `fields`."""
    return {"fields": _listed(raw["fields"]), "message": label(raw["message"]) if "message" in raw else None}


def intake_pick_field(spec: dict) -> dict:
    """The org_unit field the wizard shows for `from: pick` (choices limited
    to the intake's levels and subtrees; its first value the applicant's own
    union, mapped to that level)."""
    return {
        "name": INTAKE_PICK_FIELD,
        "type": "org_unit",
        "label": spec["label"],
        "help": spec["help"],
        "required": False,
        "intake": True,
        "levels": list(spec["levels"]),
        "within": list(spec["within"]),
    }


def field(raw: dict) -> dict:
    result = copy.deepcopy(raw)
    result["label"] = label(raw.get("label"), raw["name"])
    for key in _FIELD_LABELS:
        if key in raw:
            result[key] = label(raw[key])
    result["required"] = bool(raw.get("required", False))
    if raw.get("type") == "consent" or (raw.get("type") == "boolean" and raw.get("must_be") is True):
        # A consent is a boolean that must be true: one tick box (unless the
        # form asks for 是/否 radios), required, refused when not ticked.
        result.update(type="boolean", must_be=True, required=True)
        result.setdefault("widget", "checkbox")
    if "options" in raw:
        result["options"] = [{"value": o["value"], "label": label(o["label"])} for o in raw["options"]]
    if "columns" in raw:
        result["columns"] = [field(column) for column in raw["columns"]]
    return result


def raw_pages(raw: dict) -> list[tuple[tuple, dict]]:
    """(path, page) for each page of a raw form, the shorthand included."""
    if "steps" in raw:
        return [(("steps", index), page) for index, page in enumerate(raw["steps"])]
    return [((), {"id": SINGLE_PAGE_ID, "fields": raw.get("fields") or []})]


def form(key: str, raw: dict) -> dict:
    pages = []
    for _, page in raw_pages(raw):
        pages.append(
            {
                "id": page["id"],
                "title": label(page.get("title"), "") if "title" in page else label(raw.get("title"), key),
                "description": label(page.get("description")),
                "visible_if": page.get("visible_if"),
                "fields": [field(f) for f in page["fields"]],
            }
        )
    rules = [
        {"check": r["check"], "field": r.get("field"), "message": label(r["message"])}
        for r in raw.get("rules") or []
    ]
    return {
        "key": key,
        "title": label(raw.get("title"), key),
        "description": label(raw.get("description")),
        "window": dict(raw["window"]) if raw.get("window") else None,
        "steps": pages,
        "rules": rules,
    }
