"""Time left before a deadline, as staff read it beside the deadline:
剩余 25 分钟 / 已超 3 小时 / 剩余 2 天. Minutes below two hours, hours below
two days, days above; always whole units, rounded towards the deadline so
"剩余 0 分钟" never shows while time is left."""

from __future__ import annotations

import math

from django.utils import timezone
from django.utils.translation import gettext as _

_MINUTE, _HOUR, _DAY = 60, 3600, 86400


def countdown(due_at, now=None) -> tuple[str, str]:
    """(text, state) for a deadline; state is "left" or "over"; ("", "")
    without a deadline."""
    if due_at is None:
        return "", ""
    seconds = (due_at - (now or timezone.now())).total_seconds()
    over = seconds < 0
    seconds = abs(seconds)
    if seconds < 2 * _HOUR:
        minutes = int(seconds // _MINUTE) if over else math.ceil(seconds / _MINUTE)
        n, unit = max(1, minutes), "minute"
    elif seconds < 2 * _DAY:
        n, unit = int(seconds // _HOUR), "hour"
    else:
        n, unit = int(seconds // _DAY), "day"
    texts = {
        ("minute", False): _("剩余 %(n)d 分钟"),
        ("hour", False): _("剩余 %(n)d 小时"),
        ("day", False): _("剩余 %(n)d 天"),
        ("minute", True): _("已超 %(n)d 分钟"),
        ("hour", True): _("已超 %(n)d 小时"),
        ("day", True): _("已超 %(n)d 天"),
    }
    return texts[(unit, over)] % {"n": n}, "over" if over else "left"


def countdown_html(due_at, now=None) -> str:
    from django.utils.html import format_html

    text, state = countdown(due_at, now)
    if not text:
        return ""
    return format_html('<span class="countdown {}">{}</span>', state, text)
