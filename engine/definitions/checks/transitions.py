"""Where each kind of step may go next, as (path inside the step, target)."""

from __future__ import annotations


def transitions(step: dict, *, with_join: bool = True) -> list[tuple[tuple, str]]:
    kind = step.get("type")
    found = []
    if "next" in step and kind != "task":
        found.append((("next",), step["next"]))
    for index, outcome in enumerate(step.get("outcomes") or []):
        found.append((("outcomes", index, "next"), outcome["next"]))
    if kind == "decision":
        found += [(("branches", i, "next"), b["next"]) for i, b in enumerate(step["branches"])]
        found.append((("default",), step["default"]))
    if kind == "split":
        found += split_targets(step)
        if with_join:
            found.append((("join",), step["join"]))
    if kind == "vote":
        found += [(("passed",), step["passed"]), (("failed",), step["failed"])]
    return found


def successors(step: dict) -> list[str]:
    """Steps a case may move to from this one (a split's join is reached
    through its branches, not directly)."""
    return [target for _, target in transitions(step, with_join=False)]


def split_targets(step: dict) -> list[tuple[tuple, str]]:
    """A raw split's branches as (path, target): a branch is a step id or
    {next, when}; `default` is one more branch."""
    found = []
    for index, branch in enumerate(step.get("branches") or []):
        if isinstance(branch, dict):
            found.append((("branches", index, "next"), branch.get("next")))
        else:
            found.append((("branches", index), branch))
    if step.get("default"):
        found.append((("default",), step["default"]))
    return found
