from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def lines(value):
    return str(value or "").splitlines()


ACTION_LABELS = {
    "start": _("开始"),
    "complete": _("办理"),
    "claim": _("领取"),
    "vote": _("投票"),
    "vote_closed": _("表决结束"),
    "auto": _("自动处理"),
    "wake": _("等待结束"),
    "remind": _("到期提醒"),
    "escalate": _("超时升级"),
    "migrate": _("迁移版本"),
    "transfer": _("移交单位"),
    "cancel": _("撤销"),
}


@register.filter
def action_label(action):
    return ACTION_LABELS.get(action, action)


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


@register.filter
def field_changes(change):
    """(field, before, after) rows of an audit record, every field when the
    object was created, only the changed ones otherwise."""
    before, after = change.before or {}, change.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(dict.fromkeys([*before, *after]))
    return [
        (key, _plain(before.get(key)) if before else "", _plain(after.get(key)))
        for key in keys
        if not before or before.get(key) != after.get(key)
    ]


@register.filter
def plain(value):
    """{{ value|plain }}: a definition value as text (labels, lists, mappings)."""
    from engine.studio.diff import as_text

    return as_text(value)
