"""The static check of an expression: the whole syntax tree, not only names.

Only the documented constructs pass: names of data, literals of bounded size,
the arithmetic, comparison and boolean operators, `x if c else y`, `[...]`,
subscripts and slices, one-level list comprehensions, and calls of the
documented functions with the right number and kinds of arguments. There is
no attribute access at all (so no method call on a case value), no
formatting, no lambda, no assignment."""

from __future__ import annotations

import ast
import math

from .functions import ANY, BOOL, DATE, FIELD_KINDS, LIST, NUMBER, SIGNATURES, TEXT
from .limits import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_EXPRESSION_LENGTH,
    MAX_ITEMS,
    MAX_LITERAL_ITEMS,
    MAX_NUMBER,
    MAX_TEXT,
    ExpressionError,
)

CONSTANTS = {"true": True, "false": False, "none": None, "True": True, "False": False, "None": None}

OPERATORS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
COMPARISONS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
UNARY = {ast.Not: "not", ast.USub: "-", ast.UAdd: "+"}
_CONTEXTS = (ast.Load, ast.Store)
_REFUSED = {
    ast.Attribute: "不能访问属性或调用方法（如 x.clear()、x.upper()）；请用文档列出的函数",
    ast.JoinedStr: "不能使用 f-字符串",
    ast.Dict: "不能写字典 {...}",
    ast.Set: "不能写集合 {...}",
    ast.DictComp: "不能写字典推导式",
    ast.SetComp: "不能写集合推导式",
    ast.Lambda: "不能使用 lambda",
    ast.NamedExpr: "不能赋值（:=）",
    ast.Starred: "不能使用 * 展开",
}


def parse(expression) -> ast.Expression:
    if not isinstance(expression, str):
        raise ExpressionError("表达式必须是文本")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(f"表达式过长（最多 {MAX_EXPRESSION_LENGTH} 个字符）")
    text = expression.strip()
    if not text:
        raise ExpressionError("表达式为空")
    try:
        return ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"表达式语法错误：{exc.msg}（第 {exc.offset} 个字符附近）") from exc
    except (ValueError, RecursionError, MemoryError) as exc:  # NUL bytes, absurd nesting
        raise ExpressionError(f"表达式无法解析：{type(exc).__name__}") from exc


