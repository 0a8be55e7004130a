from django.urls import reverse

from engine.models import Ballot, WorkItem
from engine.runtime.services import task_claim, task_complete
from tests.e2e.driver import refused_page

from .helpers import advance_to_assess, item_at


def _claimed_intake(case, officer):
    item = item_at(case, "intake")
    task_claim(task=item.task, user=officer)
    return item


def test_case_file_shows_answers_repeat_group_as_table_timeline_and_holder(case, people, login):
    officer = people["officer"]
    _claimed_intake(case, officer)
    html = login(officer).get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert "<th>关系</th>" in html and "<td>女儿</td>" in html  # the household table
    assert "1200.00 元" in html
    assert "由 officer 办理" in html  # current step and holder
    assert "提交申请" in html and "领取" in html  # timeline actions
    assert 'name="outcome" value="accept"' in html and 'name="outcome" value="withdraw"' in html
    assert 'name="confirm_withdraw"' in html  # the irreversible outcome asks for confirmation
    assert 'name="call_note"' in html  # the step's form


def test_outcome_needing_a_comment_is_refused_without_one(case, people, login):
    item = _claimed_intake(case, people["officer"])
    url = reverse("casefile:decide", args=[case.pk, item.task_id])
    client = login(people["officer"])
    response = client.post(url, {"outcome": "withdraw", "call_note": "x", "confirm_withdraw": "1"})
    assert "选择“撤回”时必须填写意见。" in refused_page(client, response)
    assert item_at(case, "intake").status == "ASSIGNED"


def test_irreversible_outcome_needs_confirmation(case, people, login):
    item = _claimed_intake(case, people["officer"])
    url = reverse("casefile:decide", args=[case.pk, item.task_id])
    client = login(people["officer"])
    response = client.post(url, {"outcome": "withdraw", "call_note": "x", "comment": "申请人要求撤回"})
    assert "请勾选确认" in refused_page(client, response)
    assert item_at(case, "intake").status == "ASSIGNED"
    response = client.post(
        url, {"outcome": "withdraw", "call_note": "x", "comment": "申请人要求撤回", "confirm_withdraw": "1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.final_status == "withdrawn"
    event = case.events.get(action="complete")
    assert event.comment == "申请人要求撤回" and event.actor == people["officer"]


def test_form_errors_show_by_the_field_and_nothing_moves(case, people, login):
    item = _claimed_intake(case, people["officer"])
    url = reverse("casefile:decide", args=[case.pk, item.task_id])
    client = login(people["officer"])
    response = client.post(url, {"outcome": "accept", "call_note": ""})
    assert "errorlist" in refused_page(client, response)
    assert WorkItem.objects.get(pk=item.pk).status == "ASSIGNED"


def test_form_answers_reach_the_case_data(case, people, login):
    officer = people["officer"]
    item = advance_to_assess(case, officer)
    response = login(officer).post(
        reverse("casefile:decide", args=[case.pk, item.task_id]), {"outcome": "grant", "amount": "800"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.data["amount"] == "800.00" and case.data["assess_outcome"] == "grant"


def test_vote_panel_casts_a_ballot(case, people, login):
    officer = people["officer"]
    item = advance_to_assess(case, officer)
    task_complete(task=item.task, user=officer, outcome="grant", data={"amount": "100"})
    vote = item_at(case, "committee")
    client = login(people["m1"])
    html = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert 'name="outcome" value="for"' in html
    response = client.post(reverse("casefile:decide", args=[case.pk, vote.task_id]), {"outcome": "for"})
    assert response.status_code == 302
    assert Ballot.objects.get(task_id=vote.task_id).voter == people["m1"]
    page = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert 'name="outcome" value="for"' not in page  # no second ballot offered
    again = client.post(reverse("casefile:decide", args=[case.pk, vote.task_id]), {"outcome": "for"})
    assert "您已经投过票了。" in refused_page(client, again)
