"""Staff through the API: the inbox, claim / unclaim / reassign, complete
with an outcome (the decision panel's own validation), and the permission
matrix (the policy object of the HTML views decides)."""

import pytest

from engine.models import WorkItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(start):
    return start()


def _intake(case):
    return WorkItem.objects.get(case=case, step="intake")


def test_inbox_lists_the_units_queue(bearer, people, case):
    client = bearer(people["officer"])
    body = client.get("/api/v1/inbox?tab=queue").json()
    assert [row["case_number"] for row in body["results"]] == [case.number]
    assert body["counts"]["queue"] == 1
    assert (
        body["results"][0]["applicant_id_number"].startswith("1101")
        and "*" in body["results"][0]["applicant_id_number"]
    )
    # Another district's officer does not see it.
    assert bearer(people["stranger"]).get("/api/v1/inbox?tab=queue").json()["results"] == []


def test_inbox_refuses_bad_parameters(bearer, people, case):
    client = bearer(people["officer"])
    assert client.get("/api/v1/inbox?tab=nope").status_code == 400
    assert client.get("/api/v1/inbox?page=0").status_code == 400
    assert client.get("/api/v1/inbox?due=yesterday").status_code == 400
    assert client.get("/api/v1/inbox?created_from=2024-13-01").status_code == 400


def test_search_finds_by_case_number(bearer, people, case):
    body = bearer(people["officer"]).get(f"/api/v1/inbox?tab=queue&q={case.number}").json()
    assert len(body["results"]) == 1


def test_claim_complete_moves_the_case(bearer, people, case):
    client = bearer(people["officer"])
    item = _intake(case)
    claimed = client.post(f"/api/v1/tasks/{item.pk}/claim")
    assert claimed.status_code == 200 and claimed.json()["status"] == "ASSIGNED"
    again = bearer(people["officer2"]).post(f"/api/v1/tasks/{item.pk}/claim")
    assert again.status_code == 409
    done = client.post(
        f"/api/v1/tasks/{item.pk}/complete",
        {"outcome": "accept", "data": {"call_note": "已电话联系"}},
        format="json",
    )
    assert done.status_code == 200, done.content
    steps = {t["step"] for t in done.json()["open_tasks"]}
    assert steps == {"check_a", "check_b"}


def test_complete_errors_are_keyed(bearer, people, case):
    client = bearer(people["officer"])
    item = _intake(case)
    client.post(f"/api/v1/tasks/{item.pk}/claim")
    unknown = client.post(f"/api/v1/tasks/{item.pk}/complete", {"outcome": "fly"}, format="json")
    assert unknown.status_code == 422 and "outcome" in unknown.json()["errors"]
    no_reason = client.post(
        f"/api/v1/tasks/{item.pk}/complete", {"outcome": "withdraw", "confirm": True}, format="json"
    )
    assert no_reason.status_code == 422 and "comment" in no_reason.json()["errors"]
    item.refresh_from_db()
    assert item.status == "ASSIGNED"  # nothing moved


def test_unclaim_and_reassign(bearer, people, case):
    client = bearer(people["officer"])
    item = _intake(case)
    client.post(f"/api/v1/tasks/{item.pk}/claim")
    assert client.post(f"/api/v1/tasks/{item.pk}/unclaim").json()["status"] == "NEW"
    client.post(f"/api/v1/tasks/{item.pk}/claim")
    bad = client.post(f"/api/v1/tasks/{item.pk}/reassign", {"to_user": "abc"}, format="json")
    assert bad.status_code == 400
    moved = client.post(
        f"/api/v1/tasks/{item.pk}/reassign", {"to_user": people["officer2"].pk}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["owner"] == "officer2"


def test_permission_matrix(bearer, people, case, units):
    from engine.models import User

    item = _intake(case)
    applicant = people["applicant"]
    stranger = bearer(people["stranger"])
    # Applicants are not staff.
    mine = bearer(applicant)
    assert mine.get("/api/v1/inbox").status_code == 403
    assert mine.post(f"/api/v1/tasks/{item.pk}/claim").status_code == 403
    # Staff outside the unit: 404 for the case and its tasks.
    assert stranger.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert stranger.post(f"/api/v1/tasks/{item.pk}/claim").status_code == 404
    assert (
        stranger.post(f"/api/v1/tasks/{item.pk}/complete", {"outcome": "accept"}, format="json").status_code
        == 404
    )
    # The chair (city, above) sees a masked summary and cannot act.
    chair = bearer(people["chair"])
    summary = chair.get(f"/api/v1/cases/{case.pk}").json()
    assert summary["full"] is False and summary["data"] is None and "*" in summary["id_number"]
    assert (
        chair.post(f"/api/v1/tasks/{item.pk}/complete", {"outcome": "accept"}, format="json").status_code
        == 403
    )
    # Anonymous: 401 with a challenge.
    from rest_framework.test import APIClient

    anonymous = APIClient().get("/api/v1/inbox")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Bearer"
    assert User.objects.filter(pk=applicant.pk).exists()


def test_notifications_follow_the_language_and_can_be_read(bearer, people, case):
    client = bearer(people["officer"])
    rows = client.get("/api/v1/notifications").json()
    assert rows and rows[0]["case"] == case.pk and rows[0]["read"] is False
    english = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english[0]["text"] != rows[0]["text"]
    assert client.post(f"/api/v1/notifications/{rows[0]['id']}/read").status_code == 204
    assert client.get("/api/v1/notifications").json()[0]["read"] is True
    # Somebody else's notification: 404.
    assert bearer(people["officer2"]).post(f"/api/v1/notifications/{rows[0]['id']}/read").status_code == 404
