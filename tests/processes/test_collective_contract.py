"""专项集体合同 (唐山): negotiation rounds, the workers' congress vote,
signing in either order and filing with the HR bureau."""

import datetime as dt
from io import BytesIO

import pypdf
import pytest
from viewflow.workflow.models import Task

from engine.documents.models import Document
from engine.runtime.services import task_complete
from engine.runtime.votes import vote_cast
from engine.worker import render_pending

from .conftest import demo_of, open_item, open_steps, user

YEAR = dt.date.today().year
CLERK = "13803150001"
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_of("collective_contract")


@pytest.fixture
def flow(deferred_documents, demo):
    """The demo without rendering PDFs."""


def _skills_case():
    return next(case for case in case_of_all() if case.data.get("contract_kind") == "skills")


def case_of_all():
    from engine.models import Case

    return Case.objects.filter(process_key="collective_contract", applicant__username=CLERK)


def _vote(case, choices):
    item = open_item(case, "congress")
    for number, choice in enumerate(choices, start=1):
        vote_cast(task=item.task, user=user(f"ts_delegate{number}"), choice=choice)
    case.refresh_from_db()
    return case


def _sign_and_file(case):
    task_complete(
        task=open_item(case, "sign_legal").task,
        user=user("ts_legal_rep"),
        outcome="signed",
        data={"legal_signer": "刘建国", "legal_sign_date": "2024-09-20", "legal_signature_confirmed": True},
    )
    assert open_steps(case) == ["sign_union"]  # the join waits for the other party
    task_complete(
        task=open_item(case, "sign_union").task,
        user=user("ts_union_chair"),
        outcome="signed",
        data={"union_signer": "张红梅", "union_sign_date": "2024-09-21", "union_signature_confirmed": True},
    )
    review = open_item(case, "hr_review")
    assert review.org_unit.code == "tangshan"  # unit: city, where the bureau's reviewer acts
    task_complete(
        task=review.task,
        user=user("ts_hr_reviewer"),
        outcome="accept",
        data={
            "procedure_compliant": True,
            "content_compliant": True,
            "review_date": "2024-10-08",
            "review_opinion": "准予备案",
        },
    )
    case.refresh_from_db()
    return case


def test_each_negotiation_round_keeps_its_clause_values(flow):
    case = _skills_case()
    assert open_steps(case) == ["congress"]
    rounds = [
        (task.flow_task.name, task.data["answers"].get("training_fund_pct"))
        for task in Task.objects.filter(process_id=case.pk).order_by("created", "pk")
        if task.flow_task and task.flow_task.name.endswith("_round")
    ]
    assert rounds == [("management_round", "2.0"), ("union_round", "2.2"), ("management_round", "2.2")]
    assert case.data["training_fund_pct"] == "2.2"


def test_congress_majority_then_signing_in_either_order_then_filing(flow):
    case = _vote(_skills_case(), ["for", "for", "for", "for", "abstain"])
    assert case.data["congress_passed"] is True
    assert (case.data["congress_for"], case.data["congress_abstain"]) == (4, 1)
    assert open_steps(case) == ["sign_legal", "sign_union"]
    case = _sign_and_file(case)
    assert case.data["filing_no"] == f"唐人社集备〔{YEAR}〕0001号"
    assert case.final_status == "filed"


def test_congress_rejection_goes_back_to_negotiation(flow):
    case = _vote(_skills_case(), ["for", "for", "against", "against", "against"])
    assert case.data["congress_passed"] is False
    assert open_steps(case) == ["union_round"]


def test_hr_bureau_can_return_the_contract(flow):
    case = _vote(_skills_case(), ["for"] * 5)
    for step, who in (("sign_union", "ts_union_chair"), ("sign_legal", "ts_legal_rep")):
        task_complete(task=open_item(case, step).task, user=user(who), outcome="signed")
    task_complete(
        task=open_item(case, "hr_review").task,
        user=user("ts_hr_reviewer"),
        outcome="return",
        comment="培训经费提取比例表述不清",
    )
    assert open_steps(case) == ["union_round"]


def test_contract_text_prints_the_agreed_clauses_signatures_and_filing_number(demo):
    case = _sign_and_file(_vote(_skills_case(), ["for"] * 5))
    render_pending(limit=100)  # what the background worker does after commit
    contract = Document.objects.get(case=case, key="contract_text")
    receipt = Document.objects.get(case=case, key="filing_receipt")
    assert contract.status == receipt.status == Document.Status.RENDERED, (contract.error, receipt.error)
    contract.file.open("rb")
    reader = pypdf.PdfReader(BytesIO(contract.file.read()))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert f"唐人社集备〔{YEAR}〕0001号" in text
    assert "工资总额的2.2%" in text
    assert "不少于4场" in text and "刘建国" in text and "张红梅" in text
