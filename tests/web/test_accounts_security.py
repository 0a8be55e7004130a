"""Log-in throttling (django-axes, per account and per address), the
password rules, and the Content Security Policy with no inline script."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from engine.models import User

LOGIN = "/accounts/login/"


@pytest.fixture
def member(db):
    return User.objects.create_user(
        username="13955501234", mobile="13955501234", password="right-horse-battery", display_name="测试"
    )


def _login(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_wrong_passwords_lock_the_account_even_for_the_right_one(client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, member.username, "wrong-password")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert _login(client, member.username, "wrong-password").status_code == 429  # the Nth locks
    response = _login(client, member.username, "right-horse-battery")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "已暂时锁定" in response.content.decode()


def test_the_lock_is_per_account_across_addresses(client, member, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, member.username, "wrong-password", address=f"10.0.1.{n}")
    assert _login(client, member.username, "right-horse-battery", address="10.9.9.9").status_code == 429


def test_the_lock_is_per_address_across_accounts(client, member, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{n}", "wrong-password", address="10.0.2.1")
    assert _login(client, member.username, "right-horse-battery", address="10.0.2.1").status_code == 429
    # Another address is not affected.
    response = _login(client, member.username, "right-horse-battery", address="10.0.2.2")
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(member.pk)


def test_fewer_failures_than_the_limit_then_the_right_password_logs_in(client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, member.username, "wrong-password")
    response = _login(client, member.username, "right-horse-battery")
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(member.pk)


@pytest.mark.parametrize(
    "password, code",
    [
        ("13955501234", "password_is_mobile"),
        ("a13955501234b", "password_is_mobile"),
        ("73829164", "password_short_digits"),
        ("12345678", "password_short_digits"),
        ("short", "password_too_short"),
        ("password123", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused(member, password, code):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=member)
    assert code in [e.code for e in error.value.error_list]


def test_the_mobile_rule_works_for_a_user_not_yet_saved():
    with pytest.raises(ValidationError):
        validate_password("13700001111", user=User(username="13700001111", mobile="13700001111"))


def test_good_passwords_pass(member):
    validate_password("工会-春天-2024", user=member)
    from accounts.passwords import MobileNumberValidator

    MobileNumberValidator().validate("739281649301", user=member)  # long enough, digits only


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inline, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.inline.append(tag)
        self.handlers += [name for name, _v in attrs if name.startswith("on")]
        self.handlers += [
            v for name, v in attrs if name in ("href", "action") and (v or "").startswith("javascript:")
        ]


def _staff(units):
    from engine.models import RoleAssignment

    user = User.objects.create_user(username="officer_csp", password="pw", display_name="干事")
    RoleAssignment.objects.create(user=user, org_unit=units["district"], role="officer")
    return user


def test_pages_carry_the_policy_and_no_inline_script(client, people, units, case_started):
    admin = User.objects.create_superuser(username="root", password="pw")
    pages = {
        None: [LOGIN, "/accounts/signup/"],
        people["applicant"]: ["/portal/", "/apply/", f"/portal/cases/{case_started.pk}/"],
        people["officer"]: [
            "/inbox/",
            "/inbox/?process=all_kinds",
            f"/cases/{case_started.pk}/",
            "/dashboard/",
        ],
        admin: ["/studio/", "/studio/p/all_kinds/", "/studio/reference/", "/studio/calendar/"],
    }
    checked = 0
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            policy = response["Content-Security-Policy"]
            assert re.search(r"script-src 'self'(;|$)", policy), policy
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
            parser = _Scripts()
            parser.feed(response.content.decode())
            assert not parser.inline and not parser.handlers, (url, parser.inline, parser.handlers)
            checked += 1
    assert checked == 13


def test_no_template_has_an_inline_script_or_handler():
    """Other pages too, rendered or not: the source of every template."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    offenders = []
    for path in list(root.glob("templates/**/*.html")) + list(root.glob("*/**/templates/**/*.html")):
        if ".venv" in path.parts or "documents" in path.parts:
            continue  # documents are PDFs' HTML, never served to a browser
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=", text):
            offenders.append(str(path.relative_to(root)))
    assert not offenders, offenders


def test_the_login_page_names_the_signup(client):
    assert reverse("login") == LOGIN


def test_an_api_lockout_is_a_problem_document(client, member, settings):
    url = "/api/v1/auth/token"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": member.username, "password": "x"}, content_type="application/json")
    response = client.post(
        url, {"username": member.username, "password": "right-horse-battery"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "locked-out"
