"""Labels in definitions are {'zh': ..., 'en': ...}; pick the active language."""

from django.utils.translation import get_language


def text(label, lang: str | None = None) -> str:
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    lang = lang or get_language() or "zh-hans"
    if lang.startswith("en") and label.get("en"):
        return label["en"]
    return label.get("zh") or label.get("en") or ""
