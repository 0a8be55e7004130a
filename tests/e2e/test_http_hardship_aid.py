"""困难职工帮扶救助 over HTTP: Ms 苑 applies through the wizard, the rights
officer, the chair and finance claim and decide in the inbox and case file,
she downloads the payment notice; then reject, return-and-resubmit and the
missed call-back that goes to the department head."""

import datetime as dt

import pytest
from django.urls import reverse

from engine.documents.models import Document
from engine.runtime.deadlines import deadlines_tick
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
    refused_page,
    task_fields,
    timeline,
    walk,
)

KEY = "hardship_aid"
APPLICANT = "13905348866"
YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db
YUAN = demo_entry(KEY, "yuan")
CALL, *CHECKS = YUAN["progress"][:3]
ASSESS, PAYMENT = YUAN["progress"][3], YUAN["progress"][5]
NOT_ELIGIBLE = {"eligible": "false", "assessment_notes": "人均收入高于标准"}
FOLLOW_UP = {"follow_up_date": "2024-07-19", "current_situation": "recovered", "follow_up_notes": "已就业"}
VERIFIED = [
    ("claim", "call_back", ""),
    ("complete", "call_back", "done"),
    ("claim", "enterprise_check", ""),
    ("complete", "enterprise_check", "done"),
    ("claim", "home_visit", ""),
    ("complete", "home_visit", "done"),
]


@pytest.fixture
def logins(db):
    process_with_logins(KEY)


@pytest.fixture
def applied(logins, deferred_documents):
    return apply(login(APPLICANT), KEY, YUAN["answers"])


def decisions(case):
    """The audit timeline without claims and automatic steps."""
    return [(action, step, outcome) for action, step, outcome in timeline(case) if action != "claim"]


def test_main_path_to_a_closed_file_with_the_payment_notice(logins):
    applicant = login(APPLICANT)
    case = apply(applicant, KEY, YUAN["answers"])
    assert open_steps(case) == ["call_back"]
    walk(case, YUAN["progress"])  # call-back, both checks, 10,400 > 5,000: chair, then finance
    case.refresh_from_db()
    assert case.data["file_no"] == f"禹困〔{YEAR}〕001号" and case.data["aid_amount"] == "10400.00"
    assert open_steps(case) == [] and case.final_status == ""  # waits six months
    deadlines_tick(now=case.created + dt.timedelta(days=190))
    decide(case, "follow_up", "wangkai", "close", FOLLOW_UP, comment="家庭收入恢复，脱困结档")
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "granted")
    events = timeline(case)
    assert events[0] == ("start", "apply", "") and events[1:7] == VERIFIED
    assert [event for event in events[7:] if event[0] == "complete"] == [
        ("complete", "assess", "grant"),
        ("complete", "chair_approval", "approve"),
        ("complete", "payment", "paid"),
        ("complete", "follow_up", "close"),
    ]
    steps = [step for _action, step, _outcome in events]
    assert steps.index("chair_approval") < steps.index("filing") < steps.index("payment")
    assert steps.index("payment") < steps.index("payment_notice") < steps.index("follow_up")
    render_pending(limit=100)  # the background worker's pass after commit
    notice = Document.objects.get(case=case, key="payment_notice")
    portal = applicant.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert reverse("documents:download", args=[notice.pk]) in portal
    text = download(applicant, notice)
    assert "苑晓梅" in text and "10400.00元" in text and f"禹困〔{YEAR}〕001号" in text
    card = Document.objects.get(case=case, key="file_card")
    assert applicant.get(reverse("documents:download", args=[card.pk])).status_code == 404  # staff only
    card_text = download(login("wangkai"), card)
    assert "苑晓梅" in card_text and f"禹困〔{YEAR}〕001号" in card_text and "深度困难" in card_text


