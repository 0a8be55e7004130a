"""困难职工帮扶救助 (禹城): Ms 苑's case from the page, run end to end."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pypdf
import pytest

from engine.documents.models import Document
from engine.models import ProcessDefinition
from engine.runtime.deadlines import deadlines_tick
from engine.runtime.services import case_start, task_complete
from engine.worker import render_pending

from .conftest import case_of, demo_of, open_item, open_steps, user, waiting_steps

YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_of("hardship_aid")


@pytest.fixture
def flow(deferred_documents, demo):
    """The demo without rendering PDFs, for tests about the flow."""


def _pdf_text(document) -> str:
    document.file.open("rb")
    reader = pypdf.PdfReader(BytesIO(document.file.read()))
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")


def test_ms_yuan_is_filed_paid_and_waits_for_follow_up(flow):
    case = case_of("hardship_aid", "13905348866")
    assert case.data["file_no"] == f"禹困〔{YEAR}〕001号"
    assert case.data["aid_amount"] == "10400.00"
    assert case.data["paid_amount"] == "10400.00"
    # 10,400 yuan is above the 5,000 threshold, so the chair approved it.
    assert case.data["chair_approval_outcome"] == "approve"
    # Household figures computed by the definition from the household table.
    assert Decimal(case.data["household_size"]) == 4
    assert Decimal(case.data["annual_household_income"]) == Decimal("49200")
    assert Decimal(case.data["medical_out_of_pocket"]) == Decimal("45000")
    assert open_steps(case) == []  # no one's task: the case waits six months
    assert waiting_steps(case) == ["follow_up_wait"]
    assert case.status != "DONE"


def test_file_card_and_payment_notice_render_with_the_figures(demo):
    render_pending(limit=100)  # what the background worker does after commit
    case = case_of("hardship_aid", "13905348866")
    card = Document.objects.get(case=case, key="file_card")
    notice = Document.objects.get(case=case, key="payment_notice")
    assert card.status == notice.status == Document.Status.RENDERED, (card.error, notice.error)
    card_text = _pdf_text(card)
    assert f"禹困〔{YEAR}〕001号" in card_text
    assert "深度困难" in card_text and "苑晓梅" in card_text
    notice_text = _pdf_text(notice)
    assert "10400.00元" in notice_text
    assert "尾号8903" in notice_text


def _start_small_case():
    version = ProcessDefinition.objects.get(key="hardship_aid").published_version
    case = case_of("hardship_aid", "13905348866")
    fields = _apply_fields()
    data = {name: value for name, value in case.data.items() if name in fields}
    # Another worker: the demo applicant's own case is still open, and one ID
    # number may hold one open application (the definition's `unique:`).
    data["id_number"] = "371482199002021238"
    return case_start(version=version, applicant=user("13905348866"), org_unit=case.org_unit, data=data)


def _apply_fields():
    import yaml
    from django.conf import settings

    spec = yaml.safe_load((settings.WORKFLOWS_DIR / "hardship_aid/forms/apply.yaml").read_text())
    return {f["name"] for page in spec["steps"] for f in page["fields"]}


def test_call_back_is_due_in_thirty_minutes_with_a_reminder_at_twenty(flow):
    case = _start_small_case()
    item = open_item(case, "call_back")
    assert item.role == "rights_officer"
    assert item.due_at - item.created == dt.timedelta(minutes=30)
    assert item.due_at - item.remind_at == dt.timedelta(minutes=10)


def test_verification_runs_in_parallel_and_small_aid_skips_the_chair(flow):
    case = _start_small_case()
    officer = user("wangkai")
    task_complete(
        task=open_item(case, "call_back").task,
        user=officer,
        outcome="done",
        data={"call_reached": True, "call_summary": "已回访", "visit_date": "2024-01-19"},
    )
    assert open_steps(case) == ["enterprise_check", "home_visit"]
    task_complete(task=open_item(case, "home_visit").task, user=officer, outcome="done", data={})
    assert open_steps(case) == ["enterprise_check"]  # the join waits for both
    task_complete(task=open_item(case, "enterprise_check").task, user=officer, outcome="done", data={})
    task_complete(
        task=open_item(case, "assess").task,
        user=officer,
        outcome="grant",
        data={"eligible": True, "tier": "relative", "proposed_amount": "3000.00"},
    )
    case.refresh_from_db()
    assert open_steps(case) == ["payment"]
    assert case.data["file_no"] == f"禹困〔{YEAR}〕002号"
    assert "chair_approval_outcome" not in case.data


def test_return_for_revision_goes_back_to_the_applicant(flow):
    case = _start_small_case()
    officer = user("wangkai")
    task_complete(task=open_item(case, "call_back").task, user=officer, outcome="done", data={})
    for step in ("enterprise_check", "home_visit"):
        task_complete(task=open_item(case, step).task, user=officer, outcome="done", data={})
    task_complete(
        task=open_item(case, "assess").task, user=officer, outcome="return", comment="请补充收入证明"
    )
    item = open_item(case, "revise")
    assert item.owner == case.applicant


def test_missed_call_back_goes_to_the_department_head_who_can_finish_it(flow):
    case = _start_small_case()
    item = open_item(case, "call_back")
    deadlines_tick(now=item.created + dt.timedelta(minutes=21))
    item.refresh_from_db()
    assert item.reminded and not item.escalated
    deadlines_tick(now=item.created + dt.timedelta(minutes=31))
    item.refresh_from_db()
    assert (item.escalated, item.role) == (True, "dept_head")
    task_complete(
        task=item.task, user=user("yucheng_rights_head"), outcome="done", data={"call_summary": "部长回访"}
    )
    assert open_steps(case) == ["enterprise_check", "home_visit"]


def test_the_chairs_approval_comes_before_the_filing_it_triggered(flow):
    """Issue: 建档立卡 was listed above 工会主席审批 同意. Events carry the
    chain's seq in causal order, and times never run backwards along it."""
    from engine.models import CaseEvent
    from engine.runtime.audit_verify import case_chain_break

    case = case_of("hardship_aid", "13905348866")
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    kinds = [(e.action, e.step, e.outcome) for e in events]
    approved = kinds.index(("complete", "chair_approval", "approve"))
    assert kinds[approved + 1] == ("auto", "filing", "")
    assert events[approved].at <= events[approved + 1].at
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert case_chain_break(case) is None
