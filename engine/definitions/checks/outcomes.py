"""Outcome rules and decision-panel summaries: `requires` names fields of the
step's own form, `allowed_when` reads declared data, `summary` names case
data, and a field's `range_from` points at a reference-list choice field."""

from __future__ import annotations

from ..problems import did_you_mean
from .expressions import expression_problems

NUMERIC = ("integer", "decimal", "money")


def _form_field_names(ctx, form_key) -> set[str]:
    raw = ctx.bundle.sources.get(f"forms/{form_key}.yaml")
    if raw is None:
        return set()
    return {field["name"] for _, field, table in ctx.form_fields(raw.data) if table is None}


def check_outcome_requires(ctx):
    for path, step in ctx.steps():
        fields = _form_field_names(ctx, step.get("form")) if step.get("form") else set()
        for index, outcome in enumerate(step.get("outcomes") or []):
            for position, name in enumerate(outcome.get("requires") or []):
                if name in fields:
                    continue
                where = path + ("outcomes", index, "requires", position)
                if not step.get("form"):
                    message = f"步骤 '{step['id']}' 没有表单，结果 '{outcome['id']}' 的 requires 不能列字段"
                    yield ctx.problem(where, message, "去掉 requires，或为该步骤指定 form")
                    continue
                message = f"结果 '{outcome['id']}' 的 requires 中 '{name}' 不是表单 '{step['form']}' 的字段"
                yield ctx.problem(where, message, did_you_mean(name, fields, label="表单字段"))


def check_outcome_conditions(ctx):
    allowed = ctx.declared_names()
    for path, step in ctx.steps():
        for index, outcome in enumerate(step.get("outcomes") or []):
            if "allowed_when" in outcome:
                yield from expression_problems(
                    ctx,
                    path + ("outcomes", index, "allowed_when"),
                    outcome["allowed_when"],
                    allowed,
                    what=f"结果 '{outcome['id']}' 的 allowed_when",
                )


def check_step_summaries(ctx):
    allowed = ctx.declared_names()
    for path, step in ctx.steps():
        for position, name in enumerate(step.get("summary") or []):
            if name not in allowed:
                message = f"步骤 '{step['id']}' 的 summary 中 '{name}' 不是案件数据"
                hint = did_you_mean(name, allowed, label="可用的数据")
                yield ctx.problem(path + ("summary", position), message, hint)


def _reference_attrs(list_key) -> set[str] | None:
    """Attribute names the items of workflows/reference/<list>.yaml carry;
    None when the file is not at hand (a list kept only in the database)."""
    try:
        from pathlib import Path

        import yaml
        from django.conf import settings

        path = Path(settings.WORKFLOWS_DIR) / "reference" / f"{list_key}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception:  # no settings, no file, or a file the loader reports itself
        return None
    names = set()
    for item in (data or {}).get("items") or []:
        names |= set((item or {}).get("attrs") or {})
    return names


def check_range_from(ctx):
    for relpath, _key, raw in ctx.forms():
        fields = {field["name"]: field for _, field, table in ctx.form_fields(raw) if table is None}
        for path, field, _table in ctx.form_fields(raw):
            spec = field.get("range_from")
            if spec is None:
                continue
            where = path + ("range_from",)
            if field["type"] not in NUMERIC:
                message = f"字段 '{field['name']}' 是 {field['type']}，range_from 只用于数值字段"
                yield ctx.problem(
                    where, message, "用于 integer / decimal / money 字段", key=True, relpath=relpath
                )
            if "min" not in spec and "max" not in spec:
                yield ctx.problem(where, "range_from 至少要写 min 或 max", relpath=relpath)
            chooser = fields.get(spec["field"])
            if chooser is None or not chooser.get("options_from"):
                message = f"range_from 的 field '{spec['field']}' 不是本表单中用 options_from 取值的选择字段"
                choices = [n for n, f in fields.items() if f.get("options_from")]
                hint = did_you_mean(spec["field"], choices, label="可用的字段")
                yield ctx.problem(where + ("field",), message, hint, relpath=relpath)
                continue
            attrs = _reference_attrs(chooser["options_from"])
            for bound in ("min", "max"):
                if bound in spec and attrs is not None and spec[bound] not in attrs:
                    message = f"参考数据 '{chooser['options_from']}' 的条目没有 attrs '{spec[bound]}'"
                    hint = did_you_mean(spec[bound], attrs, label="已有的属性")
                    yield ctx.problem(where + (bound,), message, hint, relpath=relpath)
