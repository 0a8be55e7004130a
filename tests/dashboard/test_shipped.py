"""The shipped definitions declare their figures, label their computed
values, and the demo shows the figures of the source page."""

from decimal import Decimal

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from engine.dashboard.figures import declared_figures
from engine.definitions import load_bundle, read_folder
from engine.demo.org import UNITS
from engine.models import OrgUnit
from engine.runtime.reference import reference_list_store
from tests.processes.conftest import demo_of
from tests.processes.test_collective_contract import _sign_and_file, _skills_case, _vote

PROCESSES = ["collective_contract", "hardship_aid", "model_worker_care", "skills_competition"]


def _bundle(key):
    lists = {p.stem for p in (settings.WORKFLOWS_DIR / "reference").glob("*.yaml")}
    bundle, problems = load_bundle(read_folder(settings.WORKFLOWS_DIR / key), f"workflows/{key}", lists)
    assert problems == []
    return bundle


@pytest.mark.parametrize("key", PROCESSES)
def test_every_computed_value_has_a_label(key):
    bundle = _bundle(key)
    assert set(bundle.definition["data_labels"]) == set(bundle.computed)
    assert all(label["en"] != label["zh"] for label in bundle.definition["data_labels"].values())


def test_the_coverage_figure_uses_the_large_enterprises_list_with_the_demo_city():
    coverage = next(
        f for f in _bundle("collective_contract").definition["dashboard"] if f["id"] == "coverage"
    )
    assert coverage["denominator"]["list"] == "large_enterprises"
    assert [t["value"] for t in coverage["targets"]] == [0.6, 1.0]
    listed = yaml.safe_load((settings.WORKFLOWS_DIR / "reference" / "large_enterprises.yaml").read_text())
    codes = {item["code"] for item in listed["items"]}
    assert set(coverage["targets"][1]["groups"]) <= codes
    assert "tangshan" in codes and "tangshan" in {unit[0] for unit in UNITS}
    assert all(item["attrs"]["enterprises_100_plus"] > 0 for item in listed["items"])


@pytest.fixture
def quick(settings):
    settings.CELERY_BROKER_URL = "memory://"  # documents queued, not rendered


def _figures(code):
    with translation.override("zh-hans"):
        return {f["id"]: f for f in declared_figures(OrgUnit.objects.get(code=code))}


@pytest.mark.django_db
def test_demo_hardship_aid_shows_ms_yuans_payment_from_yucheng_up(quick):
    demo_of("hardship_aid")
    for code in ("yucheng", "dezhou", "acftu"):
        paid = _figures(code)["aid_paid"]
        assert (paid["count"], paid["total"]) == (1, Decimal("10400"))
    assert "aid_paid" not in _figures("tianjin")


@pytest.mark.django_db
def test_demo_contract_coverage_rises_when_a_contract_is_filed(quick):
    demo_of("collective_contract")
    listed = yaml.safe_load((settings.WORKFLOWS_DIR / "reference" / "large_enterprises.yaml").read_text())
    reference_list_store(listed)
    figures = _figures("tangshan")
    coverage = {g["code"]: g["count"] for g in figures["coverage"]["groups"]}
    assert coverage["tangshan"] == 0 and set(coverage.values()) == {0}  # 市总对口 and the 14 districts
    assert {g["label"]: g["count"] for g in figures["by_kind"]["groups"]} == {
        "职工技能素质提升专项集体合同": 1,
        "“能级工资”专项集体合同": 1,
    }
    case = _vote(_skills_case(), ["for"] * 5)
    for step in ("sign_legal", "sign_union"):
        assert step in {w.step for w in case.work_items.filter(status="NEW")}
    _sign_and_file(case)
    group = next(g for g in _figures("tangshan")["coverage"]["groups"] if g["code"] == "tangshan")
    assert (group["label"], group["count"], group["denominator"]) == ("市总对口企业", 1, 36)
    assert group["ratio"] == pytest.approx(1 / 36)
