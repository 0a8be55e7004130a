"""Runtime messages (TransitionError texts, flash messages, plurals) come
out in the language of the request."""

import pytest
from django.urls import reverse
from django.utils import translation

from engine.models import WorkItem
from engine.runtime.services import TransitionError, task_claim


def _intake(case):
    return WorkItem.objects.get(case=case, step="intake", status__in=["NEW", "ASSIGNED"])


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_transition_error_in_english(case, people):
    task_claim(task=_intake(case).task, user=people["officer"])
    with translation.override("en"), pytest.raises(TransitionError) as error:
        task_claim(task=_intake(case).task, user=people["officer2"])
    assert str(error.value) == "This task has already been claimed by officer."


def test_transition_error_in_chinese_by_default(case, people):
    task_claim(task=_intake(case).task, user=people["officer"])
    with pytest.raises(TransitionError) as error:
        task_claim(task=_intake(case).task, user=people["officer2"])
    assert str(error.value) == "该任务已被 officer 领取。"


def test_refused_claim_is_reported_in_english_over_http(english, case, people):
    url = reverse("inbox:claim", args=[_intake(case).task_id])
    english.force_login(people["officer"])
    first = english.post(url, {"next": reverse("inbox:inbox")}, follow=True)
    assert any(m.startswith("Claimed: ") for m in _messages(first))
    english.force_login(people["officer2"])
    second = english.post(url, {"next": reverse("inbox:inbox")}, follow=True)
    assert "This task has already been claimed by officer." in _messages(second)
    assert "领取" not in second.content.decode()


@pytest.mark.parametrize("count, text", [(1, "Claimed 1 task."), (2, "Claimed 2 tasks.")])
def test_bulk_claim_message_uses_english_plural(english, start, people, count, text):
    tasks = [_intake(start()).task_id for _ in range(count)]
    english.force_login(people["officer"])
    response = english.post(
        reverse("inbox:claim_many"), {"task": tasks, "next": reverse("inbox:inbox")}, follow=True
    )
    assert text in _messages(response)


def test_bulk_claim_message_in_chinese_by_default(client, start, people):
    tasks = [_intake(start()).task_id for _ in range(2)]
    client.force_login(people["officer"])
    response = client.post(reverse("inbox:claim_many"), {"task": tasks}, follow=True)
    assert "已领取 2 项任务。" in _messages(response)


def test_model_choice_labels_follow_the_active_language():
    from engine.models.cases import Ballot

    with translation.override("en"):
        assert [str(label) for label in Ballot.Choice.labels] == ["For", "Against", "Abstain"]
    with translation.override("zh-hans"):
        assert str(Ballot.Choice.labels[0]) == "赞成"
