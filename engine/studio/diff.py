"""What changed between two versions of a process, in the administrator's
terms: steps, roles, forms (fields), rules (form checks and decision
conditions) and deadlines; plus a line diff of every file."""

from __future__ import annotations

import difflib

from engine.definitions.bundle import load_bundle

TIMING_KEYS = ("deadline", "duration", "until")


def as_text(value) -> str:
    """A value of a definition as an administrator reads it: a label in the
    reader's language, a list joined with 、, a mapping as `key: value`,
    yes/no for booleans, — for nothing (never a Python dict)."""
    from django.utils.translation import gettext as _

    from engine.runtime.labels import text

    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dict):
        if set(value) <= {"zh", "en"}:
            return text(value)
        return "；".join(f"{key}: {_nested(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "、".join(as_text(item) for item in value)
    return str(value)


def _nested(value) -> str:
    """A mapping inside a mapping, in brackets so its parts stay together."""
    if isinstance(value, dict) and not set(value) <= {"zh", "en"}:
        return f"（{as_text(value)}）"
    return as_text(value)


def _bundle(version):
    bundle, _problems = load_bundle(version.files, origin="")
    return bundle


def _compare(old: dict, new: dict) -> dict:
    """{added: [keys], removed: [keys], changed: [{key, changes: {attr: [old, new]}}]}"""
    changed = []
    for key in sorted(old.keys() & new.keys()):
        if old[key] != new[key]:
            changed.append({"key": key, "changes": _attr_changes(old[key], new[key])})
    return {
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
        "changed": changed,
    }


def _attr_changes(old, new) -> dict:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return {"": [old, new]}
    keys = sorted(old.keys() | new.keys())
    return {k: [old.get(k), new.get(k)] for k in keys if old.get(k) != new.get(k)}


def _steps(bundle) -> dict:
    return {sid: {k: v for k, v in s.items() if k not in TIMING_KEYS} for sid, s in bundle.steps.items()}


def _deadlines(bundle) -> dict:
    return {
        sid: {k: s[k] for k in TIMING_KEYS if s.get(k)}
        for sid, s in bundle.steps.items()
        if any(s.get(k) for k in TIMING_KEYS)
    }


def _fields(bundle) -> dict:
    return {
        f"{form_key}.{field['name']}": field
        for form_key in bundle.forms
        for field in bundle.form_fields(form_key)
    }


def _rules(bundle) -> dict:
    rules = {}
    for form_key, form in bundle.forms.items():
        for n, rule in enumerate(form.get("rules") or [], 1):
            rules[f"{form_key}#{n}"] = rule
    for sid, step in bundle.steps.items():
        for n, branch in enumerate(step.get("branches") or [], 1):
            if isinstance(branch, dict) and "when" in branch:
                rules[f"{sid}#{n}"] = branch
        if step.get("type") == "vote":
            rules[f"{sid}.rule"] = {"rule": step.get("rule"), "quorum": step.get("quorum")}
    return rules


def files_diff(a_files: dict, b_files: dict, a_label="a", b_label="b") -> dict:
    """{path: unified diff text} for every file that differs."""
    out = {}
    for path in sorted(a_files.keys() | b_files.keys()):
        old, new = a_files.get(path, ""), b_files.get(path, "")
        if old != new:
            lines = difflib.unified_diff(
                old.splitlines(), new.splitlines(), f"{a_label}/{path}", f"{b_label}/{path}", lineterm=""
            )
            out[path] = "\n".join(lines)
    return out


def version_diff(a, b) -> dict:
    """Structured diff from version `a` to version `b`. Sections are None
    when either version does not parse (an invalid draft): the file diff
    still shows what changed."""
    result = {"files": files_diff(a.files, b.files, f"v{a.number}", f"v{b.number}")}
    old, new = _bundle(a), _bundle(b)
    sections = {
        "steps": _steps,
        "roles": lambda x: x.roles,
        "forms": _fields,
        "rules": _rules,
        "deadlines": _deadlines,
    }
    for name, extract in sections.items():
        result[name] = _compare(extract(old), extract(new)) if old and new else None
    return result
