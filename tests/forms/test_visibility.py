"""Conditional fields and pages, enforced on the server whatever was posted."""

import pytest

from forms.cleaning import form_clean
from forms.visibility import hidden_fields, visible_pages

from .specs import CONDITIONAL

pytestmark = pytest.mark.django_db


def clean(data, **options):
    return form_clean(CONDITIONAL, data, page_id="hardship", **options)


def test_visible_required_field_is_required():
    _cleaned, errors = clean({"hardship_cause": "illness"})
    assert "medical_bills" in errors


def test_hidden_required_field_does_not_block():
    cleaned, errors = clean({"hardship_cause": "accident"})
    assert errors == {}
    assert cleaned == {"hardship_cause": "accident", "has_household": None}


def test_tampered_post_cannot_set_a_hidden_field():
    cleaned, errors = clean(
        {"hardship_cause": "accident", "medical_bills": "99999", "bills_reimbursed": "true"}
    )
    assert errors == {}
    assert "medical_bills" not in cleaned and "bills_reimbursed" not in cleaned


def test_a_chain_of_conditions_settles():
    # bills_reimbursed depends on medical_bills, which is hidden: it is hidden too.
    hidden = hidden_fields(CONDITIONAL, {"hardship_cause": "accident", "medical_bills": "5000"})
    assert {"medical_bills", "bills_reimbursed"} <= hidden
    cleaned, errors = clean({"hardship_cause": "illness", "medical_bills": "5000"})
    assert errors == {"bills_reimbursed": ["这个字段是必填项。"]}
    cleaned, errors = clean({"hardship_cause": "illness", "medical_bills": "500"})
    assert errors == {} and cleaned["medical_bills"] == "500.00"


def test_money_conditions_compare_as_numbers():
    # "999.5" > 1000 as text would be True; as money it is False.
    assert "bills_reimbursed" in hidden_fields(
        CONDITIONAL, {"hardship_cause": "illness", "medical_bills": "999.5"}
    )
    assert "bills_reimbursed" not in hidden_fields(
        CONDITIONAL, {"hardship_cause": "illness", "medical_bills": "10000"}
    )


def test_whole_page_visibility():
    assert [p["id"] for p in visible_pages(CONDITIONAL, {"has_household": False})] == ["hardship"]
    assert [p["id"] for p in visible_pages(CONDITIONAL, {"has_household": True})] == ["hardship", "household"]


def test_fields_of_a_hidden_page_are_dropped_and_not_required():
    data = {"hardship_cause": "accident", "has_household": False, "members": "3"}
    cleaned, errors = form_clean(CONDITIONAL, data)
    assert errors == {} and "members" not in cleaned
    _cleaned, errors = form_clean(CONDITIONAL, {"hardship_cause": "accident", "has_household": "true"})
    assert "members" in errors


def test_conditions_read_answers_from_earlier_pages():
    cleaned, errors = form_clean(CONDITIONAL, {}, page_id="household", context={"has_household": True})
    assert "members" in errors
    cleaned, errors = form_clean(
        CONDITIONAL, {"members": "3"}, page_id="household", context={"has_household": False}
    )
    assert cleaned == {} and errors == {}
