"""Resource patterns: four-eyes, retain familiar, round robin, shortest
queue, interleaved (one at a time)."""

import pytest

from engine.inbox.scope import scope_of
from engine.models import RoleAssignment, User, WorkItem
from engine.runtime.services import TransitionError, task_claim, task_complete, task_reassign

from .conftest import do, item_at, open_steps

pytestmark = pytest.mark.django_db(transaction=True)


def _queue(user):
    return set(WorkItem.objects.filter(scope_of(user).tab("queue")).values_list("step", flat=True))


def test_four_eyes_refuses_the_approver_with_a_clear_message(run, people):
    case = run("four_eyes")
    do(case, "approve", people["officer"])
    pay = item_at(case, "pay")
    assert "pay" not in _queue(people["officer"])  # not offered to the approver
    assert "pay" in _queue(people["officer2"])
    with pytest.raises(TransitionError, match="四眼原则.*审批"):
        task_claim(task=pay.task, user=people["officer"])
    with pytest.raises(TransitionError, match="四眼原则"):
        task_complete(task=pay.task, user=people["officer"], outcome="done")
    with pytest.raises(TransitionError, match="四眼原则"):
        task_reassign(task=pay.task, user=people["officer2"], to_user=people["officer"])
    do(case, "pay", people["officer2"])
    assert WorkItem.objects.get(case=case, step="pay").completed_by == people["officer2"]


def test_retain_familiar_gives_the_follow_up_to_the_same_person(run, people):
    case = run("four_eyes")
    do(case, "approve", people["officer"])
    do(case, "pay", people["officer2"])
    follow_up = item_at(case, "follow_up")
    assert follow_up.status == "ASSIGNED" and follow_up.owner == people["officer2"]
    task_complete(task=follow_up.task, user=people["officer2"], outcome="done")
    receipt = item_at(case, "receipt")  # same_as: previous
    assert receipt.owner == people["officer2"]


def test_round_robin_takes_turns_and_shortest_queue_picks_the_least_busy(run, people, units):
    first, second, third = (run("allocation") for _ in range(3))
    owners = [item_at(case, "intake").owner for case in (first, second, third)]
    assert owners[0] != owners[1] and owners[2] == owners[0]
    assert {owners[0], owners[1]} == {people["officer"], people["officer2"]}
    do(first, "intake", owners[0])
    do(second, "intake", owners[1])
    reviewers = [item_at(case, "review").owner for case in (first, second)]
    assert len(set(reviewers)) == 2  # the second went to someone with an empty list
    busy = {reviewers[0], reviewers[1]}
    do(third, "intake", owners[2])
    third_reviewer = item_at(third, "review").owner
    assert third_reviewer not in busy  # m1/m2/m3: the one still with no task
    assert open_steps(third) == ["review"]


def test_interleaved_steps_are_held_one_at_a_time(run, people):
    case = run("interleaved")
    a, b = item_at(case, "check_a"), item_at(case, "check_b")
    task_claim(task=a.task, user=people["officer"])
    with pytest.raises(TransitionError, match="查档案.*一次只能办理一项"):
        task_claim(task=b.task, user=people["officer2"])
    task_complete(task=a.task, user=people["officer"], outcome="done")
    task_claim(task=b.task, user=people["officer2"])
    task_complete(task=b.task, user=people["officer2"], outcome="done")
    assert open_steps(case) == []


def test_allocation_skips_people_who_lost_the_role(run, people, units):
    RoleAssignment.objects.filter(user=people["officer2"]).delete()
    cases = [run("allocation") for _ in range(2)]
    assert {item_at(case, "intake").owner for case in cases} == {people["officer"]}
    assert User.objects.filter(pk=people["officer2"].pk).exists()