def test_reject_needs_a_comment_and_ends_the_case(applied):
    case = applied
    walk(case, [CALL, *CHECKS])
    officer = login("wangkai")
    item = open_item(case, "assess")
    officer.post(reverse("inbox:claim", args=[item.task_id]))
    before = timeline(case)
    refused = decide_post(officer, item, "reject", NOT_ELIGIBLE)
    assert "选择“不予帮扶”时必须填写意见" in refused_page(officer, refused)
    assert timeline(case) == before and open_item(case, "assess").pk == item.pk
    response = decide_post(officer, item, "reject", NOT_ELIGIBLE, comment="家庭人均收入高于当地标准")
    assert response.status_code == 302, errors("assess", response)
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "rejected") and open_steps(case) == []
    assert timeline(case)[-1] == ("complete", "assess", "reject")
    assert case.events.get(step="assess", outcome="reject").comment == "家庭人均收入高于当地标准"
    page = login(APPLICANT).get(reverse("portal:case", args=[case.pk])).content.decode()
    # The applicant sees the end stage; the portal shows only a return's comment (see the report).
    assert "<strong>未予帮扶</strong>" in page


def test_return_for_material_and_resubmit_in_the_portal(applied):
    case = applied
    walk(case, [CALL, *CHECKS])
    decide(case, "assess", "wangkai", "return", NOT_ELIGIBLE, comment="请补充收入证明")
    revise = open_item(case, "revise")
    applicant = login(APPLICANT)
    page = applicant.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert "请补充收入证明" in page and reverse("portal:task", args=[revise.task_id]) in page
    answers = {**YUAN["answers"], "monthly_wage": "3300.00"}
    posted = {"outcome": "resubmit", **encode(task_fields(KEY, "revise"), answers)}
    response = applicant.post(reverse("portal:task", args=[revise.task_id]), posted)
    assert response.status_code == 302, errors("revise", response)
    case.refresh_from_db()
    assert case.data["monthly_wage"] == "3300.00" and open_steps(case) == ["assess"]
    small = {**ASSESS["data"], "proposed_amount": "3000.00", "tier": "relative"}
    decide(case, "assess", "wangkai", "grant", small)
    decide(case, "payment", "yucheng_finance", "paid", {**PAYMENT["data"], "paid_amount": "3000.00"})
    case.refresh_from_db()
    assert [event for event in decisions(case) if event[0] == "complete"][-5:] == [
        ("complete", "home_visit", "done"),
        ("complete", "assess", "return"),
        ("complete", "revise", "resubmit"),
        ("complete", "assess", "grant"),  # 3,000 is under the chair's threshold
        ("complete", "payment", "paid"),
    ]
    assert case.data["aid_amount"] == "3000.00" and case.data["file_no"] == f"禹困〔{YEAR}〕001号"


def test_missed_call_back_escalates_to_the_department_head(applied):
    case = applied
    item = open_item(case, "call_back")
    deadlines_tick(now=item.due_at + dt.timedelta(minutes=1))
    item.refresh_from_db()
    assert (item.escalated, item.role) == (True, "dept_head")
    queue = login("yucheng_rights_head").get(reverse("inbox:inbox"), {"tab": "queue"}).content.decode()
    assert case.number in queue
    assert case.number not in login("wangkai").get(reverse("inbox:inbox"), {"tab": "queue"}).content.decode()
    decide(case, "call_back", "yucheng_rights_head", "done", {**CALL["data"], "call_summary": "部长回访"})
    assert open_steps(case) == ["enterprise_check", "home_visit"]
    events = timeline(case)
    escalation = next(event for event in events if "escalat" in event[0])
    assert escalation[1] == "call_back"
    assert events.index(escalation) < events.index(("complete", "call_back", "done"))
    assert case.events.get(step="call_back", outcome="done").actor.username == "yucheng_rights_head"


def test_escalation_of_a_claimed_task_tells_its_holder(applied):
    from engine.models import Notification

    case = applied
    officer = login("wangkai")
    item = open_item(case, "call_back")
    assert officer.post(reverse("inbox:claim", args=[item.task_id])).status_code == 302
    deadlines_tick(now=item.due_at + dt.timedelta(minutes=1))
    item.refresh_from_db()
    assert item.owner is None and item.role == "dept_head"
    notice = Notification.objects.get(user__username="wangkai", key="escalated_away")
    assert notice.text == f"超时未办：{case.title} · 电话回访 已转交权益保障部部长办理，不再由您持有"
    notifications = officer.get(reverse("portal:notifications")).content.decode()
    assert "已转交权益保障部部长办理" in notifications
