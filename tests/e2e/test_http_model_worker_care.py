"""劳模养老帮扶 over HTTP: a model worker's LTC subsidy from the wizard to
the subsidy decision she downloads; the priority-admission path through the
home visit and the institution's clerk; return and resubmit; the city's
refusal, which needs a reason."""

import datetime as dt

import pytest
from django.urls import reverse

from engine.documents.models import Document
from engine.worker import render_pending

from .conftest import process_with_logins
from .driver import (
    apply,
    decide,
    decide_post,
    demo_entry,
    download,
    encode,
    errors,
    login,
    open_item,
    open_steps,
    refuse_without_comment,
    task_fields,
    timeline,
    walk,
)

KEY = "model_worker_care"
YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db
LTC = demo_entry(KEY, "ltc_subsidy")
PRIORITY = demo_entry(KEY, "priority_admission")
OFFICER, CLERK, CITY = "hexi_mw_officer", "hexi_home_clerk", "tj_city_approver"
CHECKED = {
    "register_match": True,
    "register_no": "TJ-R-0002",
    "documents_complete": True,
    "needs_home_visit": False,
    "check_notes": "与市级劳模名册核对一致。",
}
APPROVED = {"funds_source": "劳模养老帮扶专项资金", "city_opinion": "同意。"}


@pytest.fixture
def logins(db):
    process_with_logins(KEY)


@pytest.fixture
def ltc_case(logins, deferred_documents):
    return apply(login(LTC["applicant"]["username"]), KEY, LTC["answers"])


def completed(case):
    return [(step, outcome) for action, step, outcome in timeline(case) if action == "complete"]


def test_ltc_subsidy_from_wizard_to_the_subsidy_decision(logins):
    applicant = login(LTC["applicant"]["username"])
    case = apply(applicant, KEY, LTC["answers"])
    assert case.data["ltc_paid"] == "5580.00"  # the statements table, summed by the form
    assert open_steps(case) == ["declaration_check"]
    decide(case, "declaration_check", OFFICER, "verified", CHECKED)
    assert open_steps(case) == ["city_approval"]  # no visit, no institution for the LTC subsidy
    decide(case, "city_approval", CITY, "approve", APPROVED)
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "granted")
    assert case.data["subsidy_amount"] == "1674.00" and case.data["approved_subsidy"] == "1674.00"
    events = timeline(case)
    assert events[0] == ("start", "apply", "")
    assert completed(case) == [("declaration_check", "verified"), ("city_approval", "approve")]
    steps = [step for _action, step, _outcome in events]
    assert steps.index("city_approval") < steps.index("issue_subsidy")
    render_pending(limit=100)  # the background worker's pass after commit
    decision = Document.objects.get(case=case, key="subsidy_decision")
    number = f"津工劳补〔{YEAR}〕001号"
    assert case.data["decision_no"] == number
    page = applicant.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert reverse("documents:download", args=[decision.pk]) in page
    text = download(applicant, decision)
    assert "钱淑芬" in text and "1674.00" in text and "5580.00" in text and number in text
    payment_list = Document.objects.get(case=case, key="payment_list")
    assert applicant.get(reverse("documents:download", args=[payment_list.pk])).status_code == 404
    assert "钱淑芬" in download(login(OFFICER), payment_list)


def test_priority_admission_through_visit_institution_and_city(logins, deferred_documents):
    case = apply(login(PRIORITY["applicant"]["username"]), KEY, PRIORITY["answers"])
    walk(case, PRIORITY["progress"])
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "admitted")
    assert completed(case) == [
        ("declaration_check", "verified"),
        ("home_visit", "done"),
        ("institution_confirm", "confirmed"),
        ("city_approval", "approve"),
    ]
    assert case.data["letter_no"] == f"津工劳荐〔{YEAR}〕001号"
    assert case.events.get(step="institution_confirm", action="complete").actor.username == CLERK


def test_return_for_material_and_resubmit(ltc_case):
    case = ltc_case
    refuse_without_comment(case, "declaration_check", OFFICER, "return", CHECKED)
    decide(case, "declaration_check", OFFICER, "return", CHECKED, comment="请补充长护险结算单")
    revise = open_item(case, "revise")
    applicant = login(LTC["applicant"]["username"])
    page = applicant.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert "请补充长护险结算单" in page
    statements = [*LTC["answers"]["ltc_statements"], {"period": "2024-04", "fund_paid": "1860.00"}]
    answers = {**LTC["answers"], "ltc_statements": statements}
    posted = {"outcome": "resubmit", **encode(task_fields(KEY, "revise"), answers)}
    response = applicant.post(reverse("portal:task", args=[revise.task_id]), posted)
    assert response.status_code == 302, errors("revise", response)
    case.refresh_from_db()
    assert case.data["ltc_paid"] == "7440.00" and open_steps(case) == ["declaration_check"]
    decide(case, "declaration_check", OFFICER, "verified", CHECKED)
    decide(case, "city_approval", CITY, "approve", APPROVED)
    case.refresh_from_db()
    assert case.final_status == "granted" and case.data["subsidy_amount"] == "2232.00"  # 7,440 x 30 %
    assert completed(case) == [
        ("declaration_check", "return"),
        ("revise", "resubmit"),
        ("declaration_check", "verified"),
        ("city_approval", "approve"),
    ]


def test_city_refusal_needs_a_reason_and_ends_the_case(ltc_case):
    case = ltc_case
    decide(case, "declaration_check", OFFICER, "verified", CHECKED)
    city = refuse_without_comment(case, "city_approval", CITY, "reject", APPROVED)
    item = open_item(case, "city_approval")
    posted = encode(task_fields(KEY, "city_approval"), APPROVED)
    response = decide_post(city, item, "reject", posted, comment="专项资金本年度已用完")
    assert response.status_code == 302, errors("city_approval", response)
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "rejected")
    assert completed(case)[-1] == ("city_approval", "reject")
    assert case.events.get(step="city_approval", outcome="reject").comment == "专项资金本年度已用完"
    assert "decision_no" not in case.data and not Document.objects.filter(case=case).exists()
