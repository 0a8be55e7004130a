"""Human names for places in a definition or form spec, for messages:
('steps', 3, 'outcomes', 0, 'next') -> "步骤 'assess' 的 outcomes[0].next"."""

from __future__ import annotations


def _get(data, path):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _name_of(data, path, key):
    item = _get(data, path)
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) and value else None


def _rest(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _anchor(data, path, form: bool):
    """The longest named prefix of path: (its Chinese name, the rest)."""
    best = None
    for size in range(1, len(path) + 1):
        prefix = path[:size]
        shape = tuple("#" if isinstance(p, int) else p for p in prefix)
        if form and shape[-2:] in {("fields", "#"), ("columns", "#")}:
            names = [
                _name_of(data, prefix[: i + 1], "name") for i, s in enumerate(shape) if s == "#" and i > 1
            ]
            best = ("字段 '" + ".".join(n for n in names if n) + "'", size)
        elif form and shape == ("steps", "#"):
            best = (f"页面 '{_name_of(data, prefix, 'id') or prefix[1] + 1}'", size)
        elif form and shape == ("rules", "#"):
            best = (f"第 {prefix[1] + 1} 条规则", size)
        elif not form and shape == ("steps", "#"):
            name = _name_of(data, prefix, "id")
            best = (f"步骤 '{name}'" if name else f"第 {prefix[1] + 1} 个步骤", size)
        elif not form and len(shape) == 2 and shape[0] in _SECTIONS:
            best = (f"{_SECTIONS[shape[0]]} '{prefix[1]}'", size)
    return best


_SECTIONS = {
    "roles": "角色",
    "data": "计算值",
    "sequences": "编号序列",
    "documents": "文书",
    "stages": "状态",
}


def describe(data, path, *, form: bool = False) -> str:
    path = tuple(path)
    anchor = _anchor(data, path, form)
    if anchor is None:
        return _rest(path) or "顶层"
    name, size = anchor
    rest = _rest(path[size:])
    return f"{name} 的 {rest}" if rest else name
