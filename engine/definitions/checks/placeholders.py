"""`{name}` placeholders in the case title and notification messages name
case data (or the case `number`); a typo would show as raw braces."""

from __future__ import annotations

from engine.expressions import PlaceholderError, placeholder_names, sequence_format_check

from ..problems import did_you_mean

RUNTIME_NAMES = {"number"}  # filled in by the runtime, not by a form


def _texts(ctx):
    """(path, text, what) for every text that takes placeholders."""
    if isinstance(ctx.raw.get("case_title"), str):
        yield ("case_title",), ctx.raw["case_title"], "case_title"
    for path, step in ctx.steps():
        for index, action in enumerate(step.get("actions") or []):
            message = action.get("message")
            texts = message.values() if isinstance(message, dict) else [message]
            for text in texts:
                if isinstance(text, str):
                    yield path + ("actions", index, "message"), text, f"步骤 '{step['id']}' 的通知"


def check_placeholders(ctx):
    allowed = ctx.declared_names() | RUNTIME_NAMES
    for path, text, what in _texts(ctx):
        try:
            names = set(placeholder_names(text))
        except PlaceholderError as exc:
            hint = "占位符只能写成 {字段名}（不带格式、属性或下标）；要显示花括号本身请写 {{ 和 }}"
            yield ctx.problem(path, f"{what} 中的占位符有误：{exc}", hint)
            continue
        for name in sorted(names - allowed):
            message = f"{what} 中的占位符 '{{{name}}}' 不是已声明的数据"
            yield ctx.problem(path, message, did_you_mean(name, allowed, label="可用的数据"))


def check_sequence_formats(ctx):
    for key, spec in (ctx.raw.get("sequences") or {}).items():
        if not isinstance(spec, dict) or "format" not in spec:
            continue
        try:
            sequence_format_check(spec["format"])
        except PlaceholderError as exc:
            hint = "编号格式可用 {n}、{n:03d}（补零到 3 位）、{year}、{unit_short}、{unit}、{unit_code}"
            yield ctx.problem(("sequences", key, "format"), f"编号序列 '{key}' 的格式有误：{exc}", hint)
