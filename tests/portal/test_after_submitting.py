"""After submitting: the receipt (what happens next and by when, from the
definition's deadline), the case page with what was submitted and every
stage, and a notice for every outcome the applicant must know."""

from django.urls import reverse
from django.utils import timezone

from engine.models import Notification
from engine.portal.receipts import next_steps, receipt_notify
from engine.runtime.services import task_complete
from tests.inbox.helpers import advance_to_assess


def notices_of(user):
    return [n.text for n in Notification.objects.filter(user=user).order_by("pk")]


def test_receipt_says_what_happens_next_and_by_when(client, case, people):
    steps = next_steps(case)
    assert steps[0].within == "30 分钟" and steps[0].due_at > timezone.now()
    client.force_login(people["applicant"])
    html = client.get(reverse("portal:receipt", args=[case.pk])).content.decode()
    assert case.number in html and "禹城市总工会" in html and "将在 30 分钟 内办理" in html
    assert timezone.localtime(steps[0].due_at).strftime("%m-%d %H:%M") in html


def test_receipt_notice_names_the_next_step_and_its_due_time(case, people):
    receipt_notify(case)
    text = notices_of(people["applicant"])[-1]
    due = timezone.localtime(next_steps(case)[0].due_at).strftime("%m-%d %H:%M")
    assert text.startswith(f"您的申请 {case.number} 已提交。下一步：") and f"预计 {due} 前办理" in text


def test_receipt_is_the_applicants_only(client, case, people):
    client.force_login(people["officer"])
    assert client.get(reverse("portal:receipt", args=[case.pk])).status_code == 404


def test_stage_changes_and_the_end_with_its_reason_are_told(case, people):
    applicant, officer = people["applicant"], people["officer"]
    item = advance_to_assess(case, officer)
    # 已受理 is where a new case starts (the receipt tells that); then each change once.
    told = notices_of(applicant)
    assert told == [f"您的申请 {case.number} 进度更新：核实中", f"您的申请 {case.number} 进度更新：评估"]
    task_complete(task=item.task, user=officer, outcome="reject", comment="收入高于标准。")
    assert notices_of(applicant)[-1] == f"您的申请 {case.number} 已办结：未通过。说明：收入高于标准。"


def test_a_return_is_told_once_by_the_task_notice(case, people):
    applicant, officer = people["applicant"], people["officer"]
    item = advance_to_assess(case, officer)
    before = Notification.objects.filter(user=applicant).count()
    task_complete(task=item.task, user=officer, outcome="return", comment="请补充收入证明。")
    new = notices_of(applicant)[before:]
    assert len(new) == 1 and "需要您处理" in new[0]


def test_case_page_shows_the_answers_and_every_stage_up_to_now(client, case, people):
    applicant, officer = people["applicant"], people["officer"]
    item = advance_to_assess(case, officer)
    task_complete(task=item.task, user=officer, outcome="reject", comment="收入高于标准。")
    client.force_login(applicant)
    html = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    answers = html.split("提交的内容")[1]
    assert "袁某" in answers and "女儿" in answers and "1200.00" in answers
    timeline = html.split("办理进度")[1].split("</ol>")[0]
    assert timeline.index("已受理") < timeline.index("核实中")
    last = timeline.rsplit("<li", 1)[1]
    assert 'class="current"' in last and "收入高于标准。" in last


def test_the_returned_task_shows_the_reason_at_the_top(client, case, people):
    applicant, officer = people["applicant"], people["officer"]
    item = advance_to_assess(case, officer)
    task_complete(task=item.task, user=officer, outcome="return", comment="请补充收入证明。")
    task = applicant.work_items.get(status__in=["NEW", "ASSIGNED", "STARTED"])
    client.force_login(applicant)
    html = client.get(reverse("portal:task", args=[task.task_id]) + "?panel=1").content.decode()
    reason = html.split('class="return-reason"')[1].split("</div>")[0]
    assert "退回原因" in reason and "请补充收入证明。" in reason
    assert html.index("return-reason") < html.index("<form", html.index("<main>"))
