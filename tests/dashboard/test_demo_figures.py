"""The demo gives the declared figures something to show: contract coverage
in several Tangshan districts (one above the 60% target) and hardship aid
paid in three tiers. Loaded with the functions `manage.py demo` uses."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from engine.demo.cases import demo_cases_create
from engine.demo.load import demo_load
from engine.demo.org import UNITS
from engine.models import Case, OrgUnit, User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Filed contracts of enterprises with 100+ employees, distinct by credit code,
# against large_enterprises.yaml (迁西 41, 乐亭 44, 路南 92, 市总对口 36).
COVERAGE = {
    "tangshan-qianxi": (25, 41),
    "tangshan-laoting": (5, 44),
    "tangshan-lunan": (2, 92),
    "tangshan": (0, 36),
}


@pytest.fixture
def demo(settings):
    # Documents queued, not rendered (the queue never runs inside a test
    # transaction): the figures do not depend on the PDFs.
    settings.CELERY_BROKER_URL = "memory://"
    call_command("workflows", "load", stdout=StringIO())
    processes, _sections = demo_load()
    demo_cases_create(processes, statistics=True)


def _figures(client, username):
    client.force_login(User.objects.get(username=username))
    with translation.override("zh-hans"):
        response = client.get(reverse("dashboard:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return {f["id"]: f for f in response.context["figures"]}, response.content.decode()


def _section(html, figure_id):
    start = html.index(f'id="figure-{figure_id}"')
    return html[start : html.index("</section>", start)]


def test_every_listed_district_is_a_demo_unit_under_tangshan():
    import yaml
    from django.conf import settings

    listed = yaml.safe_load((settings.WORKFLOWS_DIR / "reference" / "large_enterprises.yaml").read_text())
    parents = {code: parent for code, parent, *_rest in UNITS}
    for item in listed["items"]:
        assert item["code"] in parents, item["code"]
        assert item["code"] == "tangshan" or parents[item["code"]] == "tangshan", item["code"]


def test_city_staff_see_a_bar_per_district_one_above_the_target_a_district_its_own(client, demo):
    figures, html = _figures(client, "ts_hr_reviewer")  # the HR bureau's reviewer, at 唐山市总工会
    groups = {g["code"]: g for g in figures["coverage"]["groups"]}
    assert len(groups) == 15  # 市总对口 + 14 districts and counties, each a unit now
    shown = {code: (g["count"], int(g["denominator"])) for code, g in groups.items() if g["count"]}
    assert shown == {code: value for code, value in COVERAGE.items() if value[0]}
    assert (groups["tangshan"]["count"], groups["tangshan"]["denominator"]) == (0, 36)
    above = [code for code, g in groups.items() if g["ratio"] >= 0.6]
    assert above == ["tangshan-qianxi"]
    assert groups["tangshan-qianxi"]["ratio"] == pytest.approx(25 / 41)
    assert figures["coverage"]["count"] == 32
    coverage = _section(html, "coverage")
    assert "迁西县" in coverage and "25 / 41 · 61%" in coverage
    assert "乐亭县" in coverage and "5 / 44 · 11.4%" in coverage
    # One contract waits for the bureau; by kind: 37 skills, 2 level-wage (the showcase's and 三屯营's).
    assert figures["awaiting_filing"]["count"] == 1
    kinds = {g["code"]: g["count"] for g in figures["by_kind"]["groups"]}
    assert kinds == {"skills": 37, "level_wage": 2}

    # 迁西's 27 filed contracts count 25: a small enterprise, a second contract.
    qianxi = Case.objects.filter(process_key="collective_contract", org_unit__code="tangshan-qianxi")
    filed = qianxi.filter(final_status="filed")
    assert filed.count() == 27  # 25 enterprises, one with 86 employees, one enterprise's second contract
    assert len({c.data["credit_code"] for c in filed}) == 26
    assert sum(1 for c in filed if c.data["employee_count"] < 100) == 1

    # A second run of the demo adds nothing.
    processes, _sections = demo_load()
    assert demo_cases_create(processes, statistics=True) == 0
    assert OrgUnit.objects.filter(parent__code="tangshan", level="district").count() == 14

    # A district's login sees its own bar only.
    figures, html = _figures(client, "tangshan-qianxi.union_chair")
    [group] = figures["coverage"]["groups"]
    assert (group["code"], group["count"], group["denominator"]) == ("tangshan-qianxi", 25, 41)
    coverage = _section(html, "coverage")
    assert "25 / 41 · 61%" in coverage and "乐亭县" not in coverage and "0 / 36" not in coverage

    # Hardship aid in 禹城: paid in three tiers.
    figures, html = _figures(client, "wangkai")
    tiers = {g["code"]: g["total"] for g in figures["paid_by_tier"]["groups"]}
    assert tiers == {"deep": Decimal("10400"), "accident": Decimal("6000"), "relative": Decimal("3000")}
    assert (figures["aid_paid"]["count"], figures["aid_paid"]["total"]) == (3, Decimal("19400"))
    assert "意外致困" in _section(html, "paid_by_tier")
