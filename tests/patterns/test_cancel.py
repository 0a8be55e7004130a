"""Cancel activity / region from an action; case events (withdraw)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from engine.models import Case, WorkItem
from engine.runtime.deadlines import deadlines_tick
from engine.runtime.events import case_event, events_available
from engine.runtime.services import TransitionError

from .conftest import do, open_steps

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_action_cancels_the_open_branch_and_the_join_goes_on(run, people):
    case = run("cancel_activity")
    do(case, "full_review", people["officer2"])  # the full review moved on to its second look
    assert open_steps(case) == ["fast_check", "second_look"]
    do(case, "fast_check", people["officer"], "clear")
    assert open_steps(case) == ["finish"]
    assert WorkItem.objects.get(case=case, step="second_look").status == "CANCELED"
    do(case, "finish", people["officer"])
    assert Case.objects.get(pk=case.pk).status == "DONE"


def test_without_the_cancel_the_join_waits_for_both(run, people):
    case = run("cancel_activity")
    do(case, "fast_check", people["officer"], "unclear")
    assert open_steps(case) == ["full_review"]


def test_applicant_withdraws_any_time_before_the_committee(run, people):
    case = run("withdraw")
    assert [e["id"] for e in events_available(case, people["applicant"])] == ["withdraw"]
    assert [e["id"] for e in events_available(case, people["officer"])] == ["duplicate"]
    with pytest.raises(TransitionError, match="原因"):
        case_event(case=case, user=people["applicant"], event="withdraw")
    case = case_event(case=case, user=people["applicant"], event="withdraw", comment="已找到工作")
    assert case.status == "DONE" and case.final_status == "withdrawn" and case.stage == "已撤回"
    assert open_steps(case) == []
    # the wait is cancelled too: nothing wakes later
    assert deadlines_tick(now=timezone.now() + dt.timedelta(days=10))["woken"] == 0
    assert not WorkItem.objects.filter(case=case, status__in=["NEW", "ASSIGNED"]).exists()
    event = case.events.get(action="event")
    assert event.outcome == "withdraw" and event.comment == "已找到工作"


def test_withdraw_is_not_offered_after_the_milestone(run, people):
    case = run("withdraw")
    do(case, "review", people["officer"])
    deadlines_tick(now=timezone.now() + dt.timedelta(days=10))
    assert open_steps(case) == ["committee_prep"]
    do(case, "committee_prep", people["officer"])
    assert open_steps(case) == ["committee"]
    assert events_available(case, people["applicant"]) == []
    with pytest.raises(TransitionError, match="阶段"):
        case_event(case=case, user=people["applicant"], event="withdraw", comment="晚了")
    assert open_steps(case) == ["committee"]


def test_staff_event_needs_the_role_and_the_applicant_cannot_raise_it(run, people):
    case = run("withdraw")
    with pytest.raises(PermissionDenied):
        case_event(case=case, user=people["applicant"], event="duplicate")
    with pytest.raises(PermissionDenied):
        case_event(case=case, user=people["stranger"], event="duplicate")
    case = case_event(case=case, user=people["officer"], event="duplicate")
    assert case.final_status == "duplicate" and open_steps(case) == []
