"""`{name}` placeholders in the case title and notification messages name
case data (or the case `number`); a typo would show as raw braces."""

from __future__ import annotations

import re
import string

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


def _names(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conversion in string.Formatter().parse(text):
        if field:
            names.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return names


def check_placeholders(ctx):
    allowed = ctx.declared_names() | RUNTIME_NAMES
    for path, text, what in _texts(ctx):
        try:
            names = _names(text)
        except ValueError:
            yield ctx.problem(
                path, f"{what} 中的 {{ }} 不成对", "占位符写成 {字段名}；要显示花括号本身请写 {{ 和 }}"
            )
            continue
        for name in sorted(names - allowed):
            message = f"{what} 中的占位符 '{{{name}}}' 不是已声明的数据"
            yield ctx.problem(path, message, did_you_mean(name, allowed, label="可用的数据"))
