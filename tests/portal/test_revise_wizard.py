"""A case returned to the applicant opens the same guided wizard, pre-filled
from the case, with the reason for the return at the top; its review's
submit completes the task with 重新提交."""

from django.urls import reverse

from engine.models import WorkItem
from engine.runtime.services import task_complete
from forms.models import Draft
from tests.inbox.helpers import advance_to_assess

ID = "11010519491231002X"


def returned(case, people):
    item = advance_to_assess(case, people["officer"])
    task_complete(task=item.task, user=people["officer"], outcome="return", comment="请补充家庭成员收入。")
    return WorkItem.objects.get(case=case, step="revise", status__in=["NEW", "ASSIGNED", "STARTED"])


def post(client, item, step, data):
    key = f"{item.process_key}-revise-{item.task_id}"
    url = (
        reverse("portal:revise_review", args=[item.task_id])
        if step == "_review"
        else reverse("portal:revise_page", args=[item.task_id, step])
    )
    return client.post(url, {f"{key}-current_step": step, **data})


def test_the_revise_task_is_the_wizard_prefilled_with_the_reason_on_top(client, case, people):
    item = returned(case, people)
    client.force_login(people["applicant"])
    assert client.get(reverse("portal:task", args=[item.task_id]))["Location"] == reverse(
        "portal:revise", args=[item.task_id]
    )
    first = client.get(reverse("portal:revise", args=[item.task_id]))["Location"]
    assert first == reverse("portal:revise_page", args=[item.task_id, "identity"])
    html = client.get(first).content.decode()
    assert "退回原因" in html and "请补充家庭成员收入。" in html and 'value="袁某"' in html
    assert "第 1 步" in html
    # The other outcomes (撤回) stay on the task panel.
    assert "?panel=1" in html
    assert client.get(reverse("portal:task", args=[item.task_id]) + "?panel=1").status_code == 200


def test_resubmitting_through_the_wizard_completes_the_task_with_the_new_answers(client, case, people):
    item = returned(case, people)
    client.force_login(people["applicant"])
    client.get(reverse("portal:revise", args=[item.task_id]))
    assert (
        post(client, item, "identity", {"name": "袁某某", "id_number": ID, "action": "next"}).status_code
        == 302
    )
    rows = {
        "household-rows": "1",
        "household-0-relation": "本人",
        "household-0-income": "800",
        "action": "next",
    }
    response = post(client, item, "household", rows)
    assert response["Location"] == reverse("portal:revise_review", args=[item.task_id])
    review = client.get(response["Location"]).content.decode()
    assert "确认无误，重新提交" in review and "袁某某" in review
    draft = Draft.objects.get(process_key=f"{item.process_key}-revise-{item.task_id}")
    response = post(client, item, "_review", {"draft": draft.pk})
    assert response["Location"] == reverse("portal:case", args=[case.pk])
    item.refresh_from_db()
    case.refresh_from_db()
    assert item.status == "DONE" and item.outcome == "resubmit"
    assert case.data["name"] == "袁某某" and case.data["household"] == [
        {"relation": "本人", "income": "800.00"}
    ]
    assert WorkItem.objects.filter(case=case, step="assess", status="NEW").exists()
    # The revision's draft is not an application draft in 我的申请.
    assert "继续填写" not in client.get(reverse("portal:home")).content.decode()


def test_someone_else_cannot_open_the_revision(client, case, people):
    item = returned(case, people)
    client.force_login(people["officer"])
    assert client.get(reverse("portal:revise", args=[item.task_id])).status_code == 404
