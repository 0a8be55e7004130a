"""Running a checked expression: simpleeval's tree walker, narrowed to the
language of grammar.py and bounded in time and size.

Every node is dispatched through `_eval`, which checks the clock and the
size of what the node produced; operators and functions check the sizes of
what they are about to build before building it. Case data is seen through
copies made on first read, so even a construct that slipped through could
not change what is stored."""

from __future__ import annotations

import ast
import decimal
import time

import simpleeval

from . import functions, limits
from .grammar import CONSTANTS
from .limits import MAX_ITEMS, ExpressionError, LimitExceeded, size_check

# Decimal arithmetic in a context of our own: bounded precision and exponent,
# whatever another thread set as its default.
DECIMAL_CONTEXT = decimal.Context(
    prec=34,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def frozen_copy(value):
    """A deep copy of JSON-like case data (lists, dicts, scalars)."""
    if isinstance(value, list | tuple):
        return [frozen_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: frozen_copy(item) for key, item in value.items()}
    return value


class _Data:
    """Names read from the given mapping, each copied on first read; a name
    that is not there is a missing value (none)."""

    def __init__(self, names):
        self._names = names if hasattr(names, "get") else {}
        self._copies: dict = {}

    def read(self, name: str):
        if name in self._copies:
            return self._copies[name]
        if name in CONSTANTS and name not in self._names:
            return CONSTANTS[name]
        value = frozen_copy(self._names.get(name))
        self._copies[name] = value
        return value


# Stored data is read as it is (a long comment is not an error); only what an
# expression builds must stay within the bounds. Literals were checked.
_UNCHECKED = (ast.Name, ast.Constant)


class BoundedEval(simpleeval.EvalWithCompoundTypes):
    def __init__(self, names, *, seconds: float | None = None):
        # simpleeval's own __init__ builds its full node table and default
        # tables on every call; ours is narrower and set below.
        self.operators, self.functions, self.names, self.allowed_attrs = {}, {}, {}, None
        self.ATTR_INDEX_FALLBACK = False
        self.expr = ""
        self.data = _Data(names)
        self.seconds = limits.MAX_SECONDS if seconds is None else seconds
        self.deadline = 0.0
        self.scopes: list[dict] = []
        self.nodes = {
            ast.Expression: self._eval_expression,
            ast.Constant: self._eval_constant,
            ast.Name: self._eval_name,
            ast.UnaryOp: self._eval_unaryop,
            ast.BinOp: self._eval_binop,
            ast.BoolOp: self._eval_boolop,
            ast.Compare: self._eval_compare,
            ast.IfExp: self._eval_ifexp,
            ast.Call: self._eval_call,
            ast.Subscript: self._eval_subscript,
            ast.Slice: self._eval_slice,
            ast.List: self._eval_list,
            ast.Tuple: self._eval_list,
            ast.ListComp: self._eval_listcomp,
            ast.GeneratorExp: self._eval_listcomp,
        }

    def run(self, tree):
        self.deadline = time.monotonic() + self.seconds
        self._max_count = 0
        with decimal.localcontext(DECIMAL_CONTEXT):
            return self._eval(tree)

    def _eval(self, node):
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"计算超时（超过 {self.seconds} 秒）")
        handler = self.nodes.get(type(node))
        if handler is None:
            raise ExpressionError(f"不支持的写法 {type(node).__name__}")
        result = handler(node)
        if type(node) not in _UNCHECKED:
            size_check(result)
        return result

    def _eval_expression(self, node):
        return self._eval(node.body)

    def _eval_name(self, node):
        for scope in reversed(self.scopes):
            if node.id in scope:
                return scope[node.id]
        if node.id in functions.FUNCTIONS:
            raise ExpressionError(f"函数 {node.id} 要带括号调用")
        return self.data.read(node.id)

    def _eval_unaryop(self, node):
        operator = limits.UNARY.get(type(node.op).__name__)
        if operator is None:
            raise ExpressionError(f"不支持的运算符 {type(node.op).__name__}")
        return operator(self._eval(node.operand))

    def _eval_binop(self, node):
        operator = limits.BINARY.get(type(node.op).__name__)
        if operator is None:
            raise ExpressionError(f"不支持的运算符 {type(node.op).__name__}")
        return operator(self._eval(node.left), self._eval(node.right))

    def _eval_compare(self, node):
        right = self._eval(node.left)
        for operation, comparator in zip(node.ops, node.comparators, strict=True):
            left, right = right, self._eval(comparator)
            compare = limits.COMPARE.get(type(operation).__name__)
            if compare is None:
                raise ExpressionError(f"不支持的比较 {type(operation).__name__}")
            if not compare(left, right):
                return False
        return True

    def _eval_call(self, node):
        if not isinstance(node.func, ast.Name) or node.func.id not in functions.FUNCTIONS:
            raise ExpressionError("只能调用文档列出的函数")
        if node.keywords:
            raise ExpressionError("函数参数不能写成 名称=值")
        return functions.call(node.func.id, [self._eval(arg) for arg in node.args])

    def _eval_subscript(self, node):
        container = self._eval(node.value)
        key = self._eval(node.slice)
        if container is None or key is None:
            return None
        if isinstance(key, slice):
            if not isinstance(container, str | list | tuple):
                raise ExpressionError("只有文字和列表可以切片")
            return container[key]
        if isinstance(container, dict):
            return container.get(key) if isinstance(key, str) else None
        if isinstance(container, str | list | tuple):
            if isinstance(key, bool) or not isinstance(key, int):
                raise ExpressionError(f"下标应为整数：{key!r}")
            return container[key] if -len(container) <= key < len(container) else None
        raise ExpressionError(f"{type(container).__name__} 不能取下标")

    def _eval_slice(self, node):
        parts = [None if part is None else self._eval(part) for part in (node.lower, node.upper, node.step)]
        for part in parts:
            if part is not None and (isinstance(part, bool) or not isinstance(part, int)):
                raise ExpressionError(f"切片的位置应为整数：{part!r}")
        if parts[2] == 0:
            raise ExpressionError("切片步长不能为 0")
        return slice(*parts)

    def _eval_list(self, node):
        return [self._eval(item) for item in node.elts]

    def _eval_listcomp(self, node):
        result: list = []
        scope: dict = {}
        self.scopes.append(scope)
        try:
            self._generate(node, 0, scope, result)
        finally:
            self.scopes.pop()
        return result

    def _generate(self, node, index, scope, result):
        generator = node.generators[index]
        items = self._eval(generator.iter)
        if items is None:
            return
        if isinstance(items, dict) or not isinstance(items, list | tuple | str):
            raise ExpressionError("for ... in 后面应为列表、表格或文字")
        for item in items:
            self._max_count += 1
            if self._max_count > MAX_ITEMS:
                raise LimitExceeded(f"列表推导式过大（超过 {MAX_ITEMS} 项）")
            scope[generator.target.id] = item
            if all(self._eval(condition) for condition in generator.ifs):
                if index + 1 < len(node.generators):
                    self._generate(node, index + 1, scope, result)
                else:
                    result.append(self._eval(node.elt))
                    if len(result) % 1000 == 0:
                        size_check(result)


def run(tree, names, *, seconds: float | None = None):
    """Evaluate a checked tree. Any failure is an ExpressionError."""
    evaluator = BoundedEval(names, seconds=seconds)
    try:
        return evaluator.run(tree)
    except ExpressionError:
        raise
    except (ArithmeticError, TypeError, ValueError, KeyError, IndexError) as exc:
        raise ExpressionError(_plain_error(exc)) from exc
    except (RecursionError, MemoryError) as exc:
        raise LimitExceeded(f"计算超出资源限制：{type(exc).__name__}") from exc
    except Exception as exc:  # simpleeval's own errors and anything unforeseen
        raise ExpressionError(f"{type(exc).__name__}: {str(exc)[:200]}") from exc


def _plain_error(exc) -> str:
    if isinstance(exc, ZeroDivisionError | decimal.DivisionByZero):
        return "除数为零"
    if isinstance(exc, decimal.Overflow | OverflowError):
        return "数值超出范围"
    if isinstance(exc, decimal.InvalidOperation):
        return "无效的数值运算"
    return f"{type(exc).__name__}: {str(exc)[:200]}"
