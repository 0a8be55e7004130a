"""Constructs that validated but then did nothing, or the wrong thing, at run
time: a vote rule no committee of the declared size can meet, a form on a
vote step (voters are shown the ballot, never the form), and an upload
column in a repeat table (it failed on submit: a row holds plain values).
Each is refused at its line."""

from __future__ import annotations

from engine.expressions import ExpressionError, evaluate, names_used

VOTE_RULES = ("majority", "two_thirds", "unanimous")
# Beyond this committee size only the extreme tallies are tried.
_EXHAUSTIVE_UP_TO = 40


def _tallies(members: int):
    if members <= _EXHAUSTIVE_UP_TO:
        for votes_for in range(members + 1):
            for votes_against in range(members - votes_for + 1):
                for votes_abstain in range(members - votes_for - votes_against + 1):
                    yield votes_for, votes_against, votes_abstain
    else:
        yield from ((members, 0, 0), (0, members, 0), (0, 0, members), (0, 0, 0))


def _rule_outcomes(rule: str, members: int) -> set:
    found = set()
    for votes_for, votes_against, votes_abstain in _tallies(members):
        names = {
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
            "members": members,
        }
        try:
            found.add(bool(evaluate(rule, names)))
        except ExpressionError:
            return {True, False}  # reported by the expression checks
        if len(found) == 2:
            break
    return found


def check_vote_reachable(ctx):
    for path, step in ctx.steps():
        if (
            step["type"] != "vote"
            or step.get("rule") in VOTE_RULES
            or not isinstance(step.get("members"), int)
        ):
            continue
        members = step["members"]
        rule = str(step["rule"])
        if members < 1 or rule.strip().isidentifier():  # a misspelt keyword: reported elsewhere
            continue
        try:
            if not names_used(rule) <= {"votes_for", "votes_against", "votes_abstain", "members"}:
                continue  # undeclared names: reported by the expression checks
        except ExpressionError:
            continue
        outcomes = _rule_outcomes(str(step["rule"]), members)
        if outcomes == {False}:
            message = f"步骤 '{step['id']}' 的 rule '{step['rule']}' 在 {members} 人的委员会中永远不能通过"
            yield ctx.problem(
                path + ("rule",), message, f"票数最多为 members = {members}；改小门槛或改 members"
            )
        elif outcomes == {True}:
            message = (
                f"步骤 '{step['id']}' 的 rule '{step['rule']}' 在 {members} 人的委员会中无论怎么投都通过"
            )
            yield ctx.problem(path + ("rule",), message, "表决规则应取决于票数")


def check_vote_form(ctx):
    for path, step in ctx.steps():
        if step["type"] == "vote" and "form" in step:
            message = f"表决步骤 '{step['id']}' 的 form 不会显示给投票人（投票只有同意 / 反对 / 弃权）"
            hint = "删掉 form；需要填写的内容放在表决前的任务步骤中"
            yield ctx.problem(path + ("form",), message, hint, key=True)


_TABLE_COLUMN_TYPES = {"file": "上传列"}


def check_table_columns(ctx):
    """A repeat table stores plain values per row: an upload cannot be kept
    in a row."""
    for relpath, _key, raw in ctx.forms():
        for path, field, table in ctx.form_fields(raw):
            if table is None or field.get("type") not in _TABLE_COLUMN_TYPES:
                continue
            kind = _TABLE_COLUMN_TYPES[field["type"]]
            message = f"表格 '{table['name']}' 不支持{kind}（'{field.get('name')}' 的 type: {field['type']}）"
            hint = "把附件放在表格外的 file 字段中（可设多个，或在说明中写明对应哪一行）"
            yield ctx.problem(path + ("type",), message, hint, relpath=relpath)


def check_user_field_roles(ctx):
    """`role:` on a user field narrows the people offered; it must be a
    declared staff role, and only user fields take it."""
    roles = ctx.bundle.roles
    for relpath, _key, raw in ctx.forms():
        for path, field, _table in ctx.form_fields(raw):
            if "role" not in field:
                continue
            if field.get("type") != "user":
                message = f"字段 '{field['name']}' 的 role 只用于 user 字段"
                yield ctx.problem(
                    path + ("role",), message, "删掉 role，或把类型改为 user", key=True, relpath=relpath
                )
            elif field["role"] not in roles or roles[field["role"]]["applicant"]:
                message = f"字段 '{field['name']}' 的 role '{field['role']}' 不是已声明的工作人员角色"
                staff = sorted(k for k, v in roles.items() if not v["applicant"])
                yield ctx.problem(
                    path + ("role",), message, "可用的角色：" + ", ".join(staff), relpath=relpath
                )
