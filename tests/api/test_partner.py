"""Another system starts a case for an applicant (idempotent), reads its
status; scopes and the key's unit bound what it may do."""

import threading

import pytest
from rest_framework.test import APIClient

from engine.api.tokens import api_key_create
from engine.models import Case, User

pytestmark = pytest.mark.django_db


def _client(units, scopes=("cases:start", "cases:read"), unit="city"):
    secret, _key = api_key_create(name="齐鲁工惠", scopes=list(scopes), org_unit=units[unit])
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=secret)
    return client


def _body(valid_id, unit="yucheng", **extra):
    body = {
        "service": "all_kinds",
        "applicant": {"mobile": "13700000001", "name": "袁某"},
        "unit": unit,
        "data": {"name": "袁某", "id_number": valid_id, "household": [{"relation": "本人", "income": "800"}]},
    }
    body.update(extra)
    return body


def test_start_is_idempotent(units, all_kinds, valid_id):
    client = _client(units)
    first = client.post("/api/v1/partner/cases", _body(valid_id), format="json", HTTP_IDEMPOTENCY_KEY="req-1")
    assert first.status_code == 201, first.content
    repeat = client.post(
        "/api/v1/partner/cases", _body(valid_id), format="json", HTTP_IDEMPOTENCY_KEY="req-1"
    )
    assert repeat.status_code == 200 and repeat.json()["number"] == first.json()["number"]
    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert case.org_unit.code == "yucheng"
    applicant = User.objects.get(username="13700000001")
    assert case.applicant == applicant and not applicant.has_usable_password()
    status = client.get(f"/api/v1/partner/cases/{case.number}")
    assert status.status_code == 200 and status.json()["status"] == "NEW"


def test_same_key_other_body_conflicts(units, all_kinds, valid_id):
    client = _client(units)
    client.post("/api/v1/partner/cases", _body(valid_id), format="json", HTTP_IDEMPOTENCY_KEY="req-1")
    other = _body(valid_id)
    other["applicant"]["name"] = "别人"
    response = client.post("/api/v1/partner/cases", other, format="json", HTTP_IDEMPOTENCY_KEY="req-1")
    assert response.status_code == 409


def test_key_and_form_are_required(units, all_kinds, valid_id):
    client = _client(units)
    assert client.post("/api/v1/partner/cases", _body(valid_id), format="json").status_code == 400
    bad = _body(valid_id)
    bad["data"]["id_number"] = "123"
    response = client.post("/api/v1/partner/cases", bad, format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 422 and "id_number" in response.json()["errors"]
    assert Case.objects.count() == 0


def test_unit_outside_the_key_is_refused(units, all_kinds, valid_id):
    client = _client(units, unit="other")
    response = client.post("/api/v1/partner/cases", _body(valid_id), format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert response.status_code == 422 and "unit" in response.json()["errors"]


def test_scopes(units, all_kinds, valid_id, start):
    reader = _client(units, scopes=["cases:read"])
    assert (
        reader.post(
            "/api/v1/partner/cases", _body(valid_id), format="json", HTTP_IDEMPOTENCY_KEY="x"
        ).status_code
        == 403
    )
    case = start()
    assert reader.get(f"/api/v1/partner/cases/{case.number}").status_code == 200
    outsider = _client(units, scopes=["cases:read"], unit="other")
    assert outsider.get(f"/api/v1/partner/cases/{case.number}").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_retries_make_one_case(units, all_kinds, valid_id):
    """Two retries of one request at the same moment: one case."""
    secret, _key = api_key_create(name="app", scopes=["cases:start"], org_unit=units["city"])
    results, barrier = [], threading.Barrier(2)

    def send():
        from django.db import connection

        client = APIClient()
        client.credentials(HTTP_X_API_KEY=secret)
        barrier.wait()
        results.append(
            client.post(
                "/api/v1/partner/cases", _body(valid_id), format="json", HTTP_IDEMPOTENCY_KEY="race"
            ).status_code
        )
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200, 201]
    assert Case.objects.count() == 1
