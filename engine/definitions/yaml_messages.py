"""PyYAML's parser and scanner messages in Chinese, for `path:line:col:`
problems an administrator can act on. The loader (engine/definitions/loader.py)
keeps choosing its hints from the English text; only what is shown changes.
Both the pure-Python parser's and libyaml's wording are listed (the loader
uses libyaml when it is there). A message not listed is shown as written."""

from __future__ import annotations

import re

# (pattern over PyYAML's text, Chinese with {0}, {1} for the captured parts)
_MESSAGES = [
    (
        r"mapping values are not allowed (?:here|in this context)",
        "这里不能出现“键: 值”（文字里的冒号要加引号）",
    ),
    (r"block sequence entries are not allowed in this context", "这里不能出现列表项 '-'（缩进可能不一致）"),
    (r"found character that cannot start any token", "出现了不能作为开头的字符（如 Tab、@、`）"),
    (r"did not find expected ',' or '\}'", "应为 ',' 或 '}}'（{{...}} 没有闭合，或文字要加引号）"),
    (r"did not find expected ',' or '\]'", "应为 ',' 或 ']'（[...] 没有闭合，或文字要加引号）"),
    (r"did not find expected comment or line break", "这里应是注释或换行"),
    (r"found incompatible YAML document", "不支持的 YAML 版本"),
    (r"could not find expected ':'", "找不到应有的冒号 ':'"),
    (r"found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    (r"found character '\\t' that cannot start any token", "出现了不能出现在这里的 Tab 字符"),
    (r"found character (.+) that cannot start any token", "出现了不能作为开头的字符 {0}"),
    (r"expected ',' or '\}', but got (.+)", "应为 ',' 或 '}}'，却出现了 {0}"),
    (r"expected ',' or '\]', but got (.+)", "应为 ',' 或 ']'，却出现了 {0}"),
    (r"did not find expected key", "没有找到应有的键（缩进可能不一致）"),
    (r"did not find expected '-' indicator", "没有找到应有的列表项 '-'（缩进可能不一致）"),
    (r"did not find expected node content", "这里缺少内容"),
    (r"expected <block end>, but found (.+)", "缩进不一致：这里出现了 {0}"),
    (r"expected the node content, but found (.+)", "这里应有内容，却出现了 {0}"),
    (r"expected a comment or a line break, but found (.+)", "这里应是注释或换行，却出现了 {0}"),
    (r"found unknown escape character", "未知的转义字符（双引号里的 \\ 要写成 \\\\，或改用单引号）"),
    (r"found unknown escape character (.+)", "未知的转义字符 {0}（双引号里的 \\ 要写成 \\\\，或改用单引号）"),
    (r"found a tab character that violates indentation", "Tab 字符破坏了缩进（请用空格）"),
    (r"found a tab character where an indentation space is expected", "这里应当用空格缩进，却出现了 Tab"),
    (r"found unexpected ':'", "出现了多余的冒号 ':'"),
    (r"expected alphabetic or numeric character, but found (.+)", "应为字母或数字，却出现了 {0}"),
    (r"found undefined alias (.+)", "引用了未定义的锚点 {0}"),
    (r"found duplicate anchor.*", "锚点重复"),
    (r"expected a single document in the stream", "一个文件只能有一个 YAML 文档（去掉多余的 ---）"),
    (r"while scanning a quoted scalar", "引号中的文字没有结束"),
    (r"while scanning a simple key", "读取键时出错"),
    (r"while parsing a block mapping", "读取映射（键: 值）时出错"),
    (r"while parsing a flow mapping", "读取 {{...}} 时出错"),
    (r"while parsing a flow sequence", "读取 [...] 时出错"),
    (r"while parsing a block collection", "读取列表时出错"),
]
_COMPILED = [(re.compile(rf"^\s*{pattern}\s*$", re.S), chinese) for pattern, chinese in _MESSAGES]


def chinese(message: str) -> str:
    """PyYAML's `problem` (or `context`) text in Chinese, or unchanged."""
    text = str(message or "").strip()
    for pattern, words in _COMPILED:
        match = pattern.match(text)
        if match:
            return words.format(*match.groups())
    return text
