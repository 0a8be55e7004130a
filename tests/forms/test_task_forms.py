"""Staff task forms use the same specs and the same server-side cleaning."""

import pytest

from forms.task_forms import form_for_task

pytestmark = pytest.mark.django_db

ASSESSMENT = {
    "key": "assessment",
    "fields": [
        {
            "name": "tier",
            "type": "choice",
            "label": "档次",
            "required": True,
            "options": ["deep", "relative"],
        },
        {"name": "proposed_amount", "type": "money", "label": "拟救助金额", "required": True, "min": 0},
        {
            "name": "chair_note",
            "type": "textarea",
            "label": "提请主席审批说明",
            "required": True,
            "visible_if": "proposed_amount > 5000",
        },
        {"name": "visit_date", "type": "date", "label": "走访日期"},
    ],
    "rules": [
        {
            "check": "visit_date >= date(applied_on)",
            "field": "visit_date",
            "message": "走访日期不能早于申请日期",
        }
    ],
}
CASE_DATA = {"applied_on": "2024-05-01", "name": "袁某"}


def test_unbound_form_renders_every_field_and_marks_hidden_ones():
    form = form_for_task(ASSESSMENT, context=CASE_DATA)
    assert not form.is_bound
    assert list(form.fields) == ["tier", "proposed_amount", "chair_note", "visit_date"]
    assert "chair_note" in form.hidden_names


def test_initial_values_decide_visibility():
    form = form_for_task(ASSESSMENT, initial={"proposed_amount": "10400.00"}, context=CASE_DATA)
    assert "chair_note" not in form.hidden_names
    assert 'value="10400.00"' in str(form["proposed_amount"])


def test_spec_clean_accepts_and_drops_hidden():
    form = form_for_task(
        ASSESSMENT, data={"tier": "deep", "proposed_amount": "3000", "chair_note": "x"}, context=CASE_DATA
    )
    cleaned, errors = form.spec_clean()
    assert errors == {}
    assert cleaned == {"tier": "deep", "proposed_amount": "3000.00", "visit_date": None}


def test_spec_clean_errors_appear_on_the_form_next_to_their_fields():
    data = {"tier": "deep", "proposed_amount": "10400", "visit_date": "2024-04-01"}
    form = form_for_task(ASSESSMENT, data=data, context=CASE_DATA)
    cleaned, errors = form.spec_clean()
    assert set(errors) == {"chair_note", "visit_date"}
    assert errors["visit_date"] == ["走访日期不能早于申请日期"]
    assert form.errors["visit_date"] == ["走访日期不能早于申请日期"]
    assert "chair_note" not in form.hidden_names  # now visible, so shown with its error
