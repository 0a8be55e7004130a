"""The inbox table's rows, as HTML built in Python.

The rows are the page's hot loop: 25 rows of ~20 values each. Through the
template language each value costs a variable lookup chain, an escape and,
for dates, Django's general date formatter; that was a fifth of the whole
request's CPU (docs/benchmarks.md, http). Here every value is escaped with
`escape()` and the markup is the one templates/inbox/inbox.html had (its
table head and empty row are still there)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from engine.runtime.countdown import countdown_html

_SLOT = 987654321  # a number no URL prefix contains, replaced by each row's id

# The labels are the table head's; msgids as in the template.
LABELS = {
    "select": "选择",
    "number": "案件编号",
    "applicant": "申请人",
    "id": "身份证号",
    "step": "环节",
    "unit": "单位",
    "arrived": "到达时间",
    "finished": "办结时间",
    "due": "期限",
    "claim": "领取",
    "handle": "办理",
    "unclaim": "放回队列",
    "overdue": "已超期",
    "near": "临近到期",
}


def rows_html(items, *, tab: str) -> SafeString:
    labels = {key: escape(gettext(msgid)) for key, msgid in LABELS.items()}
    urls = _url_patterns()
    now = timezone.now()
    return mark_safe("".join(_row(item, tab, labels, urls, now) for item in items))


def _url_patterns() -> dict:
    """One reverse() per URL name for the whole page, not three per row."""
    names = {"case": "casefile:case", "claim": "inbox:claim", "unclaim": "inbox:unclaim"}
    return {key: reverse(name, args=[_SLOT]).replace(str(_SLOT), "{}") for key, name in names.items()}


def _row(item, tab: str, labels: dict, urls: dict, now=None) -> str:
    case_url = urls["case"].format(item.case_id)
    cells = []
    if tab == "queue":
        cells.append(
            f'<td><input type="checkbox" name="task" value="{item.task_id}" aria-label="{labels["select"]}"></td>'
        )
    step = escape(item.step_title)
    if item.for_other:
        step += (
            f' <small class="tag">{escape(gettext("代 %(name)s 办理") % {"name": item.for_other})}</small>'
        )
    cells += [
        f'<td data-label="{labels["number"]}"><a href="{case_url}">{escape(item.case_number)}</a></td>',
        f'<td data-label="{labels["applicant"]}">{escape(item.applicant_name)}</td>',
        f'<td data-label="{labels["id"]}" class="mono">{escape(item.masked_id)}</td>',
        f'<td data-label="{labels["step"]}">{step}</td>',
        f'<td data-label="{labels["unit"]}">{escape(item.org_unit.name)}</td>',
        f'<td data-label="{labels["arrived"]}">{_minute(item.created)}</td>',
        _when_cell(item, tab, labels, now),
        _actions_cell(item, tab, labels, urls, case_url),
    ]
    return f'<tr class="due-{item.due_state or "ok"}">{"".join(cells)}</tr>'


def _when_cell(item, tab: str, labels: dict, now=None) -> str:
    if tab == "done":
        return f'<td data-label="{labels["finished"]}">{_minute(item.finished)}</td>'
    if item.due_at is None:
        return f'<td data-label="{labels["due"]}">—</td>'
    mark = ""
    if item.due_state in ("overdue", "near"):
        mark = f' <span class="mark {item.due_state}">{labels[item.due_state]}</span>'
    left = countdown_html(item.due_at, now)
    return f'<td data-label="{labels["due"]}">{_minute(item.due_at)} {left}{mark}</td>'


def _actions_cell(item, tab: str, labels: dict, urls: dict, case_url: str) -> str:
    if tab == "queue":
        claim = urls["claim"].format(item.task_id)
        return (
            f'<td class="actions"><button type="submit" formaction="{claim}">{labels["claim"]}</button></td>'
        )
    if tab == "mine":
        unclaim = urls["unclaim"].format(item.task_id)
        return (
            f'<td class="actions"><a class="button" href="{case_url}#task-{item.task_id}">{labels["handle"]}</a>'
            f' <button type="submit" class="link" formaction="{unclaim}">{labels["unclaim"]}</button></td>'
        )
    return '<td class="actions"></td>'


def _minute(value) -> str:
    """The text of `|date:"Y-m-d H:i"` in the current time zone."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
