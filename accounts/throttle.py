"""Request limits kept in Django's cache (Redis in production, so every
worker counts together): a key allows `limit` hits per `window` seconds and
says how long to wait when it is used up."""

from __future__ import annotations

import math
import time

from django.core.cache import cache


class Throttled(Exception):
    def __init__(self, wait: int):
        super().__init__(wait)
        self.wait = max(1, int(wait))


def throttle_hit(key: str, *, limit: int, window: int) -> None:
    """Count one hit on `key`; raise Throttled(wait seconds) if the window's
    limit is already reached (the refused hit is not counted)."""
    now = time.time()
    cache_key = f"throttle:{key}"
    hits = [t for t in (cache.get(cache_key) or []) if t > now - window]
    if len(hits) >= limit:
        raise Throttled(math.ceil(hits[0] + window - now))
    hits.append(now)
    cache.set(cache_key, hits, timeout=window)


def wait_text(seconds: int) -> str:
    """'45 秒' / '3 分钟' in the active language."""
    from django.utils.translation import gettext as _

    if seconds <= 90:
        return _("%(n)s 秒") % {"n": seconds}
    return _("%(n)s 分钟") % {"n": math.ceil(seconds / 60)}
