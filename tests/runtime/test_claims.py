"""Claiming, unclaiming, reassigning and who may do it."""

import pytest
from django.core.exceptions import PermissionDenied

from engine.models import Case
from engine.runtime.services import (
    TransitionError,
    case_cancel,
    task_claim,
    task_complete,
    task_reassign,
    task_unclaim,
)

from .helpers import events, open_item


def test_second_claim_gets_a_clear_message(start, people):
    item = open_item(start(), "intake")
    task_claim(task=item.task, user=people["officer"])
    with pytest.raises(TransitionError, match="已被 officer 领取"):
        task_claim(task=item.task, user=people["officer2"])


def test_other_units_and_other_roles_cannot_claim(start, people):
    item = open_item(start(), "intake")
    for outsider in ("stranger", "head", "applicant"):
        with pytest.raises(PermissionDenied):
            task_claim(task=item.task, user=people[outsider])


def test_unclaim_and_reassign(start, people):
    case = start()
    item = open_item(case, "intake")
    task_claim(task=item.task, user=people["officer"])
    assert task_unclaim(task=item.task, user=people["officer"]).status == "NEW"
    task_claim(task=item.task, user=people["officer"])
    with pytest.raises(TransitionError):
        task_reassign(task=item.task, user=people["officer"], to_user=people["head"])  # lacks the role
    moved = task_reassign(task=item.task, user=people["officer"], to_user=people["officer2"], comment="出差")
    assert moved.owner == people["officer2"]
    with pytest.raises(PermissionDenied):
        task_complete(task=item.task, user=people["officer"], outcome="accept", data={"call_note": "x"})
    assert [a for a, _, _ in events(case)][-3:] == ["unclaim", "claim", "reassign"]


def test_outcome_rules(start, people):
    item = open_item(start(), "intake")
    task_claim(task=item.task, user=people["officer"])
    with pytest.raises(TransitionError, match="无效"):
        task_complete(task=item.task, user=people["officer"], outcome="approve")
    with pytest.raises(TransitionError, match="必须填写意见"):
        task_complete(task=item.task, user=people["officer"], outcome="withdraw")
    case = task_complete(task=item.task, user=people["officer"], outcome="withdraw", comment="本人撤回")
    assert Case.objects.get(pk=case.pk).final_status == "withdrawn"
    with pytest.raises(TransitionError):
        task_complete(task=item.task, user=people["officer"], outcome="accept")


def test_cancel_closes_open_tasks(start, people):
    case = start()
    with pytest.raises(PermissionDenied):
        case_cancel(case=case, user=people["stranger"])
    case_cancel(case=case, user=people["applicant"], reason="不再需要")
    case.refresh_from_db()
    assert case.status == "CANCELED" and case.final_status == "withdrawn"
    assert not case.work_items.filter(status__in=["NEW", "ASSIGNED"]).exists()
