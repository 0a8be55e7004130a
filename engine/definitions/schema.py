"""JSON Schema validation with messages an administrator can act on.

jsonschema reports each error with its absolute path; we turn it into a
Problem at that node's line (the key's line for an unknown or misspelt key),
in Chinese, with a did-you-mean hint."""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import jsonschema_rs

from .loader import Where
from .paths import describe
from .problems import Problem, did_you_mean

SCHEMA_DIR = Path(__file__).parent / "schemas"
_TYPE_NAMES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true/false",
    "array": "列表",
    "object": "映射（键: 值）",
    "null": "空值",
}
ID_HINT = "标识只能用小写字母、数字和下划线，以小写字母开头，不能含连续的 '__'"


@cache
def load_schema(kind: str) -> dict:
    """kind: 'definition' or 'form'."""
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def _validator(kind: str):
    return jsonschema.Draft202012Validator(load_schema(kind))


def _types(expected) -> str:
    expected = expected if isinstance(expected, list) else [expected]
    return " 或 ".join(_TYPE_NAMES.get(t, t) for t in expected)


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "..."


class _Translator:
    def __init__(self, data, where: Where, filename: str, kind: str):
        self.data, self.where, self.filename, self.kind = data, where, filename, kind
        self.suggested = set()  # (path, key) an unknown key's hint points at
        self.missing = []  # (path, key, problem) for required keys

    def finish(self, problems) -> list[Problem]:
        """A misspelt key is reported once, as unknown with a hint, not also
        as the missing key it was meant to be."""
        dropped = {id(problem) for path, key, problem in self.missing if (path, key) in self.suggested}
        return [problem for problem in problems if id(problem) not in dropped]

    def problem(self, path, message, hint="", *, key=False) -> Problem:
        line, column = self.where.key(path) if key else self.where.at(path)
        return Problem(self.filename, line, column, message, hint)

    def name(self, path) -> str:
        return describe(self.data, path, form=self.kind == "form")

    def translate(self, error) -> list[Problem]:
        path = tuple(error.absolute_path)
        handler = getattr(self, f"on_{error.validator}", None)
        if handler:
            return handler(error, path)
        return [self.problem(path, f"{self.name(path)}：{error.message}")]

    def on_additionalProperties(self, error, path):
        allowed = set(error.schema.get("properties", {}))
        extra = [key for key in error.instance if key not in allowed]
        return [self.unknown_key(path, key, allowed) for key in extra]

    def unknown_key(self, path, key, allowed) -> Problem:
        other_kinds = _step_kinds_with(key) if self.kind == "definition" and _is_step(path) else []
        if other_kinds:
            kind = self.data["steps"][path[1]].get("type")
            message = f"{self.name(path)}：type '{kind}' 的步骤不能有 '{key}'"
            hint = f"'{key}' 只用于 {', '.join(other_kinds)} 步骤"
        else:
            message = f"{self.name(path)} 有未知的键 '{key}'"
            hint = did_you_mean(key, allowed, label="可用的键")
            close = difflib.get_close_matches(str(key), [str(a) for a in allowed], n=1, cutoff=0.6)
            self.suggested.update((path, c) for c in close)
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_-]*$", str(key)):
                hint = "这像是被逗号或冒号截断的文字：在 {...} 里含逗号、冒号的文字要加引号"
        return self.problem(path + (key,), message, hint, key=True)

    def on_required(self, error, path):
        allowed = error.schema.get("properties", {})
        extra = [str(key) for key in error.instance if key not in allowed]
        problems = []
        for key in error.validator_value:
            if key in error.instance:
                continue
            close = difflib.get_close_matches(key, extra, n=1, cutoff=0.6)
            hint = f"'{close[0]}' 是否应为 '{key}'？" if close else ""
            where = (path + (close[0],), True) if close else (path, False)
            problem = self.problem(where[0], f"{self.name(path)} 缺少必需的键 '{key}'", hint, key=where[1])
            self.missing.append((path, key, problem))
            problems.append(problem)
        return problems

    def on_type(self, error, path):
        message = f"{self.name(path)} 应为{_types(error.validator_value)}，而不是 {_short(error.instance)}"
        hint = ""
        if isinstance(error.instance, bool) and "string" in str(error.validator_value):
            hint = "YAML 会把 yes/no/on/off/true/false 读成真假值；作为文字请加引号，如 'yes'"
        return [self.problem(path, message, hint)]

    def on_enum(self, error, path):
        choices = error.validator_value
        message = f"{self.name(path)} 的值 {_short(error.instance)} 无效"
        return [self.problem(path, message, did_you_mean(error.instance, choices, label="可选"))]

    def on_pattern(self, error, path):
        if "propertyNames" in error.absolute_schema_path:
            key_path = path + (error.instance,)
            message = f"{self.name(path)} 的名称 '{error.instance}' 不是合法的标识"
            return [self.problem(key_path, message, ID_HINT, key=True)]
        if error.validator_value == _id_pattern():
            return [
                self.problem(path, f"{self.name(path)}：{_short(error.instance)} 不是合法的标识", ID_HINT)
            ]
        message = f"{self.name(path)} 的值 {_short(error.instance)} 格式不对"
        return [self.problem(path, message, f"应匹配 {error.validator_value}")]

    def on_anyOf(self, error, path):
        # Report the errors of the branch that has the instance's shape, e.g.
        # an unknown key inside {zh: .., en: ..}.
        chosen = _matching_branch(error)
        branch_errors = [
            branch
            for branch in error.context
            if branch.validator != "type" and branch.relative_schema_path[0] == chosen
        ]
        if branch_errors:
            return [problem for branch in branch_errors for problem in self.translate(branch)]
        shapes = [_types(option.get("type", "object")) for option in error.validator_value]
        hint = "标签可写成文字，或 {zh: 中文, en: English}" if _is_label(error.validator_value) else ""
        return [self.problem(path, f"{self.name(path)} 应为{' 或 '.join(shapes)}", hint)]

    def on_oneOf(self, error, path):
        options = [option.get("required") for option in error.validator_value]
        if all(options):
            names = " 或 ".join(f"'{o[0]}'" for o in options)
            problem = self.problem(path, f"{self.name(path)} 需要 {names} 其中之一（只能写一个）")
            self.missing += [(path, option[0], problem) for option in options]
            return [problem]
        return self.on_anyOf(error, path)

    def on_minItems(self, error, path):
        return [self.problem(path, f"{self.name(path)} 至少需要 {error.validator_value} 项")]

    def on_minLength(self, error, path):
        return [self.problem(path, f"{self.name(path)} 不能为空")]

    def on_minProperties(self, error, path):
        return [self.problem(path, f"{self.name(path)} 不能为空")]

    def on_minimum(self, error, path):
        return [self.problem(path, f"{self.name(path)} 不能小于 {error.validator_value}")]


