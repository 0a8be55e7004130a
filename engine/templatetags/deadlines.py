"""{% load deadlines %}{{ item.due_at|countdown }} -> 剩余 25 分钟 beside a deadline."""

from django import template

from engine.runtime.countdown import countdown_html

register = template.Library()


@register.filter
def countdown(due_at):
    return countdown_html(due_at)
