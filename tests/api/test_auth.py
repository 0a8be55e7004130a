"""Tokens: log in, refresh with rotation, reuse detection, log-out, personal
tokens, API keys (revoked -> 401), errors as problem details, rate limits."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from engine.api.models import ApiToken
from engine.api.throttling import CredentialRateThrottle, LoginRateThrottle
from engine.api.tokens import api_key_create, api_key_revoke

pytestmark = pytest.mark.django_db


def test_wrong_password_is_a_problem_in_chinese(api, people):
    response = api.post("/api/v1/auth/token", {"username": "officer", "password": "nope"}, format="json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["detail"] == "用户名或密码不正确。"


def test_problem_follows_the_request_language(api, people):
    response = api.post(
        "/api/v1/auth/token",
        {"username": "officer", "password": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["detail"] == "Wrong username or password."


def test_missing_fields_are_keyed_by_field(api, db):
    response = api.post("/api/v1/auth/token", {"username": "x"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


def test_access_token_reads_and_refresh_rotates(bearer, people):
    client = bearer(people["officer"])
    assert client.get("/api/v1/inbox").status_code == 200
    old_refresh = client.tokens["refresh"]
    fresh = APIClient().post("/api/v1/auth/refresh", {"refresh": old_refresh}, format="json")
    assert fresh.status_code == 200
    assert fresh.json()["refresh"] != old_refresh
    # The old pair is used up: its access token no longer works ...
    assert client.get("/api/v1/inbox").status_code == 401
    # ... and presenting the used refresh token again revokes the new pair too.
    again = APIClient().post("/api/v1/auth/refresh", {"refresh": old_refresh}, format="json")
    assert again.status_code == 401
    stolen = APIClient()
    stolen.credentials(HTTP_AUTHORIZATION=f"Bearer {fresh.json()['access']}")
    assert stolen.get("/api/v1/inbox").status_code == 401


def test_logout_revokes_the_token(bearer, people):
    client = bearer(people["officer"])
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/inbox").status_code == 401


def test_expired_access_token_is_refused(bearer, people):
    client = bearer(people["officer"])
    from django.utils import timezone

    ApiToken.objects.filter(kind="access").update(expires=timezone.now())
    response = client.get("/api/v1/inbox")
    assert response.status_code == 401
    assert response.json()["detail"] == "令牌无效或已过期。"


def test_tokens_are_stored_hashed(bearer, people):
    client = bearer(people["officer"])
    secret = client.tokens["access"]
    assert not ApiToken.objects.filter(key_hash=secret).exists()
    assert ApiToken.objects.filter(prefix=secret[:10]).exists()


def test_personal_token(bearer, people):
    client = bearer(people["officer"])
    made = client.post("/api/v1/auth/personal-tokens", {"name": "脚本", "days": 30}, format="json")
    assert made.status_code == 201
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Bearer {made.json()['token']}")
    assert script.get("/api/v1/inbox").status_code == 200


def test_revoked_api_key_gets_401(units):
    secret, key = api_key_create(name="人社局", scopes=["cases:read"], org_unit=units["city"])
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=secret)
    assert client.get("/api/v1/partner/cases/NOPE").status_code == 404
    api_key_revoke(key=key)
    assert client.get("/api/v1/partner/cases/NOPE").status_code == 401


def test_api_key_cannot_use_person_endpoints(units):
    secret, _key = api_key_create(name="养老院", scopes=["cases:read"], org_unit=units["city"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"ApiKey {secret}")
    assert client.get("/api/v1/inbox").status_code == 403
    assert client.get("/api/v1/services").status_code == 403


def test_unknown_scope_is_refused(units):
    with pytest.raises(ValueError):
        api_key_create(name="x", scopes=["everything"], org_unit=units["city"])


def test_rate_limit_per_token(bearer, people, monkeypatch):
    cache.clear()
    monkeypatch.setattr(CredentialRateThrottle, "rate", "3/min", raising=False)
    client = bearer(people["officer"])
    codes = [client.get("/api/v1/inbox").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    body = client.get("/api/v1/inbox").json()
    assert body["status"] == 429
    # Another person's token has its own budget.
    assert bearer(people["officer2"]).get("/api/v1/inbox").status_code == 200
    cache.clear()


def test_login_attempts_are_rate_limited(api, people, monkeypatch):
    cache.clear()
    monkeypatch.setattr(LoginRateThrottle, "rate", "2/min", raising=False)
    codes = [
        api.post("/api/v1/auth/token", {"username": "officer", "password": "no"}, format="json").status_code
        for _ in range(3)
    ]
    assert codes == [401, 401, 429]
    cache.clear()
