import datetime as dt

from django.urls import reverse
from django.utils import timezone

from engine.models import Delegation, WorkItem

from .conftest import VALID_ID
from .helpers import item_at, messages_of


def test_inbox_page_shows_tabs_counts_and_masked_ids(case, people, login):
    response = login(people["officer"]).get(reverse("inbox:inbox") + "?tab=queue")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-tab="queue">1<' in html and 'data-tab="mine">0<' in html
    assert "1101**********002X" in html and VALID_ID not in html
    assert case.number in html


def test_two_staff_claim_the_same_task_one_wins_the_other_is_told(case, people, client):
    item = item_at(case, "intake")
    url = reverse("inbox:claim", args=[item.task_id])
    client.force_login(people["officer"])
    first = client.post(url, {"next": reverse("inbox:inbox")}, follow=True)
    assert "已领取" in " ".join(messages_of(first))
    client.force_login(people["officer2"])
    second = client.post(url, {"next": reverse("inbox:inbox")}, follow=True)
    assert second.status_code == 200
    assert "该任务已被 officer 领取。" in messages_of(second)
    assert "该任务已被 officer 领取。" in second.content.decode()
    assert WorkItem.objects.get(pk=item.pk).owner == people["officer"]


def test_bulk_claim_claims_each_and_reports_the_taken(start, people, client):
    first, second = start(), start()
    taken = item_at(second, "intake")
    client.force_login(people["officer2"])
    client.post(reverse("inbox:claim", args=[taken.task_id]))
    client.force_login(people["officer"])
    ids = [item_at(first, "intake").task_id, taken.task_id]
    response = client.post(reverse("inbox:claim_many"), {"task": ids}, follow=True)
    shown = " ".join(messages_of(response))
    assert "已领取 1 项任务。" in shown and "已被 officer2 领取" in shown
    assert item_at(first, "intake").owner == people["officer"]


def test_unclaim_returns_task_to_queue(case, people, login):
    client = login(people["officer"])
    item = item_at(case, "intake")
    client.post(reverse("inbox:claim", args=[item.task_id]))
    client.post(reverse("inbox:unclaim", args=[item.task_id]))
    item.refresh_from_db()
    assert item.status == "NEW" and item.owner is None


def test_reassign_to_colleague_from_case_file(case, people, login):
    client = login(people["officer"])
    item = item_at(case, "intake")
    client.post(reverse("inbox:claim", args=[item.task_id]))
    page = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert f'value="{people["officer2"].pk}"' in page  # offered as a colleague
    client.post(
        reverse("casefile:reassign", args=[case.pk, item.task_id]), {"to_user": people["officer2"].pk}
    )
    assert item_at(case, "intake").owner == people["officer2"]


def test_reassign_to_someone_without_the_role_is_refused_with_a_message(case, people, login):
    client = login(people["officer"])
    item = item_at(case, "intake")
    client.post(reverse("inbox:claim", args=[item.task_id]))
    response = client.post(
        reverse("casefile:reassign", args=[case.pk, item.task_id]),
        {"to_user": people["head"].pk},
        follow=True,
    )
    assert "不具备办理该任务的角色" in " ".join(messages_of(response))
    assert item_at(case, "intake").owner == people["officer"]


def test_delegation_lets_a_colleague_work_my_tasks(case, people, login):
    client = login(people["officer"])
    item = item_at(case, "intake")
    client.post(reverse("inbox:claim", args=[item.task_id]))
    today = timezone.localdate()
    response = client.post(
        reverse("inbox:delegations"),
        {"delegate": people["officer2"].pk, "starts": today, "ends": today + dt.timedelta(days=3)},
    )
    assert response.status_code == 302
    assert Delegation.objects.filter(user=people["officer"], delegate=people["officer2"]).exists()
    client = login(people["officer2"])
    html = client.get(reverse("inbox:inbox")).content.decode()
    assert "代 officer 办理" in html
    response = client.post(
        reverse("casefile:decide", args=[case.pk, item.task_id]), {"outcome": "accept", "call_note": "代办"}
    )
    assert response.status_code == 302
    done = WorkItem.objects.get(pk=item.pk)
    assert done.status == "DONE" and done.completed_by == people["officer2"]


def test_delegation_to_someone_outside_my_units_is_refused(people, login):
    client = login(people["officer"])
    today = timezone.localdate()
    response = client.post(
        reverse("inbox:delegations"), {"delegate": people["stranger"].pk, "starts": today, "ends": today}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Delegation.objects.exists()


def test_filter_form_narrows_list_and_counts(start, people, login):
    first, second = start(), start(name="钱某")
    client = login(people["officer"])
    url = reverse("inbox:inbox")
    html = client.get(
        url, {"tab": "queue", "q": "钱", "step": "all_kinds:intake", "sort": "age"}
    ).content.decode()
    assert second.number in html and first.number not in html
    assert 'data-tab="queue">1<' in html
    html = client.get(url, {"tab": "queue", "due": "overdue"}).content.decode()
    assert 'data-tab="queue">0<' in html and "没有任务。" in html
    html = client.get(url, {"tab": "queue", "process": "all_kinds", "due": "today"}).content.decode()
    due_today = timezone.localtime(item_at(first, "intake").due_at).date() == timezone.localdate()
    assert (first.number in html) == due_today  # intake is due 30 minutes after it arrived


def test_capped_count_is_shown_with_a_plus(start, people, login, monkeypatch):
    from engine.inbox import selectors

    start(), start()
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    html = login(people["officer"]).get(reverse("inbox:inbox")).content.decode()
    assert 'data-tab="queue">2+<' in html and 'data-tab="mine">0<' in html


def test_a_bad_filter_value_drops_only_that_filter(start, people, login):
    first, second = start(), start(name="钱某")
    html = (
        login(people["officer"])
        .get(reverse("inbox:inbox"), {"tab": "queue", "q": "钱", "created_from": "not-a-date"})
        .content.decode()
    )
    assert second.number in html and first.number not in html
