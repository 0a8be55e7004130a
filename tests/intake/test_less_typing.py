"""Less typing: name, mobile and ID number come from the account; sex, birth
date and age are computed from the ID number; the event list follows the
chosen track in the page and on the server."""

import datetime as dt

import pytest
from django.conf import settings

from engine.definitions import read_folder
from engine.definitions.bundle import load_bundle
from engine.expressions import evaluate
from engine.runtime.reference import reference_load
from forms.builder import FormBuilder
from forms.cleaning import form_clean
from forms.models import Draft

from ..definitions.helpers import line_of, only, problems_of, valid_files
from .conftest import client_for

ID = "11010519491231002X"  # born 1949-12-31, a woman; check character X


def test_id_number_functions():
    names = {"x": ID}
    assert evaluate("id_birth_date(x)", names) == dt.date(1949, 12, 31)
    assert evaluate("id_sex(x)", names) == "female"
    assert evaluate("id_age(x, '2000-01-01')", names) == 50
    assert evaluate("id_age(x, '1999-12-30')", names) == 49
    assert evaluate("id_sex(x)", {"x": "110105194912310021"}) is None  # wrong check character
    assert evaluate("id_birth_date(x)", {"x": "110105194902300021"}) is None  # 30 February
    assert evaluate("id_age(x)", {"x": None}) is None


def shipped_form(key, form):
    bundle, problems = load_bundle(read_folder(settings.WORKFLOWS_DIR / key), key)
    assert problems == []
    return bundle.forms[form]


@pytest.mark.django_db
def test_sex_birth_date_and_age_are_computed_not_asked():
    entry = shipped_form("skills_competition", "entry")
    form = FormBuilder(entry, page_id="person").get_form_class()()
    assert {"gender", "birth_date", "age"} <= set(form.fields)
    assert all(form.fields[name].disabled for name in ("gender", "birth_date", "age"))
    data = {
        "name": "刘新",
        "id_number": ID,
        "mobile": "13912345678",
        "gender": "male",
        "birth_date": "2001-01-01",
    }
    cleaned, _errors = form_clean(entry, data, page_id="person")
    assert cleaned["gender"] == "female" and cleaned["birth_date"] == "1949-12-31"  # posted values ignored
    html = FormBuilder(entry, page_id="person").get_form_class()(initial=cleaned).as_p()
    assert "女" in html and ">female<" not in html


@pytest.mark.django_db
def test_too_young_by_the_id_number_is_refused():
    entry = shipped_form("skills_competition", "entry")
    young = "110105" + f"{dt.date.today().year - 15}" + "0101"
    young += "001"
    from forms.validators import id_check_char

    young += id_check_char(young)
    _cleaned, errors = form_clean(
        entry, {"name": "刘新", "id_number": young, "mobile": "13912345678"}, page_id="person"
    )
    assert errors["id_number"] == ["参赛选手须年满 16 周岁"]


@pytest.mark.django_db
class TestDependentChoices:
    def test_the_select_names_its_track_and_each_option_its_track(self):
        list(reference_load(settings.WORKFLOWS_DIR / "reference"))
        entry = shipped_form("skills_competition", "entry")
        html = str(FormBuilder(entry, page_id="event").get_form_class()()["event"])
        assert 'data-filter-by="track"' in html
        assert 'value="ws01" data-filter="ws"' in html and 'value="nat01" data-filter="nat"' in html

    def test_an_event_of_another_track_is_refused_on_the_server(self):
        list(reference_load(settings.WORKFLOWS_DIR / "reference"))
        entry = shipped_form("skills_competition", "entry")
        base = {"entry_type": "individual", "entrant_category": "employee"}
        _cleaned, errors = form_clean(entry, {**base, "track": "ws", "event": "nat01"}, page_id="event")
        assert errors.get("event") == ["所选竞赛项目不属于所选赛道"]
        _cleaned, errors = form_clean(entry, {**base, "track": "nat", "event": "nat01"}, page_id="event")
        assert "event" not in errors

    def test_the_page_loads_the_script_that_narrows_the_list(self):
        script = (settings.BASE_DIR / "static" / "forms" / "choices.js").read_text()
        assert "data-filter-by" in script
        page = (settings.BASE_DIR / "forms" / "templates" / "forms" / "page.html").read_text()
        assert "forms/choices.js" in page


@pytest.mark.django_db
def test_name_mobile_and_id_number_prefilled_from_the_account(units, new_applicant, publish):
    publish("hardship_aid")
    applicant = new_applicant(home_unit=units["yucheng"], name="刘新")
    applicant.id_number = ID
    applicant.save()
    html = client_for(applicant).get("/apply/hardship_aid/page/identity/").content.decode()
    assert 'value="刘新"' in html and 'value="13912345678"' in html and f'value="{ID}"' in html
    draft = Draft.objects.get(user=applicant)
    assert draft.data["name"] == "刘新" and draft.data["receiving_unit"] == "yucheng"
    # A changed answer stays changed: the prefill fills only what is not answered.
    draft.data["mobile"] = "13800001111"
    draft.save()
    client_for(applicant).get("/apply/hardship_aid/page/identity/")
    assert Draft.objects.get(user=applicant).data["mobile"] == "13800001111"


def test_prefill_must_fit_the_field_and_a_filter_must_name_a_field_of_the_form():
    apply = valid_files()["forms/apply.yaml"].replace(
        "{name: amount, type: money, label: 金额, required: true}",
        "{name: amount, type: money, label: 金额, required: true, prefill: account.mobile}",
    )
    problem = only(problems_of(forms={"apply": apply}))
    assert problem.line == line_of(apply, "prefill") and "不能从 account.mobile 预填" in problem.message
    apply = valid_files()["forms/apply.yaml"] + (
        "      - {name: event, type: choice, label: 项目, options_from: events, filter: {field: trak}}\n"
    )
    problems = problems_of(forms={"apply": apply}, known_reference_lists={"events"})
    assert any("'trak' 不在表单 'apply' 中" in p.message for p in problems), problems
