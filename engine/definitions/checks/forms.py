"""Form specs: field names, types that agree across forms, the keys each
type needs, and expressions that read only what the form has."""

from __future__ import annotations

import keyword

from ..problems import did_you_mean
from .expressions import expression_problems


def _is_identifier(name) -> bool:
    return isinstance(name, str) and name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def check_field_names(ctx):
    for relpath, key, raw in ctx.forms():
        seen = set()
        for path, field, table in ctx.form_fields(raw):
            name = field["name"]
            if not _is_identifier(name):
                hint = "字段名用英文字母、数字和下划线，不以数字开头，例如 monthly_income"
                yield ctx.problem(
                    path + ("name",), f"表单 '{key}' 的字段名 '{name}' 不是合法的标识", hint, relpath=relpath
                )
            full = f"{table['name']}.{name}" if table else name
            if full in seen:
                yield ctx.problem(
                    path + ("name",),
                    f"表单 '{key}' 中字段 '{full}' 重复",
                    "同一表单里字段名必须唯一",
                    relpath=relpath,
                )
            seen.add(full)


def check_field_types_agree(ctx):
    first = {}
    for relpath, key, raw in ctx.forms():
        for path, field, table in ctx.form_fields(raw):
            full = f"{table['name']}.{field['name']}" if table else field["name"]
            if full not in first:
                first[full] = (key, field["type"])
                continue
            other, kind = first[full]
            if kind != field["type"] and other != key:
                message = f"字段 '{full}' 在表单 '{key}' 中是 {field['type']}，在表单 '{other}' 中是 {kind}"
                hint = "同一流程里同名字段存入同一份案件数据，类型必须一致"
                yield ctx.problem(path + ("type",), message, hint, relpath=relpath)


_NEEDS = {"table": "columns", "computed": "expr"}


def check_field_shapes(ctx):
    for relpath, _key, raw in ctx.forms():
        for path, field, table in ctx.form_fields(raw):
            kind, name = field["type"], field["name"]
            if table is not None and kind == "table":
                message = f"表格 '{table['name']}' 的列 '{name}' 不能是 table"
                yield ctx.problem(path + ("type",), message, "表格不能嵌套", relpath=relpath)
            elif kind in _NEEDS and _NEEDS[kind] not in field:
                yield ctx.problem(path, f"{kind} 字段 '{name}' 需要 {_NEEDS[kind]}", relpath=relpath)
            if kind in ("choice", "multichoice") and not ("options" in field or "options_from" in field):
                yield ctx.problem(path, f"{kind} 字段 '{name}' 需要 options 或 options_from", relpath=relpath)
            if "must_be" in field and kind != "boolean":
                message = f"字段 '{name}' 是 {kind}，must_be 只用于 boolean"
                hint = "承诺、同意、签字确认请用 type: boolean 加 must_be: true，或 type: consent"
                yield ctx.problem(path + ("must_be",), message, hint, key=True, relpath=relpath)
            if "columns" in field and kind != "table":
                yield ctx.problem(
                    path + ("columns",),
                    f"字段 '{name}' 不是 table，不能有 columns",
                    key=True,
                    relpath=relpath,
                )


def _form_expressions(ctx, raw):
    """(path, text, what, extra names) for each expression in a raw form."""
    for index, page in enumerate(raw.get("steps") or []):
        if "visible_if" in page:
            yield (
                ("steps", index, "visible_if"),
                page["visible_if"],
                f"页面 '{page['id']}' 的 visible_if",
                {},
            )
    for path, field, table in ctx.form_fields(raw):
        columns = {c["name"]: c.get("type", "") for c in table["columns"]} if table else {}
        for key in ("visible_if", "expr"):
            if key in field:
                yield path + (key,), field[key], f"字段 '{field['name']}' 的 {key}", columns
    for index, rule in enumerate(raw.get("rules") or []):
        yield ("rules", index, "check"), rule["check"], f"第 {index + 1} 条规则", {}


def check_form_expressions(ctx):
    """A start form is filled before the case has any other data, so it reads
    only its own fields and computed values; task forms may read case data."""
    computed = set(ctx.raw.get("data") or {})
    start_forms = {step.get("form") for step in ctx.raw["steps"] if step["type"] == "start"}
    everything = ctx.declared_names()
    for relpath, key, raw in ctx.forms():
        fields = {field["name"] for _, field, table in ctx.form_fields(raw) if table is None}
        readable = fields | computed if key in start_forms else fields | everything
        for path, text, what, extra in _form_expressions(ctx, raw):
            # a table column reads its own row: the columns' types come first
            types = {**ctx.field_types, **extra} if extra else None
            yield from expression_problems(
                ctx, path, text, readable | set(extra), relpath=relpath, what=what, types=types
            )


def check_rule_fields(ctx):
    for relpath, key, raw in ctx.forms():
        fields = {field["name"] for _, field, table in ctx.form_fields(raw) if table is None}
        for index, rule in enumerate(raw.get("rules") or []):
            name = rule.get("field")
            if name is not None and name not in fields:
                message = f"第 {index + 1} 条规则的 field '{name}' 不是表单 '{key}' 的字段"
                yield ctx.problem(
                    ("rules", index, "field"),
                    message,
                    did_you_mean(name, fields, label="表单字段"),
                    relpath=relpath,
                )
