"""Outcome rules over HTTP, on 困难职工帮扶救助 as the rights officer and the
chair use it: withdrawing and returning need no findings, 建档帮扶 applies
only when eligible, the amount must lie within the tier's range from the
reference list, the chair sees tier and amount atop the panel, a refused
decision comes back by redirect (a reload does not post it again), and a
decision that case data makes fail is a message, rolled back and recorded."""

import re

import pytest
from django.urls import reverse

from engine.models import CaseEvent

from .conftest import process_with_logins
from .driver import (
    apply,
    claim,
    decide_post,
    demo_entry,
    login,
    open_item,
    open_steps,
    refused_page,
    timeline,
    walk,
)

KEY = "hardship_aid"
APPLICANT = "13905348866"
YUAN = demo_entry(KEY, "yuan")
CALL, *CHECKS = YUAN["progress"][:3]
pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(db, deferred_documents):
    process_with_logins(KEY)
    return apply(login(APPLICANT), KEY, YUAN["answers"])


def _claimed(case, step, by="wangkai"):
    client = login(by)
    item = open_item(case, step)
    if item.status == "NEW":
        claim(client, item)
    return client, open_item(case, step)


def _panel(client, case):
    return client.get(reverse("casefile:case", args=[case.pk])).content.decode()


def test_withdraw_at_call_back_needs_only_the_reason(applied):
    client, item = _claimed(applied, "call_back")
    html = _panel(client, applied)
    # the panel says what each outcome needs and shows the phone as a tel: link
    assert re.search(r"<strong>申请人撤回</strong>：需填写\s*<span class=\"need\">意见</span>", html)
    assert 'href="tel:13905348866"' in html
    response = decide_post(client, item, "withdraw", {}, comment="申请人来电撤回申请")
    assert response.status_code == 302 and response["Location"] == reverse("inbox:inbox")
    applied.refresh_from_db()
    assert applied.final_status == "withdrawn"


def test_done_still_needs_the_call_record(applied):
    client, item = _claimed(applied, "call_back")
    page = refused_page(client, decide_post(client, item, "done", {}))
    assert "errorlist" in page and open_steps(applied) == ["call_back"]


def _at_assess(case):
    walk(case, [CALL, *CHECKS])
    return _claimed(case, "assess")


def test_return_needs_only_the_comment(applied):
    client, item = _at_assess(applied)
    response = decide_post(client, item, "return", {}, comment="请补充医疗费用票据")
    assert response["Location"] == reverse("inbox:inbox")
    assert open_steps(applied) == ["revise"]


def test_grant_is_offered_and_accepted_only_when_eligible(applied):
    client, item = _at_assess(applied)
    html = _panel(client, applied)
    # no answer yet: 建档帮扶 is hidden and the reason shown in its place
    assert re.search(r'<button type="submit" name="outcome" value="grant"[^>]* hidden', html)
    assert "只有“符合建档条件”选“是”时才能建档帮扶。" in html
    url = reverse("casefile:visibility", args=[item.task_id])
    assert "grant" not in client.post(url, {"eligible": "false"}).json()["outcomes"]
    assert "grant" in client.post(url, {"eligible": "true"}).json()["outcomes"]
    before = timeline(applied)
    refused = decide_post(client, item, "grant", {"eligible": "false", "assessment_notes": "不符合"})
    assert "只有“符合建档条件”选“是”时才能建档帮扶。" in refused_page(client, refused)
    assert timeline(applied) == before and open_steps(applied) == ["assess"]


def test_amount_must_lie_within_the_tier_range(applied):
    client, item = _at_assess(applied)
    answers = {"eligible": "true", "tier": "relative", "proposed_amount": "8000", "assessment_notes": "x"}
    page = refused_page(client, decide_post(client, item, "grant", answers))
    assert "按“相对困难”的标准，应在 1000 至 5000 之间。" in page
    assert open_steps(applied) == ["assess"]
    answers["tier"] = "deep"  # 5000-20000: 8000 fits, and above 5000 goes to the chair
    response = decide_post(client, item, "grant", answers)
    assert response["Location"] == reverse("inbox:inbox")
    assert open_steps(applied) == ["chair_approval"]
    chair = login("yangxin")
    html = _panel(chair, applied)
    summary = html[
        html.index('class="panel-summary"') : html.index("</dl>", html.index('class="panel-summary"'))
    ]
    assert "帮扶档次" in summary and "深度困难" in summary and "8000.00 元" in summary


def test_a_refused_decision_redirects_and_a_reload_does_not_post_again(applied):
    client, item = _claimed(applied, "call_back")
    response = decide_post(client, item, "done", {"call_summary": "已通话"})
    assert response.status_code == 302 and "#task-" in response["Location"]
    first = client.get(response["Location"]).content.decode()
    assert "已通话" in first and "errorlist" in first  # the answers given are kept, with the errors
    again = client.get(response["Location"]).content.decode()
    assert "errorlist" not in again  # shown once; a reload reads the page afresh
    assert not CaseEvent.objects.filter(case=applied, action="complete").exists()


def test_a_decision_that_case_data_makes_fail_is_a_message_and_rolled_back(applied, monkeypatch):
    from engine.expressions import ExpressionError
    from engine.runtime import services

    client, item = _claimed(applied, "call_back")

    def broken(*args, **kwargs):
        raise ExpressionError("表达式 'proposed_amount > 5000' 计算失败")

    monkeypatch.setattr(services, "_finish_task", broken)
    answers = {"call_reached": "true", "call_summary": "已通话", "visit_date": "2024-01-19"}
    response = decide_post(client, item, "done", answers)
    page = refused_page(client, response)
    assert "按当前填写的内容无法办理“已回访，安排核实”" in page and "已记录供管理员查看" in page
    assert open_item(applied, "call_back").status == "ASSIGNED"
    failed = CaseEvent.objects.get(case=applied, action="failed")
    assert failed.outcome == "done" and "proposed_amount" in failed.comment
    assert "办理未成功（已回滚）" in _panel(client, applied)
