"""Declared figures computed by the database, per unit and below."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from engine.dashboard.figures import declared_figures, figure_compute
from engine.models import Case
from engine.runtime.versions import version_bundle

pytestmark = pytest.mark.django_db


def _figures(unit):
    with translation.override("zh-hans"):  # labels follow the active language
        return {f["id"]: f for f in declared_figures(unit)}


def _groups(figure):
    return {g["code"]: (g["count"], g["denominator"]) for g in figure["groups"]}


def test_city_sees_every_district_and_its_own_enterprises(units, cases):
    coverage = _figures(units["city"])["coverage"]
    # A1 filed twice counts once (distinct credit code); A2 is under 100
    # staff; B1 was rejected and B2 is not filed; C1 sits directly under the city.
    assert _groups(coverage) == {"city": (1, 4), "district-a": (1, 10), "district-b": (0, 5)}
    assert [g["label"] for g in coverage["groups"]] == ["市直企业", "甲区", "乙区"]
    assert (coverage["count"], coverage["denominator"]) == (2, 19)
    assert coverage["ratio"] == pytest.approx(2 / 19)


def test_district_sees_only_its_own_figures(units, cases):
    figures = _figures(units["a"])
    assert _groups(figures["coverage"]) == {"district-a": (1, 10)}
    assert (figures["paid"]["count"], figures["paid"]["total"]) == (3, Decimal("1700"))
    assert figures["waiting"]["count"] == 0
    assert _figures(units["b"])["waiting"]["count"] == 1


def test_an_enterprise_has_no_ratio_of_its_own(units, cases):
    figures = _figures(units["firm_a1"])
    assert "coverage" not in figures
    assert figures["paid"]["count"] == 2


def test_sum_adds_a_money_field_of_matching_cases_and_counts_them(units, cases):
    paid = _figures(units["city"])["paid"]
    # C1 (filed, no amount) is counted but adds nothing; B1 was rejected.
    assert (paid["count"], paid["total"], paid["suffix"]) == (4, Decimal("1700"), "元")


def test_period_year_leaves_out_cases_started_in_an_earlier_year(units, cases):
    last_year = timezone.now() - dt.timedelta(days=400)
    Case.objects.filter(pk=cases["a1"].pk).update(created=last_year)
    paid = _figures(units["city"])["paid"]
    assert (paid["count"], paid["total"]) == (3, Decimal("700"))


def test_count_grouped_by_a_choice_field_reads_its_option_labels(units, cases):
    by_kind = _figures(units["city"])["by_kind"]
    assert {g["label"]: g["count"] for g in by_kind["groups"]} == {"技能提升": 3, "能级工资": 2, "—": 1}
    assert by_kind["count"] == 6


def test_a_listed_unit_without_cases_sees_its_ratio_at_zero_and_nothing_else(units, tally):
    figures = _figures(units["a"])
    assert list(figures) == ["coverage"]
    assert _groups(figures["coverage"]) == {"district-a": (0, 10)} and figures["coverage"]["ratio"] == 0
    assert declared_figures(units["firm_a1"]) == []


@pytest.mark.parametrize(
    "where, expected",
    [
        ("employee_count >= 150", {"a1", "a1_again", "c1", "b2"}),
        ("100 > employee_count", {"a2"}),
        ("employee_count == 300", {"a1", "a1_again"}),
        ("kind == 'skills'", {"a1", "a2", "c1"}),
        ("kind in ['wage']", {"a1_again", "b2"}),
        ("not empty(amount)", {"a1", "a1_again", "a2", "b1"}),
        ("empty(kind)", {"b1"}),
        ("amount > 600 or kind == 'wage'", {"a1", "a1_again", "b1", "b2"}),
        ("flag", {"c1"}),
        ("'x' in tags", {"b2"}),
        ("credit_code != 'A1' and not flag", {"a2", "b1", "b2"}),
    ],
)
def test_where_runs_in_the_database(units, cases, tally, where, expected):
    from engine.dashboard.conditions import parse_where
    from engine.dashboard.sql import where_q

    Case.objects.filter(pk=cases["c1"].pk).update(data={**cases["c1"].data, "flag": True})
    Case.objects.filter(pk=cases["b2"].pk).update(
        data={**cases["b2"].data, "tags": ["x", "y"], "flag": False}
    )
    found = set(
        Case.objects.filter(process_key="tally")
        .filter(where_q(parse_where(where)))
        .values_list("pk", flat=True)
    )
    assert found == {cases[key].pk for key in expected}


def test_a_figure_is_a_fixed_number_of_statements_whatever_the_number_of_cases(units, tally, file_case):
    bundle = version_bundle(tally)
    figure = next(f for f in bundle.definition["dashboard"] if f["id"] == "coverage")

    def statements():
        with CaptureQueriesContext(connection) as queries:
            figure_compute(units["city"], bundle, figure)
        return len(queries)

    file_case("firm_a1", credit_code="A1", employee_count=300)
    few = statements()
    for number in range(8):
        file_case("firm_b1", credit_code=f"B{number}", employee_count=200)
    assert statements() == few <= 3
    assert _groups(_figures(units["city"])["coverage"])["district-b"] == (8, 5)
