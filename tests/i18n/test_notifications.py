"""Notifications are stored as a key and parameters and worded when read:
the in-app list in the reader's language (switched as the site does it),
emails in the recipient's `User.language`, after commit."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from engine.models import Notification, User
from engine.runtime.actions import _notify
from engine.runtime.deadlines import deadlines_tick
from engine.runtime.notices import TEMPLATES, Notice
from engine.runtime.notify import notify_users
from engine.runtime.services import task_claim, task_complete
from engine.runtime.versions import version_bundle
from tests.inbox.helpers import advance_to_assess, item_at

HAN = re.compile(r"[\u4e00-\u9fff]")


def _list(client) -> str:
    html = client.get(reverse("portal:notifications")).content.decode()
    return html[html.index('<ul class="notifications">') :]


def _to_english(client):
    """The nav bar's language switch."""
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_a_task_notification_reads_in_the_readers_language(client, case, people):
    note = Notification.objects.get(user=people["officer"], case=case)
    assert note.key == "task_role" and note.params["step"] == {"zh": "受理回访", "en": "Call back"}
    assert note.message.startswith("你有一条待办申请需要处理")  # the Chinese rendering, kept

    client.force_login(people["officer"])
    chinese = _list(client)
    assert f"你有一条待办申请需要处理：{case.title} · 受理回访" in chinese
    assert "Call back" not in chinese

    _to_english(client)
    english = _list(client)
    assert f"An application is waiting for you: {case.title} · Call back" in english
    assert "受理回访" not in english and "待办" not in english


def test_the_language_switch_records_the_users_language_for_email(client, people):
    applicant = people["applicant"]
    assert applicant.language == "zh-hans"  # the default
    client.force_login(applicant)
    _to_english(client)
    applicant.refresh_from_db()
    assert applicant.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})  # not a site language
    applicant.refresh_from_db()
    assert applicant.language == "en"


@pytest.mark.parametrize(
    "language, subject, body",
    [
        ("en", "[Union Services Platform] ", "Your application {number} needs your action: 补充材料"),
        ("zh-hans", "[工会服务平台] ", "您的申请 {number} 需要您处理：补充材料"),
    ],
)
def test_email_in_the_recipients_language_after_commit(
    case, people, django_capture_on_commit_callbacks, language, subject, body
):
    User.objects.filter(pk=people["applicant"].pk).update(language=language)
    item = advance_to_assess(case, people["officer"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        task_complete(
            task=item.task, user=people["officer"], outcome="return", data={"amount": "1"}, comment="x"
        )
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    [sent] = mail.outbox
    assert sent.to == ["a@example.org"]
    assert sent.subject == subject + case.number
    assert sent.body.strip() == body.format(number=case.number)


def test_reminder_and_escalation_in_each_readers_language(
    client, case, people, django_capture_on_commit_callbacks
):
    officer, head = people["officer"], people["head"]
    User.objects.filter(pk=officer.pk).update(email="o@example.org", language="en")
    User.objects.filter(pk=head.pk).update(email="h@example.org")  # stays zh-hans
    item = item_at(case, "intake")
    task_claim(task=item.task, user=officer)
    item = item_at(case, "intake")
    due = f"{timezone.localtime(item.due_at):%m-%d %H:%M}"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_tick(now=item.created + dt.timedelta(minutes=21))["reminded"] == 1
        assert deadlines_tick(now=item.created + dt.timedelta(minutes=31))["escalated"] == 1
    bodies = {}
    for message in mail.outbox:
        bodies.setdefault(message.to[0], []).append(message.body.strip())
    assert bodies["o@example.org"] == [
        f"Reminder: {case.title} · Call back is due on {due}",
        # the escalation took the officer's claimed task: the officer is told
        f"Overdue: {case.title} · Call back was handed to the Head; you no longer hold it",
    ]
    assert bodies["h@example.org"] == [f"超时未办：{case.title} · 受理回访，已转由您办理"]

    client.force_login(officer)
    assert f"提醒：{case.title} · 受理回访 将于 {due} 到期" in _list(client)
    _to_english(client)
    assert f"Reminder: {case.title} · Call back is due on {due}" in _list(client)
    browser = Client()  # another browser: no language cookie, so Chinese
    browser.force_login(head)
    assert f"超时未办：{case.title} · 受理回访，已转由您办理" in _list(browser)
    _to_english(browser)
    assert f"Overdue: {case.title} · Call back, now handed over to you" in _list(browser)


def test_a_definitions_notify_action_with_zh_and_en_text(
    client, case, people, django_capture_on_commit_callbacks
):
    people["applicant"].language = "en"  # case.applicant is this very object
    people["applicant"].save()
    case.data["file_no"] = "禹测〔2026〕001号"
    action = {
        "notify": "applicant",
        "message": {
            "zh": "您的申请已建档，档案号 {file_no}。",
            "en": "Your application is on file as {file_no}.",
        },
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(action, case, version_bundle(case.version), {})
    case.data["file_no"] = "changed later"  # the text was filled in when sent
    case.save()
    [sent] = mail.outbox
    assert sent.body.strip() == "Your application is on file as 禹测〔2026〕001号."

    client.force_login(people["applicant"])
    assert "您的申请已建档，档案号 禹测〔2026〕001号。" in _list(client)
    _to_english(client)
    english = _list(client)
    assert "Your application is on file as 禹测〔2026〕001号." in english and "已建档" not in english


def test_a_chinese_only_notify_message_reads_in_chinese_everywhere(english, case, people):
    _notify({"notify": "applicant", "message": "档案号 {number}"}, case, version_bundle(case.version), {})
    english.force_login(people["applicant"])
    assert f"档案号 {case.number}" in _list(english)


def test_rows_written_before_keys_still_display(people):
    Notification.objects.create(user=people["officer"], message="旧的通知：请处理")
    for reader in (Client(), Client(HTTP_ACCEPT_LANGUAGE="en")):
        reader.force_login(people["officer"])
        assert "旧的通知：请处理" in _list(reader)


@pytest.mark.parametrize("key", sorted(set(TEMPLATES) - {"definition"}))
def test_every_notice_has_its_english_text(key):
    params = {
        "number": "N1",
        "case": "C1",
        "step": {"zh": "步骤", "en": "Step"},
        "due": timezone.now().isoformat(),
        "stage": {"zh": "核实中", "en": "Being checked"},
        "reason": "R1",
        "title": "T1",
        "role": {"zh": "部长", "en": "Head"},
    }
    assert not HAN.search(Notice(key, params).render("en"))
    assert HAN.search(Notice(key, params).render("zh-hans"))


def test_announcing_to_many_costs_one_insert_whatever_their_languages(
    case, people, django_assert_num_queries, django_capture_on_commit_callbacks
):
    readers = [people[name] for name in ("m1", "m2", "m3", "officer", "head")]
    for index, reader in enumerate(readers):
        reader.email, reader.language = f"r{index}@example.org", ("en", "zh-hans")[index % 2]
    notice = Notice("task_owner", {"case": case.title, "step": {"zh": "表决", "en": "Vote"}})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with django_assert_num_queries(1):
            notify_users(readers, case=case, notice=notice)
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 5 and subjects[0].startswith("[Union Services Platform]")
    assert sum("Vote" in m.body for m in mail.outbox) == 3
    assert sum("表决" in m.body for m in mail.outbox) == 2
