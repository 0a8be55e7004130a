"""Every expression parses and reads only declared data."""

from __future__ import annotations

from engine.expressions import ExpressionError, check, names_used

from ..normalise import computed_expression
from ..problems import did_you_mean

VOTE_RULES = ("majority", "two_thirds", "unanimous")
VOTE_NAMES = {"votes_for", "votes_against", "votes_abstain", "members"}


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


HINT = "表达式只能用数据名、常量、+ - * / // % **、比较、and/or/not、x if c else y、[...] 和文档列出的函数"


def expression_problems(ctx, path, text, allowed, *, relpath="definition.yaml", what="表达式", types=None):
    """Problems for one expression at path, reading only `allowed` names;
    function arguments are checked against the declared field types."""
    if not isinstance(text, str):
        return [ctx.problem(path, f"{what} 应为文字表达式", HINT, relpath=relpath)]
    try:
        _tree, names = check(text, ctx.field_types if types is None else types)
    except ExpressionError as exc:
        return [ctx.problem(path, f"{what} '{_short(text)}' 有误：{exc}", HINT, relpath=relpath)]
    problems = []
    for name in sorted(names - set(allowed)):
        message = f"{what} '{_short(text)}' 中的 '{name}' 未声明"
        hint = did_you_mean(name, allowed, label="可用的数据")
        problems.append(ctx.problem(path, message, hint, relpath=relpath))
    return problems


def _definition_expressions(ctx):
    """(path, text, what) for each expression in definition.yaml."""
    for name, spec in (ctx.raw.get("data") or {}).items():
        path = ("data", name, "expr") if isinstance(spec, dict) else ("data", name)
        yield path, computed_expression(spec), f"计算值 '{name}'"
    for path, step in ctx.steps():
        what = f"步骤 '{step['id']}' 的"
        if step["type"] == "decision":
            for index, branch in enumerate(step["branches"]):
                yield path + ("branches", index, "when"), branch["when"], f"{what}条件"
        if step["type"] == "split":
            for index, branch in enumerate(step["branches"]):
                if isinstance(branch, dict) and branch.get("when"):
                    yield path + ("branches", index, "when"), branch["when"], f"{what}分支条件"
        if step["type"] == "wait" and "until" in step:
            yield path + ("until",), step["until"], f"{what} until"
        for key in ("members", "quorum"):
            if step["type"] == "vote" and isinstance(step.get(key), str):
                yield path + (key,), step[key], f"{what} {key}"
        for index, action in enumerate(step.get("actions") or []):
            for name, text in (action.get("set") or {}).items():
                yield path + ("actions", index, "set", name), text, f"{what} set '{name}'"


def check_definition_expressions(ctx):
    allowed = ctx.declared_names()
    for path, text, what in _definition_expressions(ctx):
        yield from expression_problems(ctx, path, text, allowed, what=what)


def check_vote_rules(ctx):
    for path, step in ctx.steps():
        if step["type"] != "vote" or step["rule"] in VOTE_RULES:
            continue
        rule = step["rule"]
        if rule.strip().isidentifier():  # a misspelt keyword, not an expression
            message = f"步骤 '{step['id']}' 的 rule '{rule}' 无效"
            hint = did_you_mean(rule, VOTE_RULES, label="可用") + '，或写表达式，如 "votes_for >= 3"'
            yield ctx.problem(path + ("rule",), message, hint)
            continue
        yield from expression_problems(
            ctx, path + ("rule",), rule, VOTE_NAMES, what=f"步骤 '{step['id']}' 的 rule"
        )


def check_data_cycles(ctx):
    """Computed values are evaluated in order of their dependencies; a value
    that depends on itself (directly or through others) never settles."""
    data = ctx.raw.get("data") or {}
    uses = {}
    for name, spec in data.items():
        try:
            uses[name] = names_used(computed_expression(spec)) & set(data)
        except ExpressionError:
            uses[name] = set()
    for name in data:
        if _depends_on(uses, name, name):
            message = f"计算值 '{name}' 循环依赖自身"
            yield ctx.problem(("data", name), message, "计算值之间不能互相引用成环")


def _depends_on(uses, start, target) -> bool:
    seen, todo = set(), list(uses.get(start, ()))
    while todo:
        name = todo.pop()
        if name == target:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(uses.get(name, ()))
    return False
