"""YAML loading that remembers where every key and value stands.

PyYAML's composer keeps a start mark on every node; we walk the node tree
beside the constructed data and record, for each path such as
('steps', 3, 'outcomes', 0, 'next'), the 1-based line and column of the value
and of its key. Checks then point at the most specific node."""

from __future__ import annotations

import datetime as dt

import yaml

from .problems import Problem

Path = tuple


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


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


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
    def __init__(self, loader, filename: str):
        self.loader = loader
        self.filename = filename
        self.where = Where()
        self.problems: list[Problem] = []

    def walk(self, node, path: Path):
        self.where.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, value_node in node.value:
                key = _plain(self.loader.construct_object(key_node, deep=True))
                if not isinstance(key, str | int | float | bool) or key is None:
                    key = str(key)
                if key in seen:
                    line, column = _mark(key_node)
                    self.problems.append(
                        Problem(self.filename, line, column, f"重复的键 '{key}'", "同一层里每个键只能写一次")
                    )
                seen.add(key)
                self.where.keys[path + (key,)] = _mark(key_node)
                self.walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,))


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
    elif "不是有效的日期" in detail:
        hint = "写成真实存在的日期，如 2024-12-10；要当文字用请加引号"
    elif "mapping values are not allowed" in detail:
        hint = '含冒号的文字要加引号，如 title: "说明: 某事"'
    return Problem(filename, line, column, f"YAML 语法错误：{detail}", hint)


def load_yaml(text: str, filename: str) -> tuple[object, Where, list[Problem]]:
    """Parse one YAML document. Returns (data, where, problems); data is None
    when the text does not parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Where(), []
        walker = _Walker(loader, filename)
        data = loader.construct_document(node)
        walker.walk(node, ())
        return _plain(data), walker.where, walker.problems
    except yaml.YAMLError as exc:
        return None, Where(), [_syntax_problem(exc, filename, text)]
    finally:
        loader.dispose()
