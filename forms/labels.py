"""Labels in specs are plain text or {'zh': .., 'en': ..}; pick the one for
the active language, falling back to whichever exists."""

from django.utils.translation import get_language


def current_language() -> str:
    return "en" if (get_language() or "").lower().startswith("en") else "zh"


def text(value, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, dict):
        chosen = value.get(current_language()) or value.get("zh") or value.get("en")
        return str(chosen) if chosen else default
    return str(value)
