"""Demo dates are written relative to the day the demo is loaded."""

import datetime as dt
import re

from django.conf import settings

from engine.demo.cases import relative_dates

DAY = dt.date(2026, 3, 31)


def test_relative_dates_in_answers_tables_and_step_data():
    data = {
        "visit_date": "today-28d",
        "paid": "today",
        "next": "today+2w",
        "review": "today-1m",  # 31 March -> 28 February
        "rows": [{"date": "today+3d"}],
        "text": "today is a word here",
        "fixed": "1998-06-21",
    }
    assert relative_dates(data, DAY) == {
        "visit_date": "2026-03-03",
        "paid": "2026-03-31",
        "next": "2026-04-14",
        "review": "2026-02-28",
        "rows": [{"date": "2026-04-03"}],
        "text": "today is a word here",
        "fixed": "1998-06-21",
    }


def test_event_dates_of_the_demo_cases_follow_today():
    for key, field in (("skills_competition", "competition_date"), ("hardship_aid", "paid_date")):
        text = (settings.WORKFLOWS_DIR / key / "demo.yaml").read_text()
        values = re.findall(rf'{field}: "([^"]+)"', text)
        assert values and all(value.startswith("today") for value in values), (key, values)
