"""An applicant through the API: services with their form specs, a draft
saved page by page with the wizard's own validation, submit once, my cases;
and nobody else's draft or case."""

import pytest

from engine.models import Case, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(units):
    # Signed up like any applicant, with the union set in the profile.
    return User.objects.create_user(
        username="13912345678",
        mobile="13912345678",
        display_name="新申请人",
        password="pw",
        home_unit=units["district"],
    )


@pytest.fixture
def other_applicant(units):
    return User.objects.create_user(username="13912340000", mobile="13912340000", password="pw")


def _draft(client):
    response = client.post("/api/v1/drafts", {"service": "all_kinds"}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_services_list_marks_my_draft(bearer, applicant, all_kinds):
    client = bearer(applicant)
    services = client.get("/api/v1/services").json()
    assert [s["key"] for s in services] == ["all_kinds"]
    assert services[0]["draft"] is None
    draft = _draft(client)
    assert client.get("/api/v1/services").json()[0]["draft"] == draft["id"]


def test_service_detail_has_the_form_spec(bearer, applicant, all_kinds):
    body = bearer(applicant).get("/api/v1/services/all_kinds").json()
    pages = [page["id"] for page in body["form"]["steps"]]
    assert pages == ["identity", "household"]
    names = [field["name"] for field in body["form"]["steps"][0]["fields"]]
    assert names == ["name", "id_number"]


def test_page_errors_are_the_wizards_messages(bearer, applicant, all_kinds):
    client = bearer(applicant)
    draft = _draft(client)
    response = client.put(
        f"/api/v1/drafts/{draft['id']}/pages/identity",
        {"data": {"name": "", "id_number": "123"}},
        format="json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"name", "id_number"}
    from django import forms

    assert errors["name"] == [str(forms.Field.default_error_messages["required"])]
    # Nothing was saved.
    assert client.get(f"/api/v1/drafts/{draft['id']}").json()["data"] == {}


def _fill(client, draft_id, valid_id):
    first = client.put(
        f"/api/v1/drafts/{draft_id}/pages/identity",
        {"data": {"name": "袁某", "id_number": valid_id}},
        format="json",
    )
    assert first.status_code == 200, first.content
    second = client.put(
        f"/api/v1/drafts/{draft_id}/pages/household",
        {"data": {"household": [{"relation": "本人", "income": "1200"}]}},
        format="json",
    )
    assert second.status_code == 200, second.content
    return second.json()


def test_draft_resumes_and_submits_once(bearer, applicant, all_kinds, valid_id):
    client = bearer(applicant)
    draft = _draft(client)
    saved = _fill(client, draft["id"], valid_id)
    assert saved["data"]["name"] == "袁某" and saved["current_page"] == "household"
    # Another device (a new token) resumes the same draft.
    again = bearer(applicant).get(f"/api/v1/drafts/{draft['id']}").json()
    assert again["data"]["household"][0]["relation"] == "本人"
    first = client.post(f"/api/v1/drafts/{draft['id']}/submit")
    assert first.status_code == 201, first.content
    second = client.post(f"/api/v1/drafts/{draft['id']}/submit")
    assert second.status_code == 200
    assert first.json()["case"]["id"] == second.json()["case"]["id"]
    assert second.json()["created"] is False
    assert Case.objects.filter(applicant=applicant).count() == 1
    mine = client.get("/api/v1/cases").json()
    assert [c["number"] for c in mine] == [first.json()["case"]["number"]]
    detail = client.get(f"/api/v1/cases/{mine[0]['id']}").json()
    assert detail["data"]["name"] == "袁某"
    assert detail["timeline"][0]["label"]  # 已提交, in plain words


def test_submit_of_an_incomplete_draft_says_where(bearer, applicant, all_kinds):
    client = bearer(applicant)
    draft = _draft(client)
    response = client.post(f"/api/v1/drafts/{draft['id']}/submit")
    assert response.status_code == 422
    assert response.json()["errors"]


def test_nobody_else_reads_my_draft_or_case(bearer, applicant, other_applicant, all_kinds, valid_id, people):
    client = bearer(applicant)
    draft = _draft(client)
    _fill(client, draft["id"], valid_id)
    case = client.post(f"/api/v1/drafts/{draft['id']}/submit").json()["case"]
    other = bearer(other_applicant)
    assert other.get(f"/api/v1/drafts/{draft['id']}").status_code == 404
    assert (
        other.put(f"/api/v1/drafts/{draft['id']}/pages/identity", {"data": {}}, format="json").status_code
        == 404
    )
    assert other.post(f"/api/v1/drafts/{draft['id']}/submit").status_code == 404
    assert other.get(f"/api/v1/cases/{case['id']}").status_code == 404
    assert other.get("/api/v1/cases").json() == []
    # Staff of another district: 404 too, not 403 (nothing is revealed).
    assert bearer(people["stranger"]).get(f"/api/v1/cases/{case['id']}").status_code == 404


def test_attachment_reference_in_json_is_ignored(bearer, applicant, all_kinds, valid_id):
    """A JSON body cannot point an upload field at an existing file."""
    from engine.api.views.applicant import _page_input

    class Request:
        content_type = "application/json"
        data = {"data": {"proof": {"attachment": 1}, "name": "x"}}
        FILES = {}

    Request.data = {
        "data": {"proof": {"attachment": 1}, "name": "x", "rows": [{"scan": {"attachment": 2}, "n": 1}]}
    }
    spec = {
        "steps": [
            {"id": "p", "fields": [{"name": "proof", "type": "file"}, {"name": "name"}, {"name": "rows"}]}
        ]
    }
    data, files = _page_input(Request, spec, "p")
    assert data == {"name": "x", "rows": [{"scan": None, "n": 1}]} and files == {}


def test_bad_input_is_4xx(bearer, applicant, all_kinds):
    client = bearer(applicant)
    draft = _draft(client)
    assert (
        client.put(f"/api/v1/drafts/{draft['id']}/pages/nope", {"data": {}}, format="json").status_code == 404
    )
    assert (
        client.put(f"/api/v1/drafts/{draft['id']}/pages/identity", {"data": [1]}, format="json").status_code
        == 400
    )
    assert client.post("/api/v1/drafts", {"service": "nope"}, format="json").status_code == 404
    assert client.get("/api/v1/cases?page=abc").status_code == 400
    assert client.get("/api/v1/cases?page=99999999999999").status_code == 400
    body = client.post("/api/v1/drafts", "{not json", content_type="application/json")
    assert body.status_code == 400
