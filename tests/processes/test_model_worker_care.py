"""劳模养老帮扶 (天津): the three measures as one definition with decisions."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pypdf
import pytest

from engine.documents.models import Document
from engine.runtime.services import task_complete
from engine.worker import render_pending

from .conftest import case_of, demo_of, open_item, open_steps, user, waiting_steps

YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_of("model_worker_care")


@pytest.fixture
def flow(deferred_documents, demo):
    """The demo without rendering PDFs."""


def _through_to_city(case, *, months=None):
    """District check (no visit) -> institution -> waiting for the city."""
    data = {
        "register_match": True,
        "register_no": "R1",
        "documents_complete": True,
        "needs_home_visit": False,
    }
    task_complete(
        task=open_item(case, "declaration_check").task,
        user=user("hexi_mw_officer"),
        outcome="verified",
        data=data,
    )
    if "institution_confirm" in open_steps(case):
        confirm = {"place_confirmed": True, "admission_date": "2024-03-01", "institution_contact": "经办人"}
        if months is not None:
            confirm["months_in_residence"] = months
        task_complete(
            task=open_item(case, "institution_confirm").task,
            user=user("hexi_home_clerk"),
            outcome="confirmed",
            data=confirm,
        )


def _approve(case):
    task_complete(
        task=open_item(case, "city_approval").task,
        user=user("tj_city_approver"),
        outcome="approve",
        data={"funds_source": "劳模养老帮扶专项资金", "city_opinion": "同意"},
    )
    case.refresh_from_db()
    return case


def test_priority_admission_ends_with_a_recommendation_letter(flow):
    case = case_of("model_worker_care", "13602280001")
    assert case.final_status == "admitted"
    assert case.data["letter_no"] == f"津工劳荐〔{YEAR}〕001号"
    assert Document.objects.filter(case=case, key="recommendation_letter").exists()
    # The institution confirmed the place before the city approved it.
    assert case.data["institution_confirm_outcome"] == "confirmed"
    assert Decimal(case.data["subsidy_amount"]) == 0


def test_ltc_subsidy_skips_the_institution_and_is_paid_at_thirty_percent(flow):
    case = case_of("model_worker_care", "13602280002")
    _through_to_city(case)
    assert open_steps(case) == ["city_approval"]
    assert open_item(case, "city_approval").org_unit.code == "tianjin"  # unit: parent
    case = _approve(case)
    assert Decimal(case.data["ltc_subsidy"]) == Decimal("1674.00")  # 5580.00 x 30%
    assert case.data["approved_subsidy"] == "1674.00"
    assert case.data["decision_no"] == f"津工劳补〔{YEAR}〕001号"
    assert {"subsidy_decision", "payment_list"} <= set(
        Document.objects.filter(case=case).values_list("key", flat=True)
    )
    assert case.final_status == "granted"


def test_low_income_subsidy_counts_months_and_keeps_visiting(flow):
    case = case_of("model_worker_care", "13602280003")
    _through_to_city(case, months=8)
    case = _approve(case)
    assert Decimal(case.data["monthly_subsidy_total"]) == Decimal("4000.00")  # 8 x 500
    assert case.data["approved_subsidy"] == "4000.00"
    assert waiting_steps(case) == ["residence_wait"]


def test_no_place_sends_the_applicant_back_to_choose_again(flow):
    case = case_of("model_worker_care", "13602280003")
    task_complete(
        task=open_item(case, "declaration_check").task,
        user=user("hexi_mw_officer"),
        outcome="verified",
        data={"register_match": True, "documents_complete": True, "needs_home_visit": True},
    )
    assert open_steps(case) == ["home_visit"]
    task_complete(task=open_item(case, "home_visit").task, user=user("hexi_mw_officer"), outcome="done")
    task_complete(
        task=open_item(case, "institution_confirm").task,
        user=user("hexi_home_clerk"),
        outcome="no_place",
        comment="本月无空床",
    )
    assert open_item(case, "revise").owner == case.applicant


def _pdf_text(document) -> str:
    document.file.open("rb")
    reader = pypdf.PdfReader(BytesIO(document.file.read()))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def test_letter_decision_and_payment_list_render(demo):
    render_pending(limit=100)  # what the background worker does after commit
    letter = Document.objects.get(
        case=case_of("model_worker_care", "13602280001"), key="recommendation_letter"
    )
    assert letter.status == Document.Status.RENDERED, letter.error
    assert f"津工劳荐〔{YEAR}〕001号" in _pdf_text(letter)
    case = case_of("model_worker_care", "13602280002")
    _through_to_city(case)
    case = _approve(case)
    render_pending(limit=100)
    for key in ("subsidy_decision", "payment_list"):
        document = Document.objects.get(case=case, key=key)
        assert document.status == Document.Status.RENDERED, document.error
        assert "1674.00" in _pdf_text(document)
