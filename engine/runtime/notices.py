"""Notification texts: a key and its parameters are stored, the words are
chosen when someone reads them, in the reader's language (the in-app list
follows the request's language, an email its recipient's `User.language`).

The msgids are the Chinese texts (locale/en holds the English); a parameter
that is itself a label from the definition ({'zh': ..., 'en': ...}, such as a
step title) is stored whole and picked in the same language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from .labels import text

# key -> Chinese msgid. Keys are stored in Notification.key: rename a key
# only with a data migration; reword the msgid freely.
TEMPLATES = {
    "task_applicant": gettext_noop("您的申请 %(number)s 需要您处理：%(step)s"),
    "task_owner": gettext_noop("您有一条待办：%(case)s · %(step)s"),
    "task_role": gettext_noop("你有一条待办申请需要处理：%(case)s · %(step)s"),
    "reminder": gettext_noop("提醒：%(case)s · %(step)s 将于 %(due)s 到期"),
    "overdue": gettext_noop("超时未办：%(case)s · %(step)s"),
    "overdue_reassigned": gettext_noop("超时未办：%(case)s · %(step)s，已转由您办理"),
    "escalated_away": gettext_noop("超时未办：%(case)s · %(step)s 已转交%(role)s办理，不再由您持有"),
    "audit_broken": gettext_noop("办理记录校验未通过：%(case)s 的第 %(step)s 条记录已被改动、删除或调换顺序"),
    # The applicant's case moving on (engine/runtime/applicant_notices.py).
    "submitted": gettext_noop("您的申请 %(number)s 已提交。下一步：%(step)s，预计 %(due)s 前办理。"),
    "submitted_no_deadline": gettext_noop("您的申请 %(number)s 已提交。下一步：%(step)s。"),
    "case_stage": gettext_noop("您的申请 %(number)s 进度更新：%(stage)s"),
    "case_closed": gettext_noop("您的申请 %(number)s 已办结：%(stage)s"),
    "case_closed_reason": gettext_noop("您的申请 %(number)s 已办结：%(stage)s。说明：%(reason)s"),
    "document_ready": gettext_noop("您的申请 %(number)s 的文书已生成：%(title)s，可在申请详情中下载。"),
    # A definition's `notify:` action: the whole text is the parameter.
    "definition": "%(text)s",
}
EMAIL_SUBJECT = gettext_noop("[工会服务平台] %(number)s")
CHINESE = "zh-hans"


def _param(name, value) -> str:
    if isinstance(value, dict):
        return text(value)
    if name == "due" and isinstance(value, str):
        # Stored as an ISO instant; shown in the site's time zone.
        return f"{timezone.localtime(datetime.fromisoformat(value)):%m-%d %H:%M}"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Notice:
    key: str
    params: dict = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        """The text in `language`, or in the active language when None."""
        if language is not None:
            with translation.override(language):
                return self.render()
        values = {name: _param(name, value) for name, value in self.params.items()}
        return gettext(TEMPLATES[self.key]) % values


def notice_text(notification) -> str:
    """What a Notification row says in the active language. Rows written
    before keys existed (or with a key this code no longer knows) show their
    stored Chinese `message`."""
    if notification.key not in TEMPLATES:
        return notification.message
    try:
        return Notice(notification.key, notification.params or {}).render()
    except (KeyError, TypeError, ValueError):
        return notification.message


def email_subject(number: str, language: str) -> str:
    with translation.override(language):
        return gettext(EMAIL_SUBJECT) % {"number": number}
