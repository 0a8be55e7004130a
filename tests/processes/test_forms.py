"""The process forms' own rules, conditions and calculations, checked with
the forms layer on the demo answers (which must pass) and on wrong ones."""

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.conf import settings

from engine.expressions.functions import _years_between as years_between
from engine.runtime.reference import reference_load
from forms.builder import FormBuilder
from forms.cleaning import compute, rule_failures
from forms.dependent import filter_failures
from forms.options import choices_for, flat_labels
from forms.visibility import hidden_fields
from forms.window import window_state

PROCESSES = ["hardship_aid", "model_worker_care", "collective_contract", "skills_competition"]
START_FORM = {
    "hardship_aid": "apply",
    "model_worker_care": "apply",
    "collective_contract": "contract",
    "skills_competition": "entry",
}


def spec(process, form):
    return yaml.safe_load((settings.WORKFLOWS_DIR / process / "forms" / f"{form}.yaml").read_text())


def demo_answers(process):
    demo = yaml.safe_load((settings.WORKFLOWS_DIR / process / "demo.yaml").read_text())
    return [(case["key"], case["answers"]) for case in demo["cases"]]


def failures(form_spec, answers):
    hidden = hidden_fields(form_spec, answers)
    return list(rule_failures(form_spec, answers, hidden=hidden))


@pytest.mark.parametrize("process", PROCESSES)
def test_every_demo_answer_set_passes_its_start_form_rules(process):
    form_spec = spec(process, START_FORM[process])
    for key, answers in demo_answers(process):
        assert failures(form_spec, answers) == [], key


def _yuan():
    return dict(demo_answers("hardship_aid")[0][1])


def test_household_income_and_per_capita_income_are_computed():
    values = compute(spec("hardship_aid", "apply"), _yuan())
    assert Decimal(values["household_income"]) == Decimal("4100.00")
    assert Decimal(values["per_capita_income"]) == Decimal("1025.00")


def test_medical_questions_show_only_for_illness():
    form_spec = spec("hardship_aid", "apply")
    answers = _yuan()
    assert not {"medical_bills", "hospital_bills"} & hidden_fields(form_spec, answers)
    answers["hardship_cause"] = "accident"
    hidden = hidden_fields(form_spec, answers)
    assert {"medical_bills", "hospital_bills", "diagnosis"} <= hidden
    assert "accident_description" not in hidden


def test_household_must_list_the_applicant_once_and_the_account_be_theirs():
    answers = _yuan()
    answers["household"] = [row for row in answers["household"] if row["relation"] != "self"]
    answers["account_holder"] = "李建军"
    fields = {field for field, _message in failures(spec("hardship_aid", "apply"), answers)}
    assert fields == {"household", "account_holder"}


@pytest.mark.django_db
def test_event_must_belong_to_the_chosen_track_and_birth_date_comes_from_the_id():
    list(reference_load(settings.WORKFLOWS_DIR / "reference"))
    form_spec = spec("skills_competition", "entry")
    answers = dict(demo_answers("skills_competition")[0][1])  # nat01, born 1998-06-21
    assert list(filter_failures(form_spec, answers)) == []
    answers.update(track="ws")
    assert dict(filter_failures(form_spec, answers)) == {"event": "所选竞赛项目不属于所选赛道"}
    values = compute(form_spec, answers)
    assert values["birth_date"] == "1998-06-21" and values["gender"] == "male"
    assert values["age"] == years_between(dt.date(1998, 6, 21), dt.date.today())


def test_team_members_are_asked_only_for_team_entries():
    form_spec = spec("skills_competition", "entry")
    answers = dict(demo_answers("skills_competition")[0][1])
    assert "team_members" in hidden_fields(form_spec, answers)
    answers["entry_type"] = "team"
    assert "team_members" not in hidden_fields(form_spec, answers)


def test_ltc_statements_total_and_pages_follow_the_subsidy_type():
    form_spec = spec("model_worker_care", "apply")
    answers = dict(demo_answers("model_worker_care")[1][1])  # ltc_subsidy
    assert Decimal(compute(form_spec, answers)["ltc_paid"]) == Decimal("5580.00")
    hidden = hidden_fields(form_spec, answers)
    assert "institution" in hidden and "low_income_cert" in hidden
    assert "ltc_statements" not in hidden


def test_contract_term_is_at_most_three_years_and_foreign_text_is_conditional():
    form_spec = spec("collective_contract", "contract")
    answers = dict(demo_answers("collective_contract")[0][1])
    assert "foreign_adaptation" in hidden_fields(form_spec, answers)
    answers.update(term_end="2028-07-01", is_foreign_invested=True)
    assert "foreign_adaptation" not in hidden_fields(form_spec, answers)
    assert [field for field, _ in failures(form_spec, answers)] == ["term_end"]


@pytest.mark.django_db
@pytest.mark.parametrize("process", PROCESSES)
def test_every_page_of_every_form_builds_with_its_reference_choices(process):
    list(reference_load(settings.WORKFLOWS_DIR / "reference"))
    for path in sorted((settings.WORKFLOWS_DIR / process / "forms").glob("*.yaml")):
        form_spec = yaml.safe_load(path.read_text())
        for page in form_spec["steps"]:
            form = FormBuilder(form_spec, page_id=page["id"]).get_form_class()()
            assert set(form.fields) == {field["name"] for field in page["fields"]}, path.name
            for field in page["fields"]:
                if field.get("options_from"):
                    assert flat_labels(choices_for(field)), (path.name, field["name"])


def test_competition_entry_is_open_from_15_april_to_20_may_inclusive():
    form_spec = spec("skills_competition", "entry")
    opened = [
        day
        for day in (dt.date(2026, 4, 14), dt.date(2026, 4, 15), dt.date(2026, 5, 20), dt.date(2026, 5, 21))
        if window_state(form_spec, today=day).is_open
    ]
    assert opened == [dt.date(2026, 4, 15), dt.date(2026, 5, 20)]