class _Checker:
    """Walks the tree once: refuses what is not in the language, collects the
    data names read, and infers a kind per node where it can (for function
    arguments). `types` maps data names (and 'table.column') to field types."""

    def __init__(self, types: dict | None):
        self.types = types or {}
        self.names: set[str] = set()
        self.bound: list[set[str]] = []

    def kind_of_name(self, name: str) -> str:
        if any(name in scope for scope in self.bound):
            return ANY
        return FIELD_KINDS.get(self.types.get(name, ""), ANY)

    def visit(self, node, depth=0) -> str:
        if depth > MAX_DEPTH:
            raise ExpressionError(f"表达式嵌套过深（不超过 {MAX_DEPTH} 层）")
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            reason = _REFUSED.get(type(node), f"不支持的写法 {type(node).__name__}")
            raise ExpressionError(f"{reason}：{_source(node)}")
        return method(node, depth + 1)

    def visit_Expression(self, node, depth):
        return self.visit(node.body, depth)

    def visit_Constant(self, node, depth):
        value = node.value
        if isinstance(value, bool) or value is None:
            return BOOL if value is not None else ANY
        if isinstance(value, int):
            if abs(value) > MAX_NUMBER:
                raise ExpressionError(f"数字过大：{_source(node)}")
            return NUMBER
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) > MAX_NUMBER:
                raise ExpressionError(f"数字过大：{_source(node)}")
            return NUMBER
        if isinstance(value, str):
            return TEXT
        raise ExpressionError(f"不支持的常量 {_source(node)}（只能写数字、'文字'、true/false/none）")

    def visit_Name(self, node, depth):
        name = node.id
        if name.startswith("_"):
            raise ExpressionError(f"名称不能以下划线开头：{name}")
        if name in SIGNATURES:
            raise ExpressionError(f"函数 {name} 要带括号调用，如 {SIGNATURES[name].usage()}")
        if name in CONSTANTS:
            value = CONSTANTS[name]
            return ANY if value is None else BOOL
        if not any(name in scope for scope in self.bound):
            self.names.add(name)
        return self.kind_of_name(name)

    def visit_BinOp(self, node, depth):
        if type(node.op) not in OPERATORS:
            raise ExpressionError(f"不支持的运算符：{_source(node)}（可用 + - * / // % **）")
        left, right = self.visit(node.left, depth), self.visit(node.right, depth)
        if isinstance(node.op, ast.Mod) and left in (TEXT, LIST):
            raise ExpressionError(f"% 只用于数值求余，不能用来格式化文字：{_source(node)}")
        if isinstance(node.op, ast.Pow):
            exponent = _literal_number(node.right)
            if exponent is None or abs(exponent) > MAX_EXPONENT:
                raise ExpressionError(f"** 的指数应为不超过 {MAX_EXPONENT} 的数字常量：{_source(node)}")
        if isinstance(node.op, ast.Mult):
            _check_repeat(node)
        if left == right == NUMBER:
            return NUMBER
        if isinstance(node.op, ast.Add) and left == right == TEXT:
            return TEXT
        return ANY

    def visit_UnaryOp(self, node, depth):
        if type(node.op) not in UNARY:
            raise ExpressionError(f"不支持的运算符：{_source(node)}")
        kind = self.visit(node.operand, depth)
        return BOOL if isinstance(node.op, ast.Not) else kind

    def visit_BoolOp(self, node, depth):
        for value in node.values:
            self.visit(value, depth)
        return ANY

    def visit_Compare(self, node, depth):
        for op in node.ops:
            if type(op) not in COMPARISONS:
                hint = "；判断缺失请写 x == none" if isinstance(op, ast.Is | ast.IsNot) else ""
                raise ExpressionError(f"不支持的比较：{_source(node)}{hint}")
        self.visit(node.left, depth)
        for each in node.comparators:
            self.visit(each, depth)
        return BOOL

    def visit_IfExp(self, node, depth):
        self.visit(node.test, depth)
        body, other = self.visit(node.body, depth), self.visit(node.orelse, depth)
        return body if body == other else ANY

    def visit_List(self, node, depth):
        if len(node.elts) > MAX_LITERAL_ITEMS:
            raise ExpressionError(f"列表常量过长（最多 {MAX_LITERAL_ITEMS} 项）")
        for item in node.elts:
            self.visit(item, depth)
        return LIST

    visit_Tuple = visit_List

    def visit_Subscript(self, node, depth):
        self.visit(node.value, depth)
        self.visit(node.slice, depth)
        return ANY

    def visit_Slice(self, node, depth):
        for part in (node.lower, node.upper, node.step):
            if part is not None:
                self.visit(part, depth)
        return ANY

    def visit_ListComp(self, node, depth):
        if len(node.generators) > 2:
            raise ExpressionError("列表推导式最多两层 for")
        scope: set[str] = set()
        self.bound.append(scope)
        try:
            for generator in node.generators:
                if generator.is_async:
                    raise ExpressionError("不支持 async")
                self.visit(generator.iter, depth)
                if not isinstance(generator.target, ast.Name) or generator.target.id.startswith("_"):
                    raise ExpressionError(f"for 后面应为一个名称：{_source(generator.target)}")
                scope.add(generator.target.id)
                for condition in generator.ifs:
                    self.visit(condition, depth)
            self.visit(node.elt, depth)
        finally:
            self.bound.pop()
        return LIST

    visit_GeneratorExp = visit_ListComp

    def visit_Call(self, node, depth):
        if not isinstance(node.func, ast.Name):
            raise ExpressionError(f"{_REFUSED[ast.Attribute]}：{_source(node)}")
        name = node.func.id
        signature = SIGNATURES.get(name)
        if signature is None:
            raise ExpressionError(f"未知函数：{name}；可用函数：{', '.join(sorted(SIGNATURES))}")
        if node.keywords:
            raise ExpressionError(f"函数参数不能写成 名称=值：{_source(node)}（{signature.usage()}）")
        count = len(node.args)
        if count < signature.least or (count > len(signature.params) and not signature.variadic):
            raise ExpressionError(f"函数 {name} 的参数个数不对（给了 {count} 个）：应为 {signature.usage()}")
        kinds = [self.visit(arg, depth) for arg in node.args]
        for index, (arg, kind) in enumerate(zip(node.args, kinds, strict=True)):
            accepted = signature.params[min(index, len(signature.params) - 1)]
            if kind != ANY and ANY not in accepted and kind not in accepted:
                raise ExpressionError(
                    f"函数 {name} 的第 {index + 1} 个参数 {_source(arg)} 是{_KIND_NAMES[kind]}，"
                    f"应为{'或'.join(_KIND_NAMES[k] for k in accepted)}（{signature.usage()}）"
                )
        if name == "sum_of":
            self._check_column(node)
        if name in ("round", "money") and count == 2:
            places = _literal_number(node.args[1])
            if not isinstance(places, int) or not 0 <= places <= 10:
                raise ExpressionError(f"{name} 的小数位数应为 0 到 10 的整数常量：{_source(node)}")
        return signature.returns

    def _check_column(self, node):
        rows, column = node.args
        if not (isinstance(column, ast.Constant) and isinstance(column.value, str)):
            raise ExpressionError(f"sum_of 的第 2 个参数应为列名常量，如 'income'：{_source(node)}")
        if isinstance(rows, ast.Name) and self.types.get(rows.id) == "table":
            columns = {key.split(".", 1)[1] for key in self.types if key.startswith(rows.id + ".")}
            if columns and column.value not in columns:
                listed = ", ".join(sorted(columns))
                raise ExpressionError(f"表格 {rows.id} 没有列 '{column.value}'（有：{listed}）")


_KIND_NAMES = {NUMBER: "数值", TEXT: "文字", DATE: "日期", LIST: "列表/表格", BOOL: "是/否", ANY: "任意值"}


def _literal_number(node):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _literal_number(node.operand)
        return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return node.value
    return None


def _check_repeat(node):
    """'ab' * 10**9 or [0] * 10**9 written in the expression itself."""
    for seq, times in ((node.left, node.right), (node.right, node.left)):
        count = _literal_number(times)
        if count is None:
            continue
        if isinstance(seq, ast.Constant) and isinstance(seq.value, str) and len(seq.value) * count > MAX_TEXT:
            raise ExpressionError(f"重复后的文字过长：{_source(node)}")
        if isinstance(seq, ast.List | ast.Tuple) and len(seq.elts) * count > MAX_ITEMS:
            raise ExpressionError(f"重复后的列表过长：{_source(node)}")


def _source(node) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # an odd node should never turn a message into a crash
        text = type(node).__name__
    return text if len(text) <= 60 else text[:57] + "..."


def check(expression, types: dict | None = None) -> tuple[ast.Expression, set[str]]:
    """The parsed tree and the data names it reads; ExpressionError for the
    first construct outside the language, a wrong call, or a bound exceeded."""
    tree = parse(expression)
    checker = _Checker(types)
    try:
        checker.visit(tree)
    except RecursionError as exc:
        raise ExpressionError(f"表达式嵌套过深（不超过 {MAX_DEPTH} 层）") from exc
    return tree, checker.names
