"""YAML loading that remembers where every key and value stands, and that
a hostile file cannot turn against the server.

PyYAML's composer keeps a start mark on every node; we walk the node tree
beside the constructed data and record, for each path such as
('steps', 3, 'outcomes', 0, 'next'), the 1-based line and column of the value
and of its key. Checks then point at the most specific node.

Before anything is composed, the event stream is screened (`_screen`): no
anchors or aliases (a "billion laughs" is refused at its first alias, before
any expansion), no explicit tags (`!!binary`, `!!set`, `!!float x`,
`!!python/...`), no scalar longer than MAX_SCALAR, no nesting deeper than
MAX_DEPTH, a bounded number of nodes, and no lone surrogates. Integers are
bounded in digits (decimal, hex, octal alike) and floats must be finite;
keys must be text. Each refusal is a Problem at its line, never an
exception."""

from __future__ import annotations

import datetime as dt
import math
import re

import yaml

from . import yaml_messages
from .problems import Problem

Path = tuple

MAX_FILE_BYTES = 512 * 1024  # one definition or form file
MAX_SCALAR = 20_000  # characters of one value
MAX_DEPTH = 30  # nesting of mappings and lists
MAX_NODES = 50_000  # values in one file
MAX_INT_DIGITS = 18
_SURROGATE = re.compile("[\ud800-\udfff]")


# libyaml is ~5x faster and keeps the same marks; pure Python otherwise.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _timestamp(loader, node):
    """YAML reads 2024-13-01 as a date and Python refuses it with a bare
    ValueError; make it a YAML error with the value's position instead."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"不是有效的日期：{node.value}（{exc}）", node.start_mark
        ) from exc


def _int(loader, node):
    digits = re.sub(r"[^0-9a-fA-F]", "", node.value.lower().removeprefix("0x").removeprefix("0o"))
    if len(digits.lstrip("0")) > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"整数过长（最多 {MAX_INT_DIGITS} 位）：{node.value[:30]}…", node.start_mark
        )
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"不是整数：{node.value[:30]}", node.start_mark
        ) from exc


def _float(loader, node):
    if len(node.value) > 40:
        raise yaml.constructor.ConstructorError(None, None, "数字过长", node.start_mark)
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"不是数字：{node.value[:30]}", node.start_mark
        ) from exc
    if not math.isfinite(value):
        raise yaml.constructor.ConstructorError(None, None, f"不是有限数值：{node.value}", node.start_mark)
    return value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


class _Refused(Exception):
    def __init__(self, mark, message, hint):
        super().__init__(message)
        self.line, self.column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        self.message, self.hint = message, hint


_TAG_HINT = "定义里不用 YAML 标签（!! 或 !）；要写文字请加引号"
_ALIAS_HINT = "定义里不用锚点（&名）和别名（*名）；请把内容直接写出"


def _screen_text(text: str):
    """A lone surrogate cannot be encoded (the C reader would fail on it)."""
    match = _SURROGATE.search(text)
    if match:
        line = text.count("\n", 0, match.start())
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1)
        mark = yaml.Mark("", match.start(), line, column, None, None)
        raise _Refused(mark, "文字中有无效的字符（孤立的代理项）", "删除或重新输入这个字符")


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_QUOTED = {"'", '"', "|", ">"}


class Where:
    """Positions of values (and of mapping keys) by path; a path with no
    record of its own falls back to its nearest recorded ancestor."""

    def __init__(self, values: dict | None = None, keys: dict | None = None):
        self.values = values or {}
        self.keys = keys or {}

    def at(self, path) -> tuple[int, int]:
        path = tuple(path)
        while path and path not in self.values:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key(self, path) -> tuple[int, int]:
        path = tuple(path)
        return self.keys.get(path) or self.at(path)


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _plain(value):
    """Dates become ISO text: case data and schemas speak JSON."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Walker:
    """Walks the composed node tree before anything is constructed: records
    positions, and refuses (raises _Refused) what a definition never needs.
    An alias is the same node met twice, so a "billion laughs" stops at its
    first alias, before any expansion."""

    def __init__(self, loader, filename: str):
        self.loader = loader
        self.filename = filename
        self.where = Where()
        self.problems: list[Problem] = []
        self.seen_nodes: set[int] = set()

    def screen(self, node, depth: int, used_at=None):
        mark = node.start_mark
        if id(node) in self.seen_nodes:  # the mark of an alias is its anchor's: name where it is used
            raise _Refused(used_at or mark, "不允许使用别名（*名）", _ALIAS_HINT)
        self.seen_nodes.add(id(node))
        if len(self.seen_nodes) > MAX_NODES:
            raise _Refused(
                mark, f"文件中的值过多（最多 {MAX_NODES} 个）", "把流程拆小，或检查是否误粘贴了数据"
            )
        if depth > MAX_DEPTH:
            raise _Refused(mark, f"嵌套过深（最多 {MAX_DEPTH} 层）", "定义的层次不会这么深：检查缩进")
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_SCALAR:
                raise _Refused(mark, f"值过长（最多 {MAX_SCALAR} 个字符）", "长文字请放到文书模板里")
            if node.style in _QUOTED:
                expected = "tag:yaml.org,2002:str"
            else:
                expected = self.loader.resolve(yaml.ScalarNode, node.value, (True, False))
            if node.tag != expected or node.tag not in _PLAIN_TAGS:
                raise _Refused(mark, f"不允许使用标签 {node.tag}", _TAG_HINT)
        elif isinstance(node, yaml.MappingNode) and node.tag != "tag:yaml.org,2002:map":
            raise _Refused(mark, f"不允许使用标签 {node.tag}", _TAG_HINT)
        elif isinstance(node, yaml.SequenceNode) and node.tag != "tag:yaml.org,2002:seq":
            raise _Refused(mark, f"不允许使用标签 {node.tag}", _TAG_HINT)

    def walk(self, node, path: Path, used_at=None):
        self.screen(node, len(path), used_at)
        self.where.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _Refused(
                        key_node.start_mark, "键应为文字（名称），不能是列表或映射", "检查缩进和 ? 号"
                    )
                self.screen(key_node, len(path) + 1)
                key = _plain(self.loader.construct_object(key_node, deep=True))
                if not isinstance(key, str):
                    line, column = _mark(key_node)
                    self.problems.append(
                        Problem(
                            self.filename,
                            line,
                            column,
                            f"键 {str(key)[:40]!r} 应为文字（名称）",
                            "键是名称：用字母开头；数字、yes/no、日期作键时请加引号",
                        )
                    )
                    key = str(key)
                if key in seen:
                    line, column = _mark(key_node)
                    self.problems.append(
                        Problem(self.filename, line, column, f"重复的键 '{key}'", "同一层里每个键只能写一次")
                    )
                seen.add(key)
                self.where.keys[path + (key,)] = _mark(key_node)
                self.walk(value_node, path + (key,), key_node.start_mark)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,), node.start_mark)


