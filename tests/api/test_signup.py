"""A new applicant signs up through the API with the SMS code (the test
backend's outbox), gets tokens, and is refused the way the site refuses."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts import sms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean():
    cache.clear()
    sms.outbox.clear()
    yield
    cache.clear()


def _code():
    return sms.outbox[-1].params["code"]


def test_new_applicant_signs_up_and_uses_the_token(db):
    api = APIClient()
    assert api.post("/api/v1/auth/signup/code", {"mobile": "13766665555"}, format="json").status_code == 202
    body = {"mobile": "13766665555", "code": _code(), "display_name": "刘新", "password": "Zq7!union-pw"}
    made = api.post("/api/v1/auth/signup", body, format="json")
    assert made.status_code == 201, made.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {made.json()['access']}")
    assert client.get("/api/v1/cases").json() == []
    again = api.post("/api/v1/auth/signup/code", {"mobile": "13766665555"}, format="json")
    assert again.status_code == 409 and "mobile" in again.json()["errors"]


def test_wrong_code_and_weak_password_are_keyed(db):
    api = APIClient()
    api.post("/api/v1/auth/signup/code", {"mobile": "13766665556"}, format="json")
    wrong = api.post(
        "/api/v1/auth/signup",
        {
            "mobile": "13766665556",
            "code": "000000" if _code() != "000000" else "111111",
            "display_name": "x",
            "password": "Zq7!union-pw",
        },
        format="json",
    )
    assert wrong.status_code == 422 and "code" in wrong.json()["errors"]
    weak = api.post(
        "/api/v1/auth/signup",
        {"mobile": "13766665556", "code": _code(), "display_name": "x", "password": "12345678"},
        format="json",
    )
    assert weak.status_code == 422 and "password" in weak.json()["errors"]


def test_bad_number_and_code_flood(db):
    api = APIClient()
    bad = api.post("/api/v1/auth/signup/code", {"mobile": "12345"}, format="json")
    assert bad.status_code == 422 and "mobile" in bad.json()["errors"]
    assert api.post("/api/v1/auth/signup/code", {"mobile": "13766665557"}, format="json").status_code == 202
    flood = api.post("/api/v1/auth/signup/code", {"mobile": "13766665557"}, format="json")
    assert flood.status_code == 429
