"""API fixtures: the runtime's units, people and all_kinds process, and an
API client that logs in the way an app does (token endpoint), not with a
session."""

import pytest
from rest_framework.test import APIClient

from tests.runtime.conftest import VALID_ID, all_kinds, people, start, units  # noqa: F401


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def bearer(db):
    """bearer(user) -> an APIClient carrying a fresh access token of `user`,
    got from POST /api/v1/auth/token with the user's password."""

    def _bearer(user, password="pw"):
        client = APIClient()
        response = client.post(
            "/api/v1/auth/token", {"username": user.username, "password": password}, format="json"
        )
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
        client.tokens = response.json()
        return client

    return _bearer


@pytest.fixture
def new_applicant(db):
    """An applicant who signed up (not a demo account)."""
    from engine.portal.services import applicant_signup

    return applicant_signup(mobile="13912345678", display_name="新申请人", password="Zq7!union-pw")


@pytest.fixture
def valid_id():
    return VALID_ID
