"""A form's opening window: `opens` / `closes` as MM-DD (every year) or a
full date. Both ends are inclusive, in the site's time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class WindowState:
    is_open: bool
    opens: dt.date | None = None
    closes: dt.date | None = None
    today: dt.date | None = None

    @property
    def before(self) -> bool:
        """Closed because it has not opened yet (otherwise: it has closed)."""
        return not self.is_open and self.opens is not None and self.today < self.opens


def _date(value, year: int) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 5:  # MM-DD
        return dt.date(year, int(text[:2]), int(text[3:]))
    return dt.date.fromisoformat(text)


def current_date() -> dt.date:
    return timezone.localdate()


def window_state(spec: dict, today: dt.date | None = None) -> WindowState:
    window = spec.get("window") or {}
    if not window:
        return WindowState(is_open=True)
    today = today or current_date()
    opens = _date(window.get("opens"), today.year)
    closes = _date(window.get("closes"), today.year)
    is_open = not (opens and today < opens) and not (closes and today > closes)
    return WindowState(is_open, opens, closes, today)
