"""Pages follow the browser's language: English when asked for, Chinese by
default (LANGUAGE_CODE zh-hans)."""

from django.urls import reverse

from engine.models import WorkItem


def _queue_item(case):
    return WorkItem.objects.get(case=case, step="intake", status="NEW")


def test_login_page_in_english(english, db):
    html = english.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Username or mobile number" in html and "Password" in html
    assert "用户名或手机号" not in html and "登录" not in html


def test_login_page_in_chinese_by_default(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-CN">' in html
    assert "用户名或手机号" in html and "登录" in html
    assert "Username or mobile number" not in html


def test_inbox_queue_in_english(english, case, people):
    english.force_login(people["officer"])
    html = english.get(reverse("inbox:inbox") + "?tab=queue").content.decode()
    assert case.number in html
    assert '<html lang="en">' in html
    for text in (
        "Workbench",
        "My to-do",
        "To claim",
        "Claim",
        "Claim selected",
        "Case number",
        "Filter and search",
    ):
        assert text in html, text
    for text in ("领取", "工作台", "我的待办", "案件编号"):
        assert text not in html, text


def test_inbox_queue_in_chinese_by_default(client, case, people):
    client.force_login(people["officer"])
    html = client.get(reverse("inbox:inbox") + "?tab=queue").content.decode()
    assert '<html lang="zh-CN">' in html
    assert "领取" in html and "工作台" in html
    assert "Claim" not in html and "Workbench" not in html


def test_inbox_filter_form_labels_and_choices_in_english(english, case, people):
    english.force_login(people["officer"])
    html = english.get(reverse("inbox:inbox") + "?tab=queue").content.decode()
    for text in ("Search", "Overdue", "Due today", "By due date", "Applicant, case number or ID number"):
        assert text in html, text
    assert "按到期时间" not in html


def test_portal_home_in_english(english, case, people):
    english.force_login(people["applicant"])
    html = english.get(reverse("portal:home")).content.decode()
    assert case.number in html
    assert "My applications" in html and "Notifications" in html and "Log out" in html
    assert "我的申请" not in html and "退出" not in html


def test_portal_case_timeline_in_english(english, case, people):
    english.force_login(people["applicant"])
    html = english.get(reverse("portal:case", args=[case.pk])).content.decode()
    assert "Back to my applications" in html
    assert "返回我的申请" not in html


def test_signup_page_in_english(english, db):
    html = english.get(reverse("accounts:signup")).content.decode()
    assert "Applicant sign-up" in html and "Mobile number" in html and "Confirm password" in html
    assert "申请人注册" not in html


def test_set_language_view_switches_a_session_to_english(client, case, people):
    client.force_login(people["officer"])
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("inbox:inbox")})
    assert response.status_code == 302
    html = client.get(reverse("inbox:inbox") + "?tab=queue").content.decode()
    assert '<html lang="en">' in html and "Claim" in html and "领取" not in html


def test_set_language_back_to_chinese(english, case, people):
    english.force_login(people["officer"])
    english.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = english.get(reverse("inbox:inbox") + "?tab=queue").content.decode()
    assert '<html lang="zh-CN">' in html and "领取" in html


def test_casefile_in_english(english, case, people):
    english.force_login(people["officer"])
    html = english.get(reverse("casefile:case", args=[case.pk])).content.decode()
    for text in ("Back to workbench", "Current step", "To claim", "History", "Applicant"):
        assert text in html, text
    assert "返回工作台" not in html and "办理记录" not in html
