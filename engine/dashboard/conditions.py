"""A figure's `where:` is written in the expression language, but it is run
by the database, not per case in Python: a figure must stay cheap over
100,000 cases. So only the part of the language that SQL can do is
accepted, parsed here into a small tree that `figures.py` turns into a
Django Q. Pure: no Django, so the definition checks can use it.

    employee_count >= 100 and contract_kind == 'skills'
    paid_amount > 0
    not empty(filing_no)
    tier in ['deep', 'accident']
    'city_linked' in enterprise_tags          (a multichoice holds the value)

Tree nodes are tuples: ('and', [n...]), ('or', [n...]), ('not', n),
('truthy', name), ('empty', name), ('cmp', name, op, value),
('in', name, [values]), ('has', name, value)."""

from __future__ import annotations

import ast

from engine.expressions import CONSTANTS, ExpressionError, parse

OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
# a < 5 read from the other side: 5 > a
FLIPPED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
HINT = "统计条件只能用：字段 比较 常量（== != > >= < <=）、字段 in [常量...]、'值' in 多选字段、empty(字段)、and / or / not"


class ConditionError(ExpressionError):
    """A where: the database cannot run."""


def parse_where(text: str):
    return _node(parse(text).body)


def names_in(tree) -> set[str]:
    kind = tree[0]
    if kind in ("and", "or"):
        return set().union(*(names_in(child) for child in tree[1]))
    if kind == "not":
        return names_in(tree[1])
    return {tree[1]}


def _node(node):
    if isinstance(node, ast.BoolOp):
        return ("and" if isinstance(node.op, ast.And) else "or", [_node(v) for v in node.values])
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ("not", _node(node.operand))
    if isinstance(node, ast.Name) and node.id not in CONSTANTS:
        return ("truthy", node.id)
    if isinstance(node, ast.Call) and _is_name(node.func, "empty") and len(node.args) == 1:
        return ("empty", _field(node.args[0]))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        return _compare(node.left, node.ops[0], node.comparators[0])
    raise ConditionError(f"统计条件中不能使用 '{ast.unparse(node)}'")


def _compare(left, op, right):
    if isinstance(op, ast.In | ast.NotIn):
        if isinstance(right, ast.List | ast.Tuple):
            tree = ("in", _field(left), [_constant(item) for item in right.elts])
        else:
            tree = ("has", _field(right), _constant(left))
        return ("not", tree) if isinstance(op, ast.NotIn) else tree
    if type(op) not in OPS:
        raise ConditionError(f"统计条件中不能使用比较 {type(op).__name__}")
    symbol = OPS[type(op)]
    if _is_field(left):
        return ("cmp", left.id, symbol, _constant(right))
    if _is_field(right):
        return ("cmp", right.id, FLIPPED[symbol], _constant(left))
    raise ConditionError(f"统计条件中 '{ast.unparse(left)}' 处应为字段名")


def _is_name(node, name) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _is_field(node) -> bool:
    return isinstance(node, ast.Name) and node.id not in CONSTANTS


def _field(node) -> str:
    if not _is_field(node):
        raise ConditionError(f"统计条件中 '{ast.unparse(node)}' 处应为字段名")
    return node.id


def _constant(node):
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _constant(node.operand)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool | type(None)):
        return node.value
    raise ConditionError(f"统计条件中 '{ast.unparse(node)}' 处应为常量（数字、'文字'、true/false/none）")