def _matching_branch(error):
    """Index of the anyOf option whose declared type fits the instance."""
    for index, option in enumerate(error.validator_value):
        kind = option.get("type")
        if kind == "object" and isinstance(error.instance, dict):
            return index
        if kind == "string" and isinstance(error.instance, str):
            return index
        if kind == "integer" and isinstance(error.instance, int) and not isinstance(error.instance, bool):
            return index
    return None


def _is_label(options) -> bool:
    return any("zh" in option.get("properties", {}) for option in options)


def _is_step(path) -> bool:
    return len(path) == 2 and path[0] == "steps" and isinstance(path[1], int)


@cache
def _id_pattern() -> str:
    return load_schema("definition")["$defs"]["identifier"]["pattern"]


def _step_kinds_with(key: str) -> list[str]:
    kinds = []
    for rule in load_schema("definition")["$defs"]["step"]["allOf"]:
        if key in rule["then"]["properties"]:
            kinds.append(rule["if"]["properties"]["type"]["const"])
    return kinds


@cache
def _fast_validator(kind: str):
    """The same schema compiled by jsonschema-rs: about 50 times faster, so a
    valid file (the common case: every load of a stored version, every studio
    save) costs next to nothing; the pure-Python validator then runs only to
    explain a file that is not valid."""
    return jsonschema_rs.validator_for(load_schema(kind))


def validate(data, where: Where, filename: str, kind: str) -> list[Problem]:
    """Problems for one parsed file against the 'definition' or 'form' schema."""
    try:
        if _fast_validator(kind).is_valid(data):
            return []
    except Exception:  # noqa: BLE001 - any doubt: the full validator decides
        pass
    translator = _Translator(data, where, filename, kind)
    problems = []
    for error in _validator(kind).iter_errors(data):
        problems.extend(translator.translate(error))
    problems = translator.finish(problems)
    unique = {(p.line, p.column, p.message): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.line, p.column))
