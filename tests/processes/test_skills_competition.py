"""职业技能大赛 (北京第六届): entry, review, ticket, results, medals, squad."""

import datetime as dt
from io import BytesIO

import pypdf
import pytest

from engine.documents.models import Document
from engine.runtime.services import task_complete
from engine.worker import render_pending

from .conftest import case_of, demo_of, open_item, open_steps, user

YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_of("skills_competition")


@pytest.fixture
def flow(deferred_documents, demo):
    """The demo without rendering PDFs."""


def _keys(case):
    return set(Document.objects.filter(case=case).values_list("key", flat=True))


def test_national_event_gold_gets_certificate_promotion_and_squad_nomination(flow):
    case = case_of("skills_competition", "13701010001")
    assert case.final_status == "medalled"
    assert (case.data["medal"], case.data["medal_label"]) == ("gold", "金牌")
    assert case.data["ticket_no"] == f"JSDS6-{YEAR}-00001"
    assert case.data["certificate_no"] == f"京技赛〔{YEAR}〕0001号"
    assert case.data["squad_nomination_outcome"] == "nominate"
    assert _keys(case) == {
        "admission_ticket",
        "medal_certificate",
        "promotion_recommendation",
        "squad_nomination",
    }


def test_industry_event_silver_is_not_a_squad_candidate(flow):
    case = case_of("skills_competition", "13701010002")
    assert case.final_status == "medalled"
    assert case.data["medal_label"] == "银牌"
    assert "squad_nomination_outcome" not in case.data
    assert _keys(case) == {"admission_ticket", "medal_certificate"}


def test_correction_returns_to_the_entrant_and_fourth_place_gets_no_medal(flow):
    case = case_of("skills_competition", "13701010003")
    organiser = user("bj_organiser")
    task_complete(
        task=open_item(case, "eligibility_review").task,
        user=organiser,
        outcome="correct",
        comment="请补充团队成员的技能等级",
    )
    assert open_item(case, "revise").owner == case.applicant
    task_complete(task=open_item(case, "revise").task, user=case.applicant, outcome="resubmit")
    task_complete(
        task=open_item(case, "eligibility_review").task,
        user=organiser,
        outcome="accept",
        data={
            "age_ok": True,
            "level_ok": True,
            "residency_ok": True,
            "venue": "北京市工贸技师学院",
            "competition_date": "2024-06-20",
            "competition_time": "9:00",
        },
    )
    task_complete(
        task=open_item(case, "results").task,
        user=organiser,
        outcome="recorded",
        data={"score": "80.0", "rank": 4},
    )
    case.refresh_from_db()
    assert case.final_status == "completed"
    assert case.data["medal"] == ""
    assert _keys(case) == {"admission_ticket"}
    assert open_steps(case) == []


def test_ticket_and_certificate_render(demo):
    render_pending(limit=100)  # what the background worker does after commit
    case = case_of("skills_competition", "13701010001")
    texts = {}
    for document in Document.objects.filter(case=case):
        assert document.status == Document.Status.RENDERED, document.error
        document.file.open("rb")
        reader = pypdf.PdfReader(BytesIO(document.file.read()))
        texts[document.key] = (
            "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
        )
    assert f"JSDS6-{YEAR}-00001" in texts["admission_ticket"]
    assert "北京交通运输职业学院" in texts["admission_ticket"]
    assert "金牌" in texts["medal_certificate"] and "陈志远" in texts["medal_certificate"]
    assert "推荐晋升" in texts["promotion_recommendation"]
    assert "北京集训队" in texts["squad_nomination"] and "新能源汽车智能化技术" in texts["squad_nomination"]
