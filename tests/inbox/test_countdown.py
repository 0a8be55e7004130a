"""The countdown beside a deadline: minutes, then hours, then days; time
past the deadline reads 已超."""

import datetime as dt

from django.utils import translation

from engine.runtime.countdown import countdown

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def after(**delta):
    return NOW + dt.timedelta(**delta)


def test_minutes_hours_and_days_left():
    assert countdown(after(minutes=30), NOW) == ("剩余 30 分钟", "left")
    assert countdown(after(seconds=20), NOW) == ("剩余 1 分钟", "left")  # never 0 while time is left
    assert countdown(after(minutes=119), NOW)[0] == "剩余 119 分钟"
    assert countdown(after(hours=5, minutes=40), NOW)[0] == "剩余 5 小时"
    assert countdown(after(days=4, hours=3), NOW)[0] == "剩余 4 天"


def test_past_the_deadline():
    assert countdown(after(minutes=-12), NOW) == ("已超 12 分钟", "over")
    assert countdown(after(hours=-30), NOW)[0] == "已超 30 小时"
    assert countdown(after(days=-3), NOW)[0] == "已超 3 天"
    assert countdown(None, NOW) == ("", "")


def test_english():
    with translation.override("en"):
        assert countdown(after(minutes=30), NOW)[0] == "30 min left"
        assert countdown(after(days=-3), NOW)[0] == "3 days overdue"
