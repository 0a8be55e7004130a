"""专项集体合同 over HTTP: the enterprise union drafts the contract in the
wizard, management and union negotiate in rounds in the case file, the
workers' congress votes, both parties sign, the HR bureau files it and the
union downloads the contract text; then a failed vote, the bureau's return
and abandoning the negotiation."""

import datetime as dt

import pytest
from django.urls import reverse

from engine.documents.models import Document
from engine.models import Ballot
from engine.worker import render_pending

from .conftest import process_with_logins
from .driver import (
    apply,
    claim,
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
    refused_page,
    task_fields,
    timeline,
)

KEY = "collective_contract"
YEAR = dt.date.today().year
pytestmark = pytest.mark.django_db
SKILLS = demo_entry(KEY, "skills_contract")
CLERK = SKILLS["applicant"]["username"]
ANSWERS = SKILLS["answers"]
LEGAL = {"legal_signer": "刘建国", "legal_sign_date": "2024-09-20", "legal_signature_confirmed": True}
UNION = {"union_signer": "张红梅", "union_sign_date": "2024-09-21", "union_signature_confirmed": True}
REVIEW = {
    "procedure_compliant": True,
    "content_compliant": True,
    "review_date": "2024-10-08",
    "review_opinion": "准予备案",
}


@pytest.fixture
def logins(db):
    process_with_logins(KEY)


@pytest.fixture
def agreed(logins, deferred_documents):
    """Drafted and negotiated: the congress is to vote."""
    return negotiated(apply(login(CLERK), KEY, ANSWERS))


def negotiated(case):
    """The demo's three rounds, each posting the whole contract form with
    that round's changes, as the negotiators edit it in the case file."""
    for entry in SKILLS["progress"]:
        changes = {**ANSWERS, **entry["data"]}
        decide(case, entry["step"], entry["by"], entry["outcome"], changes, entry.get("comment", ""))
    assert open_steps(case) == ["congress"]
    case.refresh_from_db()
    return case


def vote(case, choices):
    item = open_item(case, "congress")
    for number, choice in enumerate(choices, start=1):
        response = login(f"ts_delegate{number}").post(
            reverse("casefile:decide", args=[case.pk, item.task_id]), {"outcome": choice}
        )
        assert response.status_code == 302, errors("congress", response)
    assert Ballot.objects.filter(task_id=item.task_id).count() == len(choices)
    case.refresh_from_db()
    return case


def sign_and_file(case):
    decide(case, "sign_legal", "ts_legal_rep", "signed", LEGAL)
    assert open_steps(case) == ["sign_union"]  # the join waits for the other party
    decide(case, "sign_union", "ts_union_chair", "signed", UNION)
    decide(case, "hr_review", "ts_hr_reviewer", "accept", REVIEW)
    case.refresh_from_db()
    return case


def completed(case):
    """Decisions, ballots and vote results, in order (claims left out)."""
    return [
        (step, outcome) for action, step, outcome in timeline(case) if action != "claim" and step != "filing"
    ]


ROUNDS = [
    ("draft", ""),
    ("management_round", "another_round"),
    ("union_round", "another_round"),
    ("management_round", "agreed"),
]
BALLOTS = [("congress", choice) for choice in ("for", "for", "for", "for", "abstain")]


def test_rounds_vote_signatures_and_filing_to_the_contract_text(logins):
    clerk = login(CLERK)
    case = negotiated(apply(clerk, KEY, ANSWERS))
    assert case.data["training_fund_pct"] == "2.2"
    case = vote(case, ["for", "for", "for", "for", "abstain"])
    assert case.data["congress_passed"] is True and case.data["congress_for"] == 4
    assert open_steps(case) == ["sign_legal", "sign_union"]
    case = sign_and_file(case)
    assert (case.status, case.final_status) == ("DONE", "filed")
    number = f"唐人社集备〔{YEAR}〕0001号"
    assert case.data["filing_no"] == number
    events = timeline(case)
    assert events[0] == ("start", "draft", "")
    assert completed(case) == [
        *ROUNDS,
        *BALLOTS,
        ("congress", "True"),  # vote_closed: passed
        ("sign_legal", "signed"),
        ("sign_union", "signed"),
        ("hr_review", "accept"),
    ]
    steps = [step for _action, step, _outcome in events]
    assert steps.index("hr_review") < steps.index("filing")
    render_pending(limit=100)  # the background worker's pass after commit
    contract = Document.objects.get(case=case, key="contract_text")
    page = clerk.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert reverse("documents:download", args=[contract.pk]) in page
    text = download(clerk, contract)
    assert "唐山示范机械制造有限公司" in text and number in text
    assert "工资总额的2.2%" in text and "不少于4场" in text and "刘建国" in text and "张红梅" in text
    receipt = Document.objects.get(case=case, key="filing_receipt")
    assert number in download(login("ts_hr_reviewer"), receipt)


def test_a_failed_vote_goes_back_to_negotiation_and_a_second_vote_passes(agreed):
    case = vote(agreed, ["for", "for", "against", "against", "against"])
    assert case.data["congress_passed"] is False and case.data["congress_against"] == 3
    assert open_steps(case) == ["union_round"]
    assert completed(case)[-1] == ("congress", "False")  # vote_closed: failed
    decide(case, "union_round", "ts_union_rep", "agreed", {**ANSWERS, "training_fund_pct": "2.4"})
    case = vote(case, ["for", "for", "for", "against", "against"])
    assert case.data["congress_passed"] is True and open_steps(case) == ["sign_legal", "sign_union"]
    assert [event for event in completed(case) if event[1] != "for" and event[1] != "against"][4:] == [
        ("congress", "False"),
        ("union_round", "agreed"),
        ("congress", "True"),
    ]


def test_hr_bureau_returns_the_contract_with_a_reason(agreed):
    case = vote(agreed, ["for"] * 5)
    decide(case, "sign_legal", "ts_legal_rep", "signed", LEGAL)
    decide(case, "sign_union", "ts_union_chair", "signed", UNION)
    bureau = refuse_without_comment(case, "hr_review", "ts_hr_reviewer", "return", REVIEW)
    item = open_item(case, "hr_review")
    posted = encode(task_fields(KEY, "hr_review"), {**REVIEW, "review_opinion": "退回"})
    response = decide_post(bureau, item, "return", posted, comment="培训经费表述不清")
    assert response.status_code == 302, errors("hr_review", response)
    assert open_steps(case) == ["union_round"]
    assert case.events.get(step="hr_review", outcome="return").comment == "培训经费表述不清"


def test_abandoning_needs_a_reason_and_confirmation(logins, deferred_documents):
    case = apply(login(CLERK), KEY, ANSWERS)
    decide(case, "management_round", "ts_mgmt_rep", "another_round", ANSWERS, comment="比例过高")
    union = login("ts_union_rep")
    item = open_item(case, "union_round")
    claim(union, item)
    contract = encode(task_fields(KEY, "union_round"), ANSWERS)
    unconfirmed = decide_post(union, item, "abandon", contract, comment="企业拒绝协商", confirm=False)
    assert "请勾选确认" in refused_page(union, unconfirmed)
    assert open_steps(case) == ["union_round"]
    response = decide_post(union, item, "abandon", contract, comment="企业拒绝协商")
    assert response.status_code == 302, errors("union_round", response)
    case.refresh_from_db()
    assert (case.status, case.final_status) == ("DONE", "withdrawn")
