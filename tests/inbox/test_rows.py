"""The inbox rows built in Python (engine.inbox.rows): escaped values, the
links and marks of each tab, the delegation tag."""

from django.urls import reverse
from django.utils import timezone

from engine.models import Delegation
from engine.runtime.services import task_claim

from .helpers import item_at


def _tbody(response) -> str:
    html = response.content.decode()
    return html[html.index("<tbody>") : html.index("</tbody>")]


def test_values_are_escaped_and_queue_rows_offer_claim(start, people, login):
    case = start(name="<script>x</script>")
    item = item_at(case, "intake")
    body = _tbody(login(people["officer"]).get(reverse("inbox:inbox"), {"tab": "queue"}))
    assert "<script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body
    assert f'formaction="{reverse("inbox:claim", args=[item.task_id])}"' in body
    assert f'value="{item.task_id}"' in body  # the bulk-claim checkbox
    assert f'href="{reverse("casefile:case", args=[case.pk])}"' in body
    assert "1101**********002X" in body
    created = timezone.localtime(item.created).strftime("%Y-%m-%d %H:%M")
    assert f'<td data-label="到达时间">{created}</td>' in body


def test_mine_rows_link_to_the_task_and_show_the_delegation(case, people, login):
    officer, officer2 = people["officer"], people["officer2"]
    task_claim(task=item_at(case, "intake").task, user=officer)
    today = timezone.localdate()
    Delegation.objects.create(user=officer, delegate=officer2, starts=today, ends=today)
    item = item_at(case, "intake")
    body = _tbody(login(officer2).get(reverse("inbox:inbox")))
    assert f'href="{reverse("casefile:case", args=[case.pk])}#task-{item.task_id}"' in body
    assert f'formaction="{reverse("inbox:unclaim", args=[item.task_id])}"' in body
    assert '<small class="tag">代 officer 办理</small>' in body


def test_empty_tab_says_so(people, login):
    body = _tbody(login(people["officer"]).get(reverse("inbox:inbox"), {"tab": "done"}))
    assert "没有任务。" in body and "<a " not in body
