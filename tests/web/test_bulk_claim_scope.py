"""The bulk claim checks every task with the single claim's policy: a task
outside the user's scope (or a step that is no human task) is "not
available", with neither its holder nor its case named, and never claimed."""

from django.urls import reverse
from viewflow.workflow.models import Task

from engine.models import WorkItem
from engine.runtime.services import task_claim
from tests.inbox.helpers import item_at, messages_of


def _claim_many(client, ids):
    return client.post(reverse("inbox:claim_many"), {"task": [str(i) for i in ids]}, follow=True)


def test_task_outside_scope_is_not_available_and_names_no_holder(start, people, client):
    case = start()
    item = item_at(case, "intake")
    task_claim(task=item.task, user=people["officer"])  # held by "officer" of 禹城
    client.force_login(people["stranger"])  # an officer of another district
    response = _claim_many(client, [item.task_id])
    shown = " ".join(messages_of(response))
    assert response.status_code == 200
    assert f"#{item.task_id}：该任务不可领取。" in shown
    assert "officer" not in shown.replace("stranger", "")
    assert case.number not in response.content.decode()
    assert WorkItem.objects.get(pk=item.pk).owner == people["officer"]


def test_open_task_outside_scope_is_not_claimed(start, people, client):
    item = item_at(start(), "intake")
    client.force_login(people["stranger"])
    shown = " ".join(messages_of(_claim_many(client, [item.task_id])))
    assert "不可领取" in shown and "已领取" not in shown
    refreshed = WorkItem.objects.get(pk=item.pk)
    assert refreshed.status == "NEW" and refreshed.owner is None


def test_start_and_end_steps_are_not_available(start, people, client):
    case = start()
    not_human = Task.objects.filter(process_id=case.pk).exclude(pk__in=WorkItem.objects.values("task_id"))
    ids = list(not_human.values_list("pk", flat=True))
    assert ids, "the case has a start task with no work item"
    client.force_login(people["officer"])
    response = _claim_many(client, ids + [987654321])
    shown = messages_of(response)
    assert response.status_code == 200
    assert len(shown) == len(ids) + 1 and all("不可领取" in m for m in shown)


def test_in_scope_tasks_are_claimed_and_a_colleagues_holder_is_named(start, people, client):
    first, second = start(), start()
    taken = item_at(second, "intake")
    task_claim(task=taken.task, user=people["officer2"])
    client.force_login(people["officer"])
    shown = " ".join(messages_of(_claim_many(client, [item_at(first, "intake").task_id, taken.task_id])))
    # Inside the scope the case file names the holder anyway; so may the claim.
    assert "已领取 1 项任务。" in shown and "已被 officer2 领取" in shown


def test_malformed_ids_are_refused_with_a_message(people, client, units):
    client.force_login(people["officer"])
    for ids in (["abc"], ["9" * 40], [""], []):
        response = _claim_many(client, ids)
        assert response.status_code == 200
        assert messages_of(response), ids
