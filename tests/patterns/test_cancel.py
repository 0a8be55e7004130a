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


def test_withdraw_button_on_the_applicant_page_and_its_post(run, people, client):
    case = run("withdraw")
    client.force_login(people["applicant"])
    page = client.get(_portal_url(case)).content.decode()
    url = f"/cases/{case.pk}/events/withdraw/"
    assert "撤回申请" in page and url in page
    # no confirmation ticked: refused with a message, nothing cancelled
    response = client.post(url, {"comment": "不需要了"}, follow=True)
    assert "请勾选确认" in response.content.decode()
    assert open_steps(case) == ["review"]
    client.post(url, {"comment": "不需要了", "confirm": "1"})
    case = Case.objects.get(pk=case.pk)
    assert case.final_status == "withdrawn" and open_steps(case) == []
    # afterwards the button is gone, and a second post is refused, not a 500
    assert url not in client.get(_portal_url(case)).content.decode()
    assert client.post(url, {"comment": "x", "confirm": "1"}).status_code == 302


def test_staff_see_their_event_in_the_case_file_and_strangers_get_404(run, people, client):
    case = run("withdraw")
    client.force_login(people["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/events/duplicate/" in page and "/events/withdraw/" not in page
    client.force_login(people["stranger"])
    assert client.post(f"/cases/{case.pk}/events/duplicate/", {}).status_code == 404
    assert client.get(f"/cases/{case.pk}/events/duplicate/").status_code in (302, 405)


def _portal_url(case):
    from django.urls import reverse

    return reverse("portal:case", args=[case.pk])


def test_workflows_tick_now_moves_the_clock(run, people):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    case = run("withdraw")
    do(case, "review", people["officer"])
    later = (timezone.localtime() + dt.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    with pytest.raises(CommandError, match="不是日期时间"):
        call_command("workflows", "tick", "--now", "2025-13-45")
    call_command("workflows", "tick", stdout=StringIO())
    assert open_steps(case) == []  # three days have not passed
    call_command("workflows", "tick", "--now", later, stdout=StringIO())
    assert open_steps(case) == ["committee_prep"]
