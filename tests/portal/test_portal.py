from django.core import mail
from django.urls import reverse

from engine.models import Notification, User
from engine.runtime.services import task_complete
from tests.inbox.helpers import advance_to_assess, item_at


def test_home_sends_staff_to_inbox(client, people):
    client.force_login(people["officer"])
    assert client.get(reverse("home"))["Location"] == reverse("inbox:inbox")


def test_applicant_sees_only_own_cases(client, case, people):
    other = User.objects.create_user(username="13900000009", mobile="13900000009")
    client.force_login(other)
    assert case.number not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("portal:case", args=[case.pk])).status_code == 404
    client.force_login(people["applicant"])
    assert case.number in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("portal:case", args=[case.pk])).status_code == 200


def test_plain_timeline_names_stages_not_steps(client, case, people):
    officer = people["officer"]
    task_complete(task=item_at(case, "intake").task, user=officer, outcome="accept", data={"call_note": "x"})
    client.force_login(people["applicant"])
    html = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert "已提交" in html and "已受理" in html and "核实中" in html
    assert html.count("<strong>核实中</strong>") == 1  # two parallel checks, one stage
    assert "officer" not in html.split("办理进度")[1]  # no staff names in the timeline


def test_returned_case_is_edited_and_resubmitted(client, case, people):
    officer = people["officer"]
    item = advance_to_assess(case, officer)
    task_complete(
        task=item.task, user=officer, outcome="return", data={"amount": "1"}, comment="请补充收入证明"
    )
    revise = item_at(case, "revise")
    client.force_login(people["applicant"])
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:task", args=[revise.task_id]) in home  # "what is needed from me"
    page = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert "退回补充材料" in page and "请补充收入证明" in page
    # The task opens the guided wizard (test_revise_wizard.py); its panel stays for every outcome.
    assert client.get(reverse("portal:task", args=[revise.task_id]))["Location"].endswith("/revise/")
    form = client.get(reverse("portal:task", args=[revise.task_id]) + "?panel=1").content.decode()
    assert 'value="袁某"' in form  # answers prefilled
    response = client.post(
        reverse("portal:task", args=[revise.task_id]),
        {
            "outcome": "resubmit",
            "name": "袁某",
            "id_number": case.id_number,
            "household-rows": "1",
            "household-0-relation": "本人",
            "household-0-income": "900.00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert item_at(case, "assess").status == "NEW"
    assert "已重新提交" in client.get(reverse("portal:case", args=[case.pk])).content.decode()


def test_applicant_cannot_open_someone_elses_task(client, case, people):
    officer = people["officer"]
    item = advance_to_assess(case, officer)
    task_complete(task=item.task, user=officer, outcome="return", data={"amount": "1"}, comment="补充")
    revise = item_at(case, "revise")
    other = User.objects.create_user(username="13900000008")
    client.force_login(other)
    assert client.get(reverse("portal:task", args=[revise.task_id])).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("portal:task", args=[revise.task_id])).status_code == 404


def test_notifications_in_app_and_by_email(client, case, people, django_capture_on_commit_callbacks):
    officer = people["officer"]
    item = advance_to_assess(case, officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out after commit
        task_complete(task=item.task, user=officer, outcome="return", data={"amount": "1"}, comment="补充")
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert case.number in mail.outbox[0].subject
    note = Notification.objects.filter(user=people["applicant"]).first()
    assert note is not None and "需要您处理" in note.message
    client.force_login(people["applicant"])
    html = client.get(reverse("portal:home")).content.decode()
    unread = Notification.objects.filter(user=people["applicant"], read_at__isnull=True).count()
    assert f'<span class="badge">{unread}</span>' in html
    response = client.post(reverse("portal:notification", args=[note.pk]))
    assert response["Location"] == reverse("portal:case", args=[case.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(people["officer2"])
    assert client.post(reverse("portal:notification", args=[note.pk]))["Location"] == reverse(
        "portal:notifications"
    )


def test_a_refused_case_tells_the_applicant_why(client, case, people):
    officer = people["officer"]
    item = advance_to_assess(case, officer)
    task_complete(task=item.task, user=officer, outcome="reject", comment="家庭人均收入高于当地标准")
    client.force_login(people["applicant"])
    html = client.get(reverse("portal:case", args=[case.pk])).content.decode()
    timeline = html.split("办理进度")[1]
    assert "未通过" in timeline and "家庭人均收入高于当地标准" in timeline
