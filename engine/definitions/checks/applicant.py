"""Form keys that spare the applicant typing: `prefill:` from the account
fits the field's type, and a `filter:` names an earlier answer of the same
form and a reference list to filter."""

from __future__ import annotations

from ..problems import did_you_mean

PREFILL_TYPES = {
    "account.name": {"text"},
    "account.mobile": {"mobile", "text"},
    "account.id_number": {"id_number", "text"},
    "account.email": {"email", "text"},
}


def check_prefill(ctx):
    for relpath, _key, raw in ctx.forms():
        for path, field, _table in ctx.form_fields(raw):
            source = field.get("prefill")
            if source and field["type"] not in PREFILL_TYPES.get(source, set()):
                allowed = " 或 ".join(sorted(PREFILL_TYPES.get(source, ())))
                message = f"字段 '{field['name']}' 是 {field['type']}，不能从 {source} 预填"
                yield ctx.problem(
                    path + ("prefill",), message, f"{source} 用于 {allowed} 字段", relpath=relpath
                )


def check_filters(ctx):
    for relpath, key, raw in ctx.forms():
        names = [field["name"] for _path, field, table in ctx.form_fields(raw) if table is None]
        for path, field, _table in ctx.form_fields(raw):
            rule = field.get("filter")
            if not rule:
                continue
            where = path + ("filter",)
            if field["type"] != "choice" or "options_from" not in field:
                message = f"字段 '{field['name']}' 的 filter 只用于带 options_from 的 choice 字段"
                yield ctx.problem(
                    where, message, "选项来自参考数据，按其 attrs 过滤", key=True, relpath=relpath
                )
            if rule["field"] not in names or rule["field"] == field["name"]:
                hint = did_you_mean(
                    rule["field"], [n for n in names if n != field["name"]], label="本表的字段"
                )
                message = f"filter 引用的字段 '{rule['field']}' 不在表单 '{key}' 中"
                yield ctx.problem(where + ("field",), message, hint, relpath=relpath)
