import datetime as dt

from django.urls import reverse
from django.utils import timezone

from engine.dashboard.charts import LABEL_WIDTH, bar_chart, column_chart
from engine.dashboard.selectors import finished_per_week, open_by_step, overdue_count
from engine.models import Case, WorkItem
from engine.runtime.services import task_complete

from .helpers import item_at


def test_open_by_step_and_overdue_per_unit_subtree(start, units):
    case = start()
    start()
    task_complete(
        task=item_at(case, "intake").task, user=_officer(), outcome="accept", data={"call_note": "x"}
    )
    assert dict(open_by_step(units["district"])) == {"受理回访": 1, "企业核实": 1, "入户走访": 1}
    assert dict(open_by_step(units["city"])) == dict(open_by_step(units["district"]))
    assert open_by_step(units["other"]) == []
    later = timezone.now() + dt.timedelta(hours=1)
    assert overdue_count(units["district"], now=later) == 1  # only intake has a deadline
    assert overdue_count(units["district"]) == 0


def _officer():
    from engine.models import User

    return User.objects.get(username="officer")


def test_finished_per_week_counts_by_week(case, units):
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(status="DONE", finished=timezone.now() - dt.timedelta(days=7))
    weeks = finished_per_week(units["district"], weeks=3, today=today)
    assert [n for _label, n in weeks] == [0, 1, 0]


def test_charts_scale_to_the_largest_value():
    chart = bar_chart([("a", 10), ("b", 5), ("c", 0)], width=460)
    widths = [bar["w"] for bar in chart["bars"]]
    # the largest fills the plot (the width less the labels and 60 px for the value)
    assert widths[0] == 460 - chart["x0"] - 60 and widths[1] == widths[0] / 2 and widths[2] == 0
    columns = column_chart([("w1", 4), ("w2", 2)], height=140)["columns"]
    assert columns[0]["h"] == 100 and columns[1]["h"] == 50


def test_long_labels_are_cut_to_their_column_and_short_ones_leave_room_for_bars():
    short = bar_chart([("甲", 1), ("乙", 2)])
    assert short["x0"] == 80 and [b["short"] for b in short["bars"]] == ["甲", "乙"]
    label = "Enterprises linked directly to the city union (municipal)"
    chart = bar_chart([(label, 3), ("禹城市", 1)])
    assert chart["x0"] == LABEL_WIDTH  # no wider than the column allows
    cut = chart["bars"][0]
    assert cut["label"] == label and cut["short"].endswith("…") and label.startswith(cut["short"][:-1])
    assert chart["bars"][1]["short"] == "禹城市"


def test_dashboard_page_is_inline_svg_without_external_assets(case, people, login):
    html = login(people["officer"]).get(reverse("dashboard:dashboard")).content.decode()
    assert "<svg" in html and "受理回访" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert 'id="open-total">1<' in html


def test_dashboard_is_for_staff_and_their_units_only(case, people, login, units):
    assert login(people["applicant"]).get(reverse("dashboard:dashboard")).status_code == 403
    stranger = login(people["stranger"])
    assert stranger.get(reverse("dashboard:dashboard") + f"?unit={units['district'].pk}").status_code == 404
    assert WorkItem.objects.count() == 1
