"""The dashboard page draws declared figures as inline SVG: the value, the
target lines, labels in the viewer's language; each unit sees its own."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from engine.models import Case

pytestmark = pytest.mark.django_db


def _page(client, user, unit=None, **headers):
    client.force_login(user)
    url = reverse("dashboard:dashboard") + (f"?unit={unit.pk}" if unit else "")
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def _section(html, figure_id):
    start = html.index(f'id="figure-{figure_id}"')
    return html[start : html.index("</section>", start)]


def test_ratio_chart_has_the_values_and_a_dashed_line_at_each_target(client, staff, units, cases):
    coverage = _section(_page(client, staff["city"], units["city"]), "coverage")
    assert "<svg" in coverage and "覆盖率" in coverage
    assert "1 / 10 · 10%" in coverage and "1 / 4 · 25%" in coverage and "0 / 5 · 0%" in coverage
    assert "合计 2 / 19" in coverage
    lines = dict(
        (title, float(x))
        for x, title in re.findall(
            r'<line class="target" x1="([\d.]+)"[^>]*><title>([^<]+)</title>', coverage
        )
    )
    x0 = float(re.search(r'<rect class="track" x="([\d.]+)"', coverage).group(1))
    # The plot ends 130 px before the right edge (640): 100% at 510, 60% at 60% of the way there.
    assert lines["直属 100%"] == 510.0
    assert abs((lines["覆盖面 60%"] - x0) - 0.6 * (510.0 - x0)) < 0.2
    assert "（2024-12-10 前）" in coverage
    assert "http://" not in coverage.replace("http://www.w3.org", "") and "https://" not in coverage


def test_a_target_for_some_groups_is_drawn_across_their_bars_only(client, staff, units, cases):
    coverage = _section(_page(client, staff["city"], units["city"]), "coverage")
    [full] = re.findall(r'<line class="target"[^>]*y1="(\d+)" y2="(\d+)"><title>覆盖面 60%', coverage)
    [city_only] = re.findall(r'<line class="target"[^>]*y1="(\d+)" y2="(\d+)"><title>直属 100%', coverage)
    assert int(full[1]) - int(full[0]) >= 3 * 28 - 6  # across all three bars (28 px each, less a gap)
    assert int(city_only[1]) - int(city_only[0]) < 28  # one bar: 市直企业


def test_figure_cards_show_count_and_sum(client, staff, units, cases):
    html = _page(client, staff["city"], units["city"])
    paid = _section(html, "paid")
    assert '<span class="n">1700.00</span>元' in paid and "共 4 件" in paid
    waiting = _section(html, "waiting")
    assert (
        '<span class="n">1</span>' in waiting and '<line class="target"' in waiting and "积压上限" in waiting
    )
    assert "技能提升" in _section(html, "by_kind")


def test_a_district_sees_its_own_group_and_cannot_open_the_city(client, staff, units, cases):
    html = _page(client, staff["a"])
    coverage = _section(html, "coverage")
    assert "甲区" in coverage and "乙区" not in coverage and "市直企业" not in coverage
    assert "1 / 10 · 10%" in coverage
    client.force_login(staff["a"])
    assert client.get(reverse("dashboard:dashboard") + f"?unit={units['city'].pk}").status_code == 404


def test_english_labels_come_from_the_definition_and_the_catalog(client, staff, units, cases):
    with translation.override("en"):
        html = _page(client, staff["city"], units["city"], HTTP_ACCEPT_LANGUAGE="en")
    coverage = _section(html, "coverage")
    assert "Coverage" in coverage and "District A" in coverage and "60% coverage" in coverage
    assert "Total 2 / 19" in coverage and "(by 2024-12-10)" in coverage
    assert "4 cases" in _section(html, "paid")


def test_without_cases_only_the_ratio_of_listed_units_shows(client, staff, units, tally):
    Case.objects.all().delete()
    html = (
        _page(client, staff["city"], units["firm_c"])
        if False
        else _page(client, staff["city"], units["city"])
    )
    assert 'id="figure-paid"' not in html and 'id="figure-coverage"' in html
