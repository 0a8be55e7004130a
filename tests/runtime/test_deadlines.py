"""Deadlines: computed at task creation, reminders before, escalation after."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from engine.models import Holiday, Notification
from engine.runtime.deadlines import deadlines_tick
from engine.runtime.services import task_claim
from engine.runtime.timing import add_duration, add_working_days

from .helpers import events, open_item


def test_due_time_is_thirty_minutes_after_creation(start):
    case = start()
    item = open_item(case, "intake")
    assert item.due_at - item.created == dt.timedelta(minutes=30)
    assert item.due_at - item.remind_at == dt.timedelta(minutes=10)
    assert not item.is_overdue


def test_reminder_then_escalation_reassigns_to_the_head(start, people):
    case = start()
    item = open_item(case, "intake")
    task_claim(task=item.task, user=people["officer"])

    assert deadlines_tick(now=item.created + dt.timedelta(minutes=5)) == {
        "reminded": 0,
        "escalated": 0,
        "votes_closed": 0,
        "woken": 0,
    }
    assert deadlines_tick(now=item.created + dt.timedelta(minutes=21))["reminded"] == 1
    assert Notification.objects.filter(user=people["officer"], message__startswith="提醒").exists()

    assert deadlines_tick(now=item.created + dt.timedelta(minutes=31))["escalated"] == 1
    item.refresh_from_db()
    assert item.escalated and item.role == "head" and item.owner is None and item.status == "NEW"
    assert Notification.objects.filter(user=people["head"], message__contains="超时未办").exists()
    with pytest.raises(PermissionDenied):
        task_claim(task=item.task, user=people["officer"])
    assert task_claim(task=item.task, user=people["head"]).owner == people["head"]
    assert ("escalate", "intake", "reassign") in events(case)
    # a second sweep does not escalate again
    assert deadlines_tick(now=item.created + dt.timedelta(minutes=90))["escalated"] == 0


@pytest.mark.django_db
def test_working_days_skip_weekends_and_holidays_and_honour_make_up_days():
    friday = timezone.make_aware(dt.datetime(2026, 9, 25, 10, 0))  # a Friday
    assert add_working_days(friday, 1).date() == dt.date(2026, 9, 28)  # Monday
    Holiday.objects.create(date=dt.date(2026, 9, 28), name="假日")
    assert add_working_days(friday, 1).date() == dt.date(2026, 9, 29)
    Holiday.objects.create(date=dt.date(2026, 9, 27), is_working_day=True, name="调休")
    assert add_working_days(friday, 1).date() == dt.date(2026, 9, 27)
    assert add_duration(friday, "5 working days").time() == dt.time(10, 0)


@pytest.mark.django_db
def test_month_durations_clamp_to_the_month_end():
    moment = timezone.make_aware(dt.datetime(2026, 8, 31, 9, 0))
    assert add_duration(moment, "6 months").date() == dt.date(2027, 2, 28)


def test_a_sweep_limited_to_one_case_leaves_the_others_alone(start):
    """The studio's dry run sweeps its own case only (deadlines_tick(case=))."""
    mine, other = start(), start()
    later = open_item(mine, "intake").created + dt.timedelta(minutes=31)
    assert deadlines_tick(now=later, case=mine)["escalated"] == 1
    assert open_item(mine, "intake").escalated
    assert not open_item(other, "intake").escalated
    assert deadlines_tick(now=later)["escalated"] == 1  # the other one, now


@pytest.mark.django_db
def test_working_days_follow_the_national_calendar_with_local_overrides():
    tz = dt.timezone(dt.timedelta(hours=8))
    # 2025-09-30 (Tue) + 1 working day: 10-01 to 10-08 are off (the library knows)
    start = dt.datetime(2025, 9, 30, 10, 0, tzinfo=tz)
    assert timezone.localtime(add_working_days(start, 1)).date() == dt.date(2025, 10, 9)
    # 10-11 (Sat) is a 调休 working day: 10-10 + 1 working day is that Saturday
    friday = dt.datetime(2025, 10, 10, 10, 0, tzinfo=tz)
    assert timezone.localtime(add_working_days(friday, 1)).date() == dt.date(2025, 10, 11)
    # a local holiday on 10-09 (the union's own calendar, a Holiday row) pushes it on
    Holiday.objects.create(date=dt.date(2025, 10, 9), name="本地调整")
    assert timezone.localtime(add_working_days(start, 1)).date() == dt.date(2025, 10, 10)
    # beyond the library's years: Monday to Friday
    assert add_working_days(dt.datetime(2031, 1, 3, 10, 0, tzinfo=tz), 1).date() == dt.date(2031, 1, 6)
