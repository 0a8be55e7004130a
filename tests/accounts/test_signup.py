"""Sign-up by mobile number and a one-time code from the SMS backend."""

import pytest
from django.urls import reverse

from accounts import sms
from accounts.models import OneTimeCode
from engine.models import User

from .conftest import last_code

MOBILE = "13812345678"
PASSWORD = "Gh7!kq2wz-union"


def ask_code(client, mobile=MOBILE, **extra):
    return client.post(reverse("accounts:signup"), {"action": "send_code", "mobile": mobile, **extra})


def sign_up(client, code, mobile=MOBILE, password=PASSWORD, **extra):
    data = {"action": "signup", "mobile": mobile, "code": code, "display_name": "王某"}
    data.update(password1=password, password2=password, **extra)
    return client.post(reverse("accounts:signup"), data)


def test_code_is_sent_through_the_backend_then_signup_logs_in(client, db):
    response = ask_code(client, display_name="王某")
    html = response.content.decode()
    assert response.status_code == 200 and "138****5678" in html and "王某" in html
    assert len(sms.outbox) == 1 and sms.outbox[0].to == MOBILE and sms.outbox[0].purpose == "signup"
    response = sign_up(client, last_code(MOBILE))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:profile"))
    user = User.objects.get(username=MOBILE)
    assert user.mobile == MOBILE and user.display_name == "王某" and not user.is_staff
    assert not user.roles.exists() and user.check_password(PASSWORD)
    client.logout()
    assert client.post(reverse("login"), {"username": MOBILE, "password": PASSWORD}).status_code == 302


def test_code_is_stored_hashed_and_used_once(client, db):
    ask_code(client)
    code = last_code(MOBILE)
    record = OneTimeCode.objects.get(mobile=MOBILE)
    assert len(record.code_hash) == 64 and not record.code_hash.isdigit()  # a SHA-256 HMAC, not the code
    assert sign_up(client, code).status_code == 302
    client.logout()
    User.objects.filter(username=MOBILE).delete()
    again = sign_up(client, code)
    assert again.status_code == 400 and "请先获取验证码" in again.content.decode()


def test_wrong_code_counts_tries_and_then_refuses_the_right_one(client, db):
    ask_code(client)
    code = last_code(MOBILE)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        html = sign_up(client, wrong).content.decode()
        assert f"还可以再试 {left} 次" in html
    assert "错误次数过多" in sign_up(client, wrong).content.decode()
    assert "错误次数过多" in sign_up(client, code).content.decode()
    assert not User.objects.filter(username=MOBILE).exists()


def test_expired_code_is_refused(client, db):
    ask_code(client)
    OneTimeCode.objects.update(expires="2000-01-01T00:00:00Z")
    assert "已过期" in sign_up(client, last_code(MOBILE)).content.decode()


def test_a_password_error_does_not_use_up_the_code(client, db):
    ask_code(client)
    code = last_code(MOBILE)
    bad = sign_up(client, code, password="123")
    assert bad.status_code == 400 and "error-summary" in bad.content.decode()
    assert sign_up(client, code).status_code == 302


def test_code_requests_are_throttled_per_number_with_the_wait(client, db):
    ask_code(client)
    html = ask_code(client).content.decode()
    assert "获取验证码过于频繁" in html and "秒后再试" in html
    assert len(sms.outbox) == 1


def test_code_requests_are_throttled_per_address(client, db, settings):
    settings.SMS_CODES_PER_ADDRESS_HOUR = 3
    for n in range(3):
        ask_code(client, mobile=f"1391234560{n}")
    html = ask_code(client, mobile="13912345609").content.decode()
    assert "获取验证码过于频繁" in html and "分钟后再试" in html
    assert len(sms.outbox) == 3


@pytest.mark.parametrize("mobile", ["12345", "2381234567x", "", "1" * 500])
def test_a_bad_number_gets_a_message_not_a_code(client, db, mobile):
    response = ask_code(client, mobile=mobile)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert sms.outbox == []


def test_a_registered_number_gets_no_signup_code(client, db):
    User.objects.create_user(username=MOBILE, mobile=MOBILE)
    assert "已注册" in ask_code(client).content.decode()
    assert sms.outbox == []


def test_console_backend_prints_the_code(client, db, settings, capsys):
    settings.SMS_BACKEND = "accounts.sms.ConsoleBackend"
    ask_code(client)
    out = capsys.readouterr().out
    assert f"[SMS to {MOBILE}]" in out and "验证码" in out


def test_password_reset_by_code(client, db):
    user = User.objects.create_user(username=MOBILE, mobile=MOBILE, password="Old-pass-9z!")
    url = reverse("accounts:password_reset")
    client.post(url, {"action": "send_code", "mobile": MOBILE})
    assert sms.outbox[-1].purpose == "reset"
    new = "Fresh-pass-7q!"
    data = {
        "action": "reset",
        "mobile": MOBILE,
        "code": last_code(MOBILE),
        "password1": new,
        "password2": new,
    }
    assert client.post(url, data)["Location"] == reverse("login")
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_does_not_tell_who_is_registered(client, db):
    url = reverse("accounts:password_reset")
    html = client.post(url, {"action": "send_code", "mobile": "13700000000"}).content.decode()
    assert "137****0000" in html and sms.outbox == []
