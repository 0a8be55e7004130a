"""The receiving unit of a new case, for each `intake:` source, and the
wizard's receiving-union field: limited to the intake's subtree and level,
checked on the server, its first value the applicant's own district."""

import pytest
from django.conf import settings

from engine.definitions import read_folder
from engine.definitions.bundle import load_bundle
from engine.runtime.intake import IntakeRefused, allowed_units, receiving_unit
from engine.runtime.services import case_start

from ..definitions.helpers import build, edit, valid_files
from .conftest import client_for

pytestmark = pytest.mark.django_db


def bundle_with(block: str, apply_extra: str = ""):
    forms = {"apply": valid_files()["forms/apply.yaml"] + apply_extra} if apply_extra else None
    bundle, problems = build(edit("owner_level: district\n", "owner_level: district\n" + block), forms=forms)
    assert problems == [], problems
    return bundle


def shipped(key):
    bundle, problems = load_bundle(read_folder(settings.WORKFLOWS_DIR / key), key)
    assert problems == []
    return bundle


def test_registered_union_is_mapped_up_to_the_level(units, new_applicant):
    bundle = bundle_with("intake: {from: home_unit, level: district}\n")
    worker = new_applicant(home_unit=units["yucheng-luyin-pm"])  # an enterprise union in 禹城
    assert receiving_unit(bundle, applicant=worker, data={}) == units["yucheng"]
    district = new_applicant("13912345679", home_unit=units["yucheng"])
    assert receiving_unit(bundle, applicant=district, data={}) == units["yucheng"]
    above = new_applicant("13912345670", home_unit=units["dezhou"])  # a city union has no district above
    with pytest.raises(IntakeRefused, match="所属工会"):
        receiving_unit(bundle, applicant=above, data={})
    nobody = new_applicant("13912345671")
    with pytest.raises(IntakeRefused):
        receiving_unit(bundle, applicant=nobody, data={})


def test_a_pick_is_limited_to_the_level_and_the_subtree(units, new_applicant):
    bundle = bundle_with("intake: {from: [pick, home_unit], level: district, within: dezhou}\n")
    applicant = new_applicant()
    assert receiving_unit(bundle, applicant=applicant, data={"receiving_unit": "yucheng"}) == units["yucheng"]
    for outside in ("tianjin-hexi", "dezhou", "yucheng-luyin-pm", "no-such-unit"):
        with pytest.raises(IntakeRefused) as refused:
            receiving_unit(bundle, applicant=applicant, data={"receiving_unit": outside})
        assert refused.value.field == "receiving_unit"
    assert [u.code for u in allowed_units(bundle.definition["intake"])] == ["yucheng"]
    # No pick: the applicant's own union, when it is inside the subtree.
    local = new_applicant("13912345679", home_unit=units["yucheng-luyin-pm"])
    assert receiving_unit(bundle, applicant=local, data={}) == units["yucheng"]
    elsewhere = new_applicant("13912345670", home_unit=units["tianjin-hexi"])
    with pytest.raises(IntakeRefused, match="请选择受理工会"):
        receiving_unit(bundle, applicant=elsewhere, data={})


def test_a_fixed_unit_whatever_the_applicant_belongs_to(units, new_applicant):
    bundle = shipped("skills_competition")
    entrant = new_applicant(home_unit=units["yucheng"])
    assert receiving_unit(bundle, applicant=entrant, data={}) == units["beijing"]
    assert receiving_unit(bundle, applicant=new_applicant("13912345679"), data={}) == units["beijing"]


def test_a_form_field_names_the_unit_mapped_up(units, new_applicant):
    field = "      - {name: employer_union, type: org_unit, label: 所在工会, level: enterprise}\n"
    bundle = bundle_with("intake: {from: field, field: employer_union, level: district}\n", field)
    applicant = new_applicant()
    unit = receiving_unit(bundle, applicant=applicant, data={"employer_union": "yucheng-luyin-pm"})
    assert unit == units["yucheng"]
    with pytest.raises(IntakeRefused, match="所在工会"):
        receiving_unit(bundle, applicant=applicant, data={"employer_union": "dezhou"})


def test_without_intake_the_first_behaviour_stays(units, new_applicant):
    bundle, _ = build()
    applicant = new_applicant(home_unit=units["yucheng-luyin-pm"])
    assert receiving_unit(bundle, applicant=applicant, data={}) == units["yucheng-luyin-pm"]


def test_case_start_without_a_unit_asks_the_intake(units, new_applicant, publish):
    version = publish("skills_competition")
    entrant = new_applicant(home_unit=units["yucheng"])
    case = case_start(version=version, applicant=entrant, data={"name": "刘新"})
    assert case.org_unit == units["beijing"]


def test_shipped_processes_route_as_the_source_says(units, new_applicant):
    worker = new_applicant(home_unit=units["yucheng-luyin-pm"])
    assert receiving_unit(shipped("hardship_aid"), applicant=worker, data={}) == units["yucheng"]
    model_worker = new_applicant("13912345679", home_unit=units["tianjin-nankai"])
    assert (
        receiving_unit(shipped("model_worker_care"), applicant=model_worker, data={})
        == units["tianjin-nankai"]
    )
    clerk = new_applicant("13912345670", home_unit=units["tangshan-machinery"])
    contract = shipped("collective_contract")
    assert receiving_unit(contract, applicant=clerk, data={}) == units["tangshan-machinery"]
    picked = receiving_unit(contract, applicant=clerk, data={"receiving_unit": "tangshan-qianxi"})
    assert picked == units["tangshan-qianxi"]


class TestWizardField:
    def test_the_pick_is_a_field_of_the_page_limited_to_the_subtree(self, units, new_applicant, publish):
        publish("hardship_aid")
        worker = new_applicant(home_unit=units["yucheng-luyin-pm"])
        html = client_for(worker).get("/apply/hardship_aid/page/employer/").content.decode()
        select = html.split('name="receiving_unit"')[1].split("</select>")[0]
        assert 'value="yucheng" selected' in select  # the applicant's own district first
        assert "tianjin-hexi" not in select and 'value="dezhou"' not in select

    def test_a_unit_outside_the_subtree_is_refused_on_the_server(self, units, new_applicant, publish):
        publish("hardship_aid")
        client = client_for(new_applicant())
        response = client.post(
            "/apply/hardship_aid/page/employer/",
            {
                "hardship_aid-current_step": "employer",
                "enterprise": "某公司",
                "enterprise_union": "某公司工会",
                "receiving_unit": "tianjin-hexi",
                "action": "next",
            },
        )
        html = response.content.decode()
        box = html.split('data-field="receiving_unit"')[1]
        assert response.status_code == 200 and "有效的选项" in box.split("data-field=")[0]

    def test_english_names_of_the_units(self, units, new_applicant, publish):
        publish("hardship_aid")
        client = client_for(new_applicant(home_unit=units["yucheng"]))
        html = client.get("/apply/hardship_aid/page/employer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Yucheng Federation of Trade Unions" in html and "Receiving union (district)" in html
