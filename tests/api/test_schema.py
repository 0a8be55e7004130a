"""The OpenAPI document and its browsable docs, served from this site."""

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for expected in (
        "/api/v1/auth/token",
        "/api/v1/drafts/{id}/submit",
        "/api/v1/inbox",
        "/api/v1/partner/cases",
    ):
        assert expected in paths
    # Every operation declares its problem responses.
    complete = paths["/api/v1/tasks/{id}/complete"]["post"]["responses"]
    assert "application/problem+json" in complete["422"]["content"]


def test_docs_use_local_files_only(client):
    html = client.get("/api/v1/docs/").content.decode()
    addresses = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert addresses and all(a.startswith("/") for a in addresses), addresses
    assert not re.search(r"<script>\s*\S", html)  # no inline script: the CSP holds


def test_unknown_api_path_is_a_problem(client):
    response = client.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