def _syntax_problem(exc: yaml.YAMLError, filename: str, text: str) -> Problem:
    detail = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if ("end of stream" in detail or "expected ':'" in detail) and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # an unclosed quote or a key without ':' starts there
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = "检查缩进、冒号和引号；含冒号或 # 的文字请加引号"
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "\\t" in detail:
        hint = "YAML 不能用 Tab 缩进，请改用空格"
    elif "expected ',' or" in detail:
        hint = '在 {...} 或 [...] 里，含 ? , : # [ ] { } 的文字要加引号，如 en: "Approval needed?"'
    elif "expected ':'" in detail:
        hint = "这一行缺少冒号：写成 键: 值"
    elif "end of stream" in detail:
        hint = "引号没有闭合：补上结尾的引号"
    elif "整数过长" in detail or "数字过长" in detail:
        hint = "编号、证件号等长数字请加引号，作为文字"
    elif "不是有限数值" in detail:
        hint = "写一个普通的数字"
    elif "不是有效的日期" in detail:
        hint = "写成真实存在的日期，如 2024-12-10；要当文字用请加引号"
    elif "mapping values are not allowed" in detail:
        hint = '含冒号的文字要加引号，如 title: "说明: 某事"'
    if isinstance(exc, yaml.constructor.ConstructorError):
        return Problem(filename, line, column, detail, hint)
    return Problem(filename, line, column, f"YAML 语法错误：{yaml_messages.chinese(detail)}", hint)


def load_yaml(text: str, filename: str) -> tuple[object, Where, list[Problem]]:
    """Parse one YAML document. Returns (data, where, problems); data is None
    when the text does not parse or is refused."""
    if len(text) > MAX_FILE_BYTES:
        return None, Where(), [Problem(filename, 1, 1, f"文件过大（最多 {MAX_FILE_BYTES // 1024} KB）", "")]
    loader = None
    try:
        _screen_text(text)
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None:
            return None, Where(), []
        walker = _Walker(loader, filename)
        walker.walk(node, ())  # screens every node before anything is built
        if walker.problems:
            return None, walker.where, walker.problems
        data = loader.construct_document(node)
        return _plain(data), walker.where, walker.problems
    except _Refused as refused:
        return None, Where(), [Problem(filename, refused.line, refused.column, refused.message, refused.hint)]
    except yaml.YAMLError as exc:
        return None, Where(), [_syntax_problem(exc, filename, text)]
    finally:
        if loader is not None:
            loader.dispose()


def yaml_data(text: str, filename: str = "") -> object | None:
    """Only the data of a YAML text read under the same limits, for readers
    that need no positions (reference lists, a version's documents and
    labels); None when the text is refused."""
    data, _where, problems = load_yaml(text or "", filename)
    return None if problems else data
