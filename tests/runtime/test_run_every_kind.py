"""A definition using every step kind runs to its end through the services."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from engine.models import Case, Notification
from engine.runtime.deadlines import deadlines_tick
from engine.runtime.services import task_claim, task_complete
from engine.runtime.votes import vote_cast

from .helpers import events, open_item


def _do(case, step, user, outcome, data=None, comment=""):
    item = open_item(case, step)
    task_claim(task=item.task, user=user)
    return task_complete(task=item.task, user=user, outcome=outcome, data=data, comment=comment)


@pytest.mark.django_db(transaction=True)
def test_main_path_through_every_step_kind(start, people):
    case = start()
    assert case.number.endswith("000001")
    assert case.data["total_income"] == "1200.00" and case.data["per_capita"] == "600.00"
    assert case.stage == "已受理"

    _do(case, "intake", people["officer"], "accept", {"call_note": "已电话联系"})
    # parallel branches are both open at once
    assert {open_item(case, "check_a").step, open_item(case, "check_b").step} == {"check_a", "check_b"}
    _do(case, "check_b", people["officer2"], "done")
    _do(case, "check_a", people["officer"], "done")
    _do(case, "assess", people["officer"], "grant", {"amount": "10400.00"})
    # amount > 5000: the chair of the parent (city) unit approves
    chair_item = open_item(case, "chair_approval")
    assert chair_item.org_unit.code == "dezhou"
    _do(case, "chair_approval", people["chair"], "approve")

    vote = open_item(case, "committee")
    for member, choice in (("m1", "for"), ("m2", "against"), ("m3", "for")):
        vote_cast(task=vote.task, user=people[member], choice=choice)

    case = Case.objects.get(pk=case.pk)
    year = timezone.localdate().year
    assert case.data["committee_passed"] is True and case.data["committee_for"] == 2
    assert case.data["file_no"] == f"禹测〔{year}〕001号"
    assert case.data["granted_amount"] == "10400.00"
    assert Notification.objects.filter(
        user=people["applicant"], message__contains=case.data["file_no"]
    ).exists()
    assert any(case.data["file_no"] in m.body for m in mail.outbox)

    assert case.stage == "等待回访"  # the sleeping case shows the wait step
    # the wait step sleeps six months, then the follow-up appears
    assert deadlines_tick()["woken"] == 0
    assert deadlines_tick(now=timezone.now() + dt.timedelta(days=200))["woken"] == 1
    _do(case, "follow_up", people["officer"], "done")

    case = Case.objects.get(pk=case.pk)
    assert case.status == "DONE" and case.final_status == "granted" and case.stage == "已发放"
    actions = [a for a, _, _ in events(case)]
    assert actions[0] == "start" and actions.count("complete") == 6 and "vote_closed" in actions
    assert ("auto", "filing", "") in events(case) and ("wake", "follow_up_wait", "") in events(case)


@pytest.mark.django_db(transaction=True)
def test_small_amount_skips_chair_and_failed_vote_rejects(start, people):
    case = start()
    _do(case, "intake", people["officer"], "accept", {"call_note": "ok"})
    _do(case, "check_a", people["officer"], "done")
    _do(case, "check_b", people["officer"], "done")
    _do(case, "assess", people["officer"], "grant", {"amount": "3000.00"})
    vote = open_item(case, "committee")  # no chair approval on this path
    for member, choice in (("m1", "against"), ("m2", "abstain"), ("m3", "for")):
        vote_cast(task=vote.task, user=people[member], choice=choice)
    case = Case.objects.get(pk=case.pk)
    assert case.final_status == "rejected" and case.data["committee_passed"] is False
    assert "file_no" not in case.data


@pytest.mark.django_db(transaction=True)
def test_return_for_revision_goes_to_the_applicant_and_back(start, people):
    case = start()
    _do(case, "intake", people["officer"], "accept", {"call_note": "ok"})
    _do(case, "check_a", people["officer"], "done")
    _do(case, "check_b", people["officer"], "done")
    _do(case, "assess", people["officer"], "return", comment="请补充收入证明")
    revise = open_item(case, "revise")
    assert revise.owner == people["applicant"] and revise.status == "ASSIGNED"
    task_complete(
        task=revise.task,
        user=people["applicant"],
        outcome="resubmit",
        data={"household": [{"relation": "本人", "income": "900.00"}]},
    )
    case = Case.objects.get(pk=case.pk)
    assert case.data["total_income"] == "900.00"
    assert open_item(case, "assess").status == "NEW"
    timeline = events(case)
    assert ("complete", "assess", "return") in timeline and ("complete", "revise", "resubmit") in timeline
    assert case.events.get(step="assess", outcome="return").comment == "请补充收入证明"
