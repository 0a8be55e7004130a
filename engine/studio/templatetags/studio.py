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
    "cancel": _("撤销"),
}


@register.filter
def action_label(action):
    return ACTION_LABELS.get(action, action)
