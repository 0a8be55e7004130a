"""Durations as written in definitions: `30 minutes`, `5 working days`,
`6 个月`. Parsed once, here, for the checks and for the runtime."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = ("minutes", "hours", "days", "working_days", "weeks", "months")

# Every accepted spelling -> canonical unit. Keys are compared lowercased with
# spaces, underscores and hyphens removed.
_SPELLINGS = {
    "minutes": ["minute", "minutes", "min", "mins", "分钟", "分"],
    "hours": ["hour", "hours", "h", "hr", "hrs", "小时", "个小时", "钟头", "个钟头"],
    "days": ["day", "days", "d", "天", "日", "自然日", "个自然日"],
    "working_days": [
        "workingday",
        "workingdays",
        "workday",
        "workdays",
        "businessday",
        "businessdays",
        "工作日",
        "个工作日",
    ],
    "weeks": ["week", "weeks", "w", "周", "个周", "星期", "个星期", "礼拜", "个礼拜"],
    "months": ["month", "months", "月", "个月"],
}
_LOOKUP = {spelling: unit for unit, spellings in _SPELLINGS.items() for spelling in spellings}
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_PATTERN = re.compile(r"^\s*(?P<amount>\d+|[零一二两三四五六七八九十]+)\s*(?P<unit>.+?)\s*$")


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount} {self.unit.replace('_', ' ')}"


def _chinese_number(text: str) -> int:
    """一 .. 九十九, enough for durations (三十 分钟, 十五 天)."""
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(text)
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def parse_duration(text) -> Duration:
    """'30 minutes' -> Duration(30, 'minutes'). Raises ValueError (Chinese
    message) for anything else."""
    example = "例如 30 minutes、2 hours、5 working days、6 个月"
    if not isinstance(text, str):
        raise ValueError(f"时长必须写成文字，{example}")
    match = _PATTERN.match(text)
    if not match:
        raise ValueError(f"无法识别的时长 '{text}'，{example}")
    unit = _LOOKUP.get(re.sub(r"[\s_\-]", "", match["unit"]).lower())
    if unit is None:
        units = "minutes, hours, days, working days, weeks, months, 分钟, 小时, 天, 个工作日, 周, 个月"
        raise ValueError(f"无法识别的时间单位 '{match['unit']}'，可用：{units}")
    try:
        amount = int(match["amount"]) if match["amount"].isdigit() else _chinese_number(match["amount"])
    except (KeyError, ValueError):
        raise ValueError(f"无法识别的数量 '{match['amount']}'，{example}") from None
    if amount <= 0:
        raise ValueError(f"时长必须大于 0：'{text}'")
    return Duration(amount, unit)
