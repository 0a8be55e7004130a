"""No decision answers 500 because of case data: every outcome of every task
of the four processes is posted through the HTTP views, once with every
yes/no answer "no" and every conditional field left empty (what a field
hidden on some path leaves behind), once with the demo's answers. Each
attempt runs in a savepoint and is rolled back, so one case explores every
branch; a successful attempt is explored further (each step and outcome
once). Waits are woken with a simulated clock; votes are carried."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from engine.casefile.decision import may_decide
from engine.models import User, WorkItem
from engine.roles.policy import is_staff_member
from engine.runtime.deadlines import deadlines_tick
from engine.runtime.versions import version_bundle

from .conftest import process_with_logins
from .driver import OPEN, apply, demo_yaml, encode, login, scalar, task_fields, upload

pytestmark = pytest.mark.django_db
PROCESSES = ["hardship_aid", "model_worker_care", "collective_contract", "skills_competition"]
GENERIC = {
    "text": "测试",
    "textarea": "测试说明",
    "integer": "1",
    "decimal": "1",
    "money": "1000",
    "date": "2024-06-01",
    "mobile": "13800000000",
    "email": "a@example.com",
    "id_number": "11010519491231002X",
    "bank_card": "6222020200112233445",
}


class Sweep:
    def __init__(self, key):
        self.key = key
        self.demo = demo_yaml(key)
        self.tried: set[tuple[str, str]] = set()  # (step, outcome) posted
        self.followed: set[tuple[str, str]] = set()  # (step, outcome) explored further
        self.refusals = []
        self.staff = [u for u in User.objects.filter(is_superuser=False, is_active=True).order_by("pk")]

    def demo_data(self, step, outcome):
        entries = [e for case in self.demo["cases"] for e in case.get("progress") or [] if e["step"] == step]
        chosen = [e for e in entries if e.get("outcome") == outcome] or entries
        return (chosen[0].get("data") or {}) if chosen else {}

    def client_for(self, item):
        """A freshly logged-in client of someone who may decide `item` (a
        session made inside a rolled-back savepoint would vanish with it)."""
        for user in self.staff:
            if may_decide(user, item):
                return login(user.username), is_staff_member(user)
        raise AssertionError(f"nobody may decide {item.step}")

    def post(self, item, outcome, data, comment="测试意见"):
        client, staff = self.client_for(item)
        self.last_client = client
        url = (
            reverse("casefile:decide", args=[item.case_id, item.task_id])
            if staff
            else reverse("portal:task", args=[item.task_id])
        )
        post = {"outcome": outcome, "comment": comment, f"confirm_{outcome}": "1", **data}
        response = client.post(url, post)  # the test client re-raises a server error
        assert response.status_code in (200, 302, 400, 409), (item.step, outcome, response.status_code)
        return response

    def fields(self, step_id):
        return task_fields(self.key, step_id)

    def hidden_empty(self, case, step_id):
        """Every yes/no "no", every conditional field empty, the rest filled."""
        data = {}
        for field in self.fields(step_id):
            if field.get("visible_if") or field.get("type") == "computed":
                continue
            if field.get("type") == "boolean":
                data[field["name"]] = "false"
            else:
                data.update(self.filled_one(field, case))
        return data

    def filled_one(self, field, case):
        name, kind = field["name"], field.get("type", "text")
        if kind in ("file", "table", "multichoice") or name in case.data:
            return encode([field], case.data) if name in case.data else encode([field], {})
        if kind == "boolean":
            return {name: "true"}
        if kind == "choice":
            from forms.options import choices_for

            choices = choices_for(field)
            first = choices[0][1][0][0] if choices and isinstance(choices[0][1], list) else choices[0][0]
            return {name: str(first)}
        if kind == "file":
            return {name: upload(field)}
        return {name: GENERIC.get(kind, "测试")}

    def filled(self, case, step_id, outcome):
        fields = self.fields(step_id)
        answers = {**case.data, **self.demo_data(step_id, outcome)}
        data = {}
        for field in fields:
            if field.get("type") == "computed":
                continue
            if field["name"] in answers:
                data.update(encode([field], answers))
            else:
                data.update(self.filled_one(field, case))
        return {k: (scalar(v) if isinstance(v, bool) else v) for k, v in data.items()}

    def open_items(self, case):
        return list(WorkItem.objects.filter(case=case, status__in=OPEN).order_by("pk"))

    def explore(self, case, depth=0):
        assert depth < 40, "the sweep went round in circles"
        case.refresh_from_db()
        bundle = version_bundle(case.version)
        items = self.open_items(case)
        if not items:
            if case.status not in ("DONE", "CANCELED"):
                before = case.updated_at if hasattr(case, "updated_at") else None
                deadlines_tick(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400), case=case)
                case.refresh_from_db()
                if self.open_items(case) or (before is not None and case.updated_at != before):
                    self.explore(case, depth + 1)
            return
        for item in items:
            step = bundle.steps[item.step]
            if step["type"] == "vote":
                self.carry_vote(case, item, depth)
                continue
            for outcome in step.get("outcomes") or []:
                pair = (item.step, outcome["id"])
                for variant in ("hidden_empty", "filled"):
                    sid = transaction.savepoint()
                    fresh = WorkItem.objects.get(pk=item.pk)
                    data = (
                        self.hidden_empty(case, item.step)
                        if variant == "hidden_empty"
                        else self.filled(case, item.step, outcome["id"])
                    )
                    response = self.post(fresh, outcome["id"], data)
                    self.tried.add(pair)
                    moved = not WorkItem.objects.filter(pk=item.pk, status__in=OPEN).exists()
                    if variant == "filled" and not moved:
                        self.refusals.append((pair, _refusal(self.last_client, response)))
                    if variant == "filled" and moved and pair not in self.followed:
                        self.followed.add(pair)
                        self.explore(case, depth + 1)
                    transaction.savepoint_rollback(sid)
                    case.refresh_from_db()

    def carry_vote(self, case, item, depth):
        sid = transaction.savepoint()
        for _ in range(20):
            open_vote = WorkItem.objects.filter(pk=item.pk, status__in=OPEN).first()
            if open_vote is None:
                break
            voter = next(
                (u for u in self.staff if may_decide(u, open_vote) and not _voted(u, open_vote)), None
            )
            if voter is None:
                deadlines_tick(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=400), case=case)
                break
            response = login(voter.username).post(
                reverse("casefile:decide", args=[case.pk, open_vote.task_id]), {"outcome": "for"}
            )
            assert response.status_code in (302,), response.status_code
        if ("vote", item.step) not in self.followed:
            self.followed.add(("vote", item.step))
            self.explore(case, depth + 1)
        transaction.savepoint_rollback(sid)


def _refusal(client, response) -> str:
    import re

    if response.status_code != 302:
        return str(response.status_code)
    html = client.get(response["Location"]).content.decode()
    return " | ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))[:300]


def _voted(user, item):
    from engine.models import Ballot

    return Ballot.objects.filter(task_id=item.task_id, voter=user).exists()


@pytest.mark.parametrize("key", PROCESSES)
def test_every_outcome_of_every_task_answers_without_a_server_error(key, deferred_documents, monkeypatch):
    monkeypatch.setattr("forms.window.current_date", lambda: dt.date(dt.date.today().year, 5, 1))
    process_with_logins(key)
    sweep = Sweep(key)
    # each demo applicant's answers: they take different branches (a
    # low-income subsidy is visited every quarter, an admission is not)
    for entry in sweep.demo["cases"]:
        sid = transaction.savepoint()
        case = apply(login(entry["applicant"]["username"]), key, entry["answers"])
        sweep.followed = set()
        sweep.explore(case)
        transaction.savepoint_rollback(sid)
    bundle = version_bundle(case.version)
    every = {
        (step["id"], outcome["id"])
        for step in bundle.steps.values()
        if step["type"] == "task"
        for outcome in step.get("outcomes") or []
    }
    assert every - sweep.tried == set(), f"not reached: {sorted(every - sweep.tried)} {sweep.refusals}"
    assert len(sweep.tried) == len(every)
