"""Warnings (not errors): a decision branch or a wait that reads a field some
form hides with `visible_if`. On a path where the field was hidden it is a
missing value, and the missing-value rule (docs/definitions.md) makes an
order comparison false and arithmetic missing; the author should see that
the branch then does not match, or guard for it with `empty(name)`."""

from __future__ import annotations

import ast

from engine.expressions import ExpressionError, check

from ..problems import Problem
from .context import Context


def hidden_fields(ctx) -> dict:
    """Field name -> (form key, the condition that hides it) for every field
    hidden on some path: its own visible_if or its page's."""
    hidden = {}
    for _relpath, key, raw in ctx.forms():
        pages = raw.get("steps") if isinstance(raw.get("steps"), list) else [raw]
        for page in pages:
            if not isinstance(page, dict):
                continue
            page_condition = page.get("visible_if") if page is not raw else None
            for field in page.get("fields") or []:
                if not isinstance(field, dict) or not isinstance(field.get("name"), str):
                    continue
                condition = field.get("visible_if") or page_condition
                if isinstance(condition, str):
                    hidden.setdefault(field["name"], (key, condition))
    return hidden


def _guarded(tree, name: str) -> bool:
    """`empty(name)`, `name == none` or `name != none` in the expression: the
    author has already said what a missing value means."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "empty":
            if any(isinstance(arg, ast.Name) and arg.id == name for arg in node.args):
                return True
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            names = {s.id for s in sides if isinstance(s, ast.Name)}
            if name in names and names & {"none", "None"}:
                return True
    return False


def _conditions(ctx):
    for path, step in ctx.steps():
        if step.get("type") == "decision":
            for index, branch in enumerate(step.get("branches") or []):
                if isinstance(branch, dict):
                    yield path + ("branches", index, "when"), branch.get("when"), step["id"]
        if step.get("type") == "wait" and "until" in step:
            yield path + ("until",), step.get("until"), step["id"]


def check_hidden_fields(ctx) -> list[Problem]:
    hidden = hidden_fields(ctx)
    warnings = []
    for path, text, step_id in _conditions(ctx):
        try:
            tree, names = check(text)
        except ExpressionError:
            continue  # an error of its own, reported by the expression check
        for name in sorted(names & set(hidden)):
            if _guarded(tree, name):
                continue
            form_key, condition = hidden[name]
            message = (
                f"步骤 '{step_id}' 的条件读取 '{name}'，它在表单 '{form_key}' 中可能被隐藏"
                f"（visible_if: {condition}）"
            )
            hint = (
                f"隐藏时 {name} 为缺失值：比较为假，算术结果为缺失，这个分支就不成立；"
                f"如需区分请写 empty({name})，或在条件中加上显示它的前提"
            )
            warnings.append(ctx.problem(path, message, hint, severity="warning"))
    return warnings


def definition_warnings(bundle, known_reference_lists=None) -> list[Problem]:
    """Warnings for a bundle that loaded (they never make it invalid)."""
    if bundle is None:
        return []
    try:
        return check_hidden_fields(Context(bundle, known_reference_lists))
    except Exception:  # noqa: BLE001 - a warning pass must never break validation
        return []
