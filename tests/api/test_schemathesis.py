"""The whole schema, property-based, against a live server with the demo
data: schemathesis (its CLI, as a user would run it) sends generated valid
and invalid requests to every operation, as an applicant, as staff and as a
partner system. No answer may be a 5xx, and every answer must match the
schema (status codes, content types, bodies)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


@pytest.fixture
def demo(transactional_db):
    call_command("workflows", "load", verbosity=0)
    call_command("demo", verbosity=0)


def _token(live_server, username, password):
    from rest_framework.test import RequestsClient

    client = RequestsClient()
    response = client.post(
        f"{live_server.url}/api/v1/auth/token", json={"username": username, "password": password}
    )
    assert response.status_code == 200, response.text
    return response.json()["access"]


def _run(live_server, header, tmp_path, name):
    executable = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert executable, "schemathesis is in requirements.txt"
    command = [
        executable,
        "run",
        f"{live_server.url}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--header",
        header,
        "--max-examples",
        "4",
        "--seed",
        "20261203",
        "--generation-deterministic",
        "--workers",
        "1",
        "--exclude-path",
        "/api/v1/auth/logout",
        "--request-timeout",
        "20",
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-junit-path",
        str(tmp_path / f"{name}.xml"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=420)
    (tmp_path / f"{name}.log").write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_whole_schema_as_applicant_staff_and_partner(demo, live_server, tmp_path, settings):
    from engine.api.tokens import api_key_create
    from engine.models import OrgUnit, User

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    applicant = User.objects.create_user(
        username="13911112222", mobile="13911112222", password="Zq7!union-pw"
    )
    applicant.home_unit = OrgUnit.objects.filter(level="district").first()
    applicant.save()
    staff = User.objects.get(username="wangkai")
    staff.set_password("demo12345")
    staff.save()
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    secret, _key = api_key_create(
        name="schemathesis", scopes=["cases:start", "cases:read", "webhooks:manage"], org_unit=root
    )
    runs = {
        "applicant": f"Authorization: Bearer {_token(live_server, applicant.username, 'Zq7!union-pw')}",
        "staff": f"Authorization: Bearer {_token(live_server, 'wangkai', 'demo12345')}",
        "partner": f"X-Api-Key: {secret}",
    }
    for name, header in runs.items():
        output = _run(live_server, header, tmp_path, name)
        assert "passed" in output.lower()
