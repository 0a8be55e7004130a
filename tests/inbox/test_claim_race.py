"""Two staff press 领取 on the same task at the same moment, through the web
views, on PostgreSQL (real row locks, two connections): one gets the task,
the other is told who has it, and nothing breaks."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from engine.models import WorkItem

from .helpers import item_at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _claim_at_once(users, url):
    barrier = threading.Barrier(len(users))
    pages = [None] * len(users)

    def run(index, user):
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            pages[index] = client.post(url, {"next": reverse("inbox:inbox")}, follow=True)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, u)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return pages


def test_two_staff_claim_at_once_through_the_views(start, people):
    item = item_at(start(), "intake")
    officers = [people["officer"], people["officer2"]]
    pages = _claim_at_once(officers, reverse("inbox:claim", args=[item.task_id]))
    # The rendered pages, not response.context: the test client collects
    # template contexts through a global signal, which threads would share.
    shown = [page.content.decode().split('class="messages"')[1].split("</ul>")[0] for page in pages]
    winner = WorkItem.objects.get(pk=item.pk).owner
    assert winner in officers
    loser_index = 1 - officers.index(winner)
    assert all(page.status_code == 200 for page in pages)
    assert "已领取" in shown[officers.index(winner)]
    assert f"该任务已被 {winner.display_name} 领取。" in shown[loser_index]
