"""职业技能大赛 over HTTP: an entrant registers in the window through the
wizard, the event organiser reviews the entry and records the result, the
squad selector nominates, the entrant downloads the admission ticket and the
medal certificate; then correction and resubmission, a rejected entry, and a
fourth place that ends without a medal."""

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

KEY = "skills_competition"
YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db
GOLD = demo_entry(KEY, "gold_nev")
ENTRANT = GOLD["applicant"]["username"]
REVIEWED, RESULT, NOMINATED = GOLD["progress"]
ORGANISER = "bj_organiser"


@pytest.fixture(autouse=True)
def registration_open(monkeypatch):
    """Registration runs 15 April - 20 May: the tests apply on 1 May."""
    monkeypatch.setattr("forms.window.current_date", lambda: dt.date(YEAR, 5, 1))


@pytest.fixture
def logins(db):
    process_with_logins(KEY)


@pytest.fixture
def entered(logins, deferred_documents):
    return apply(login(ENTRANT), KEY, GOLD["answers"])


def completed(case):
    return [(step, outcome) for action, step, outcome in timeline(case) if action == "complete"]


def test_entry_review_result_medal_and_squad(logins):
    entrant = login(ENTRANT)
    case = apply(entrant, KEY, GOLD["answers"])
    assert open_steps(case) == ["eligibility_review"]
    walk(case, GOLD["progress"])
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "medalled")
    ticket_no, certificate_no = f"JSDS6-{YEAR}-00001", f"京技赛〔{YEAR}〕0001号"
    assert (case.data["ticket_no"], case.data["certificate_no"]) == (ticket_no, certificate_no)
    assert case.data["medal_awarded"] == "金牌"
    assert completed(case) == [
        ("eligibility_review", "accept"),
        ("results", "recorded"),
        ("squad_nomination", "nominate"),
    ]
    steps = [step for _action, step, _outcome in timeline(case)]
    assert steps[0] == "enter"
    assert steps.index("eligibility_review") < steps.index("admission") < steps.index("results")
    assert steps.index("results") < steps.index("award") < steps.index("squad_nomination")
    render_pending(limit=100)  # the background worker's pass after commit
    page = entrant.get(reverse("portal:case", args=[case.pk])).content.decode()
    ticket = Document.objects.get(case=case, key="admission_ticket")
    certificate = Document.objects.get(case=case, key="medal_certificate")
    for document in (ticket, certificate):
        assert reverse("documents:download", args=[document.pk]) in page
    ticket_text = download(entrant, ticket)
    assert "陈志远" in ticket_text and ticket_no in ticket_text and "北京交通运输职业学院" in ticket_text
    certificate_text = download(entrant, certificate)
    assert "陈志远" in certificate_text and certificate_no in certificate_text and "金牌" in certificate_text
    nomination = Document.objects.get(case=case, key="squad_nomination")
    assert "陈志远" in download(login("bj_squad"), nomination)


def test_correction_and_resubmission(entered):
    case = entered
    refuse_without_comment(case, "eligibility_review", ORGANISER, "correct", REVIEWED["data"])
    decide(
        case, "eligibility_review", ORGANISER, "correct", REVIEWED["data"], comment="请补充技能等级证书编号"
    )
    revise = open_item(case, "revise")
    entrant = login(ENTRANT)
    assert "请补充技能等级证书编号" in entrant.get(reverse("portal:case", args=[case.pk])).content.decode()
    answers = {**GOLD["answers"], "skill_cert_no": "S-2020-0001"}
    posted = {"outcome": "resubmit", **encode(task_fields(KEY, "revise"), answers)}
    response = entrant.post(reverse("portal:task", args=[revise.task_id]), posted)
    assert response.status_code == 302, errors("revise", response)
    case.refresh_from_db()
    assert case.data["skill_cert_no"] == "S-2020-0001" and open_steps(case) == ["eligibility_review"]
    walk(case, [REVIEWED])
    assert open_steps(case) == ["results"]
    assert completed(case) == [
        ("eligibility_review", "correct"),
        ("revise", "resubmit"),
        ("eligibility_review", "accept"),
    ]


def test_rejected_entry_needs_a_reason(entered):
    case = entered
    data = {**REVIEWED["data"], "residency_ok": False}
    organiser = refuse_without_comment(case, "eligibility_review", ORGANISER, "reject", data)
    item = open_item(case, "eligibility_review")
    posted = encode(task_fields(KEY, "eligibility_review"), data)
    response = decide_post(organiser, item, "reject", posted, comment="不符合在京工作条件")
    assert response.status_code == 302, errors("eligibility_review", response)
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "rejected")
    assert "ticket_no" not in case.data and not Document.objects.filter(case=case).exists()


def test_fourth_place_completes_without_a_medal(entered):
    case = entered
    walk(case, [REVIEWED])
    decide(case, "results", ORGANISER, "recorded", {"score": "80.0", "rank": 4})
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "completed")
    assert "certificate_no" not in case.data
    assert list(Document.objects.filter(case=case).values_list("key", flat=True)) == ["admission_ticket"]
