"""Org-relative routing against the real union tree: a task for a role in
the `district` above the case's union lands nowhere when some union cases
can come from has no district above it (an enterprise directly under a
city). The unions cases land in are those at the process's owner_level in
the database. Without a database (a bare `validate` of files) the check
cannot know the tree and is not run."""

from __future__ import annotations

from .context import LEVELS


def _tree():
    """{unit id: (level, parent id, name, code)} of every union, or None."""
    try:
        from django.db import DatabaseError

        from engine.models import OrgUnit

        try:
            rows = OrgUnit.objects.values_list("pk", "level", "parent_id", "name", "code")
            return {pk: (level, parent, name, code) for pk, level, parent, name, code in rows}
        except DatabaseError:
            return None
    except Exception:  # Django not configured: a bare file check
        return None


def _levels_above(tree, pk) -> list[str]:
    found, parent = [], tree[pk][1]
    while parent is not None and parent in tree:
        found.append(tree[parent][0])
        parent = tree[parent][1]
    return found


def _missing(unit, owner_level, above):
    if unit in ("case", "partner") or isinstance(unit, dict) or unit is None:
        return False
    if unit in ("parent", "grandparent"):
        return len(above) < (1 if unit == "parent" else 2)
    if unit in LEVELS:
        return unit != owner_level and unit not in above
    return False


def check_unit_reach(ctx):
    owner_level = ctx.raw.get("owner_level")
    if owner_level not in LEVELS:
        return
    places = []
    for path, step in ctx.steps():
        if step["type"] in ("task", "vote") and "unit" in step:
            places.append((path + ("unit",), step["unit"], step["id"]))
        escalate = (step.get("deadline") or {}).get("escalate") or {}
        if "unit" in escalate:
            places.append((path + ("deadline", "escalate", "unit"), escalate["unit"], step["id"]))
        for index, action in enumerate(step.get("actions") or []):
            if "unit" in action:
                places.append((path + ("actions", index, "unit"), action["unit"], step["id"]))
    places = [(p, u, s) for p, u, s in places if u not in ("case", "partner") and not isinstance(u, dict)]
    if not places:
        return
    tree = _tree()
    if not tree:
        return
    landing = [pk for pk, row in tree.items() if row[0] == owner_level]
    for where, unit, step_id in places:
        lacking = [pk for pk in landing if _missing(unit, owner_level, _levels_above(tree, pk))]
        if lacking:
            level, parent, name, code = tree[lacking[0]]
            more = f" 等 {len(lacking)} 个单位" if len(lacking) > 1 else ""
            message = (
                f"步骤 '{step_id}' 的 unit '{unit}' 找不到单位：{name}（{code}）{more}上面没有这一级，"
                "任务会落在案件单位，可能无人能办"
            )
            yield ctx.problem(where, message, "改用 parent / 实际存在的级别，或调整组织架构")
