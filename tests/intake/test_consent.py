"""A consent or a confirmation only counts when it is true: `type: consent`
and `must_be: true` show one tick box and refuse 'no' with a message."""

import pytest
import yaml
from django.conf import settings
from django.utils import translation

from engine.definitions import normalise
from forms.builder import FormBuilder
from forms.cleaning import form_clean
from forms.task_forms import form_for_task

from ..definitions.helpers import line_of, only, problems_of, valid_files


def spec(fields: str):
    return normalise.form("t", yaml.safe_load("key: t\ntitle: 测试\nfields:\n" + fields))


CONSENT = spec("  - {name: agree, type: consent, label: 本人同意核实}\n")
RADIO = spec("  - {name: agree, type: boolean, must_be: true, widget: radio, label: 本人同意核实}\n")


def test_unticked_consent_is_refused_with_a_message():
    cleaned, errors = form_clean(CONSENT, {})
    assert errors == {"agree": ["请确认此项后再继续：本人同意核实"]}
    cleaned, errors = form_clean(CONSENT, {"agree": "on"})
    assert errors == {} and cleaned == {"agree": True}


def test_consent_renders_as_one_checkbox():
    form = FormBuilder(CONSENT).get_form_class()()
    html = str(form["agree"])
    assert 'type="checkbox"' in html and 'type="radio"' not in html
    assert CONSENT["steps"][0]["fields"][0]["widget"] == "checkbox"


def test_no_on_a_yes_no_question_that_must_be_yes_is_refused():
    _cleaned, errors = form_clean(RADIO, {"agree": "false"})
    assert errors == {"agree": ["请确认此项后再继续：本人同意核实"]}
    cleaned, errors = form_clean(RADIO, {"agree": "true"})
    assert errors == {} and cleaned == {"agree": True}


def test_the_message_follows_the_language():
    english = spec(
        "  - {name: agree, type: consent, label: {zh: 本人同意核实, en: I agree to verification}}\n"
    )
    with translation.override("en"):
        _cleaned, errors = form_clean(english, {"agree": ""})
    assert errors == {"agree": ["Please confirm this before you go on: I agree to verification"]}


@pytest.mark.parametrize(
    "key, form, name",
    [
        ("hardship_aid", "apply", "consent_verification"),
        ("model_worker_care", "apply", "consent_verification"),
        ("skills_competition", "entry", "consent_rules"),
        ("collective_contract", "sign_union", "union_signature_confirmed"),
        ("collective_contract", "sign_legal", "legal_signature_confirmed"),
    ],
)
def test_shipped_commitments_must_be_true(key, form, name):
    raw = yaml.safe_load((settings.WORKFLOWS_DIR / key / "forms" / f"{form}.yaml").read_text())
    shipped = normalise.form(form, raw)
    field = next(f for page in shipped["steps"] for f in page["fields"] if f["name"] == name)
    assert field["must_be"] is True and field["widget"] == "checkbox"


@pytest.mark.django_db
def test_a_signature_task_refuses_an_unticked_confirmation():
    raw = yaml.safe_load((settings.WORKFLOWS_DIR / "collective_contract/forms/sign_union.yaml").read_text())
    sign = normalise.form("sign_union", raw)
    form = form_for_task(sign, data={"union_sign_date": "2026-11-20"})
    _cleaned, errors = form.spec_clean()
    assert "union_signature_confirmed" in errors


def test_must_be_on_a_field_that_is_not_boolean_is_a_problem():
    apply = valid_files()["forms/apply.yaml"].replace(
        "{name: name, type: text, label: 姓名, required: true}",
        "{name: name, type: text, must_be: true, label: 姓名}",
    )
    problem = only(problems_of(forms={"apply": apply}))
    assert problem.line == line_of(apply, "must_be") and "must_be 只用于 boolean" in problem.message
