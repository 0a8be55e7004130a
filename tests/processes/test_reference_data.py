"""Reference lists and the 2026 calendar that the processes rely on."""

import datetime as dt
from collections import Counter

import pytest
import yaml
from django.conf import settings

from engine.models import Holiday, ReferenceItem
from engine.runtime.reference import reference_load
from engine.runtime.timing import add_working_days

REFERENCE = settings.WORKFLOWS_DIR / "reference"


def items(key):
    return yaml.safe_load((REFERENCE / f"{key}.yaml").read_text())["items"]


def test_competition_has_140_events_in_three_tracks_as_the_page_says():
    events = items("competition_events")
    assert Counter(e["group"] for e in events) == {"世赛项目": 13, "国赛项目": 31, "行业特色项目": 96}
    assert len({e["code"] for e in events}) == len({e["label"] for e in events}) == 140
    for event in events:
        assert event["code"].startswith(event["attrs"]["track"]), event
        assert isinstance(event["attrs"]["team"], bool) and event["attrs"]["venue"]


def test_the_events_the_page_names_are_listed():
    labels = " ".join(e["label"] for e in items("competition_events"))
    for named in [
        "新能源汽车",
        "半导体",
        "工业机器人",
        "时装技术",
        "美发",
        "美容",
        "烹饪",
        "咖啡",
        "人工智能训练",
        "全媒体运营",
    ]:
        assert named in labels, named


def test_aid_tiers_and_skill_levels():
    assert [t["label"] for t in items("aid_tiers")] == ["深度困难", "相对困难", "意外致困"]
    assert all(t["attrs"]["amount_min"] < t["attrs"]["amount_max"] for t in items("aid_tiers"))
    assert [level["attrs"]["rank"] for level in items("skill_levels")] == [1, 2, 3, 4, 5]


def test_calendar_2026_has_the_state_council_holidays_and_make_up_days():
    calendar = yaml.safe_load((REFERENCE / "calendar.yaml").read_text())
    holidays = [entry["date"] for entry in calendar["holidays"]]
    working = [entry["date"] for entry in calendar["working_weekends"]]
    assert len(holidays) == 33 and len(set(holidays)) == 33
    assert all(day.weekday() >= 5 for day in working)
    assert not set(holidays) & set(working)
    assert dt.date(2026, 2, 17) in holidays  # 春节 (正月初一)


@pytest.mark.django_db
def test_loading_stores_lists_and_calendar_and_deadlines_skip_the_national_day_week():
    list(reference_load(REFERENCE))
    assert ReferenceItem.objects.filter(ref_list__key="competition_events").count() == 140
    assert ReferenceItem.objects.filter(ref_list__key="care_institutions").count() == 21
    assert Holiday.objects.get(date=dt.date(2026, 10, 10)).is_working_day
    # Wed 30 Sep + 2 working days: 1-7 Oct are holidays, Thu 8, Fri 9.
    start = dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.UTC)
    assert add_working_days(start, 2).date() == dt.date(2026, 10, 9)
    # ... and the 调休 Saturday 10 Oct counts as the third.
    assert add_working_days(start, 3).date() == dt.date(2026, 10, 10)
