"""`{name}` placeholders in case titles and notification messages, read and
filled by the engine itself.

Python's str.format would take `{name:>999999999}` (a gigabyte of padding)
or `{name.__class__.__mro__}` (attribute walking) from the text; here a
placeholder is a brace, a data name, a brace, and nothing else. `{{` and `}}`
write a brace. Validation refuses anything else at its line; at run time a
malformed placeholder is shown as written, never interpreted."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from .limits import ExpressionError

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
MAX_VALUE = 1000  # characters of one filled-in value
MAX_RESULT = 10_000


class PlaceholderError(ExpressionError):
    """A placeholder text that is not `{name}` / `{{` / `}}`."""


def _pieces(text: str, *, strict: bool):
    """('text', literal) and ('name', name) pieces. Strict: raise for a bad
    brace; lenient: keep a bad brace as literal text."""
    index, size = 0, len(text)
    literal: list[str] = []
    while index < size:
        char = text[index]
        if char in "{}" and text.startswith(char * 2, index):
            literal.append(char)
            index += 2
            continue
        if char == "}":
            if strict:
                raise PlaceholderError("{ } 不成对：有单独的 }")
            literal.append(char)
            index += 1
            continue
        if char != "{":
            literal.append(char)
            index += 1
            continue
        end = text.find("}", index + 1)
        inside = text[index + 1 : end] if end != -1 else None
        if inside is not None and NAME.fullmatch(inside):
            if literal:
                yield "text", "".join(literal)
                literal = []
            yield "name", inside
            index = end + 1
            continue
        if strict and inside is None:
            raise PlaceholderError(f"{{ }} 不成对：{text[index : index + 20]} 缺少 }}")
        if strict:
            raise PlaceholderError(f"占位符 {{{inside[:40]}}} 无效")
        literal.append(char)
        index += 1
    if literal:
        yield "text", "".join(literal)


def placeholder_names(text: str) -> list[str]:
    """Names of the placeholders in text, in order; PlaceholderError when a
    brace is not part of `{name}`, `{{` or `}}`."""
    return [value for kind, value in _pieces(text, strict=True) if kind == "name"]


def shown(value) -> str:
    """A case value as text in a message."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = format(value, "f")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, list | tuple):
        text = "、".join(shown(item) for item in value[:50] if not isinstance(item, dict | list))
    elif isinstance(value, dict):
        text = ""
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def placeholder_fill(text: str, values) -> str:
    """Fill `{name}` from values (a mapping); a name with no value, and any
    malformed brace, stays as written."""
    out: list[str] = []
    total = 0
    for kind, value in _pieces(str(text), strict=False):
        if kind == "name":
            piece = shown(values[value]) if value in values else "{" + value + "}"
        else:
            piece = value
        total += len(piece)
        if total > MAX_RESULT:
            break
        out.append(piece)
    return "".join(out)


# --- official-number formats: "{unit_short}困〔{year}〕{n:03d}号" ----------
# The one place a width is allowed: a zero-padded sequence number.

SEQUENCE_NAMES = ("n", "year", "unit_short", "unit", "unit_code")
_SEQUENCE = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::(0?)(\d{1,2})d)?\}|[{}]")


def _sequence_pieces(template: str, *, strict: bool):
    position = 0
    for match in _SEQUENCE.finditer(template):
        if match.start() > position:
            yield "text", template[position : match.start()], None
        position = match.end()
        token = match.group(0)
        if token in ("{{", "}}"):
            yield "text", token[0], None
        elif match.group(1) and match.group(1) in SEQUENCE_NAMES:
            name, zero, width = match.group(1), match.group(2), match.group(3)
            if width and name != "n":
                if strict:
                    raise PlaceholderError(f"只有 {{n}} 可以写宽度：{token}")
                yield "text", token, None
                continue
            yield "name", name, (zero or "", int(width)) if width else None
        elif strict:
            raise PlaceholderError(
                f"编号格式中的 {token} 无效（可用 {', '.join(SEQUENCE_NAMES)}，以及 {{n:03d}}）"
            )
        else:
            yield "text", token, None
    if position < len(template):
        yield "text", template[position:], None


def sequence_format_check(template: str) -> None:
    """PlaceholderError for anything but {n}, {n:03d}, {year}, {unit_short},
    {unit}, {unit_code}, {{ and }}."""
    if not isinstance(template, str):
        raise PlaceholderError("编号格式应为文字")
    for _piece in _sequence_pieces(template, strict=True):
        pass


def sequence_format(template: str, values: dict) -> str:
    out = []
    for kind, value, spec in _sequence_pieces(str(template), strict=False):
        if kind == "text":
            out.append(value)
            continue
        text = shown(values.get(value))
        if spec:
            zero, width = spec
            text = text.rjust(width, "0" if zero else " ")
        out.append(text)
    return "".join(out)[:MAX_VALUE]
