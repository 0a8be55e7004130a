"""Dry runs: the real services on a simulated case, always rolled back."""

import pytest
from django.core.exceptions import ValidationError

from engine.models import Case, CaseEvent, Notification, OrgUnit, User, WorkItem
from engine.runtime import flows
from engine.studio.drafts import draft_open, draft_save
from engine.studio.dryrun import dry_run
from engine.studio.samples import happy_path, sample_script

from .conftest import replace_in

DATA = {
    "name": "试运行",
    "id_number": "11010519491231002X",
    "household": [{"relation": "本人", "income": "800"}],
}
SCRIPT = [
    {"step": "intake", "outcome": "accept", "after": "3 hours"},
    {"step": "check_a", "outcome": "done"},
    {"step": "check_b", "outcome": "done"},
    {"step": "assess", "outcome": "grant", "data": {"amount": "6000"}},
    {"step": "chair_approval", "outcome": "approve"},
    {"step": "committee", "ballots": ["for", "for", "against"]},
    {"step": "follow_up", "outcome": "done"},
]


def _counts():
    return [m.objects.count() for m in (Case, CaseEvent, WorkItem, Notification, OrgUnit, User)]


def test_a_full_dry_run_reports_path_deadlines_escalations_and_leaves_nothing(all_kinds, people):
    before = _counts()
    result = dry_run(version=all_kinds, data=DATA, script=SCRIPT)
    assert result["error"] == ""
    assert (result["status"], result["final_status"]) == ("DONE", "granted")
    steps = [p["step"] for p in result["path"] if p["action"] == "complete"]
    assert steps == ["intake", "check_a", "check_b", "assess", "chair_approval", "follow_up"]
    # 3 hours passed before the call-back: reminded, then escalated to the head
    fired = [(p["action"], p["step"]) for p in result["fired"]]
    assert ("remind", "intake") in fired and ("escalate", "intake") in fired
    assert ("wake", "follow_up_wait") in fired  # six simulated months went by
    assert (result["ended_at"] - result["started_at"]).days >= 180
    intake = next(d for d in result["deadlines"] if d["step"] == "intake")
    assert intake["escalated"] and intake["role"] == "head"
    assert result["data"]["file_no"].startswith("模测")
    assert any("已建档" in n["message"] for n in result["notifications"])
    assert _counts() == before  # nothing kept


def test_a_wrong_outcome_stops_the_run_with_its_step_number(all_kinds):
    result = dry_run(version=all_kinds, data=DATA, script=[{"step": "intake", "outcome": "nope"}])
    assert result["error"].startswith("第 1 步") and "nope" in result["error"]
    assert result["open_steps"] == ["intake"]


def test_a_step_that_is_not_open_is_reported(all_kinds):
    result = dry_run(version=all_kinds, data=DATA, script=[{"step": "assess", "outcome": "grant"}])
    assert "assess" in result["error"] and "intake" in result["error"]


def test_dry_run_on_a_draft_uses_the_draft_and_forgets_its_class(definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    draft = draft_save(
        definition=definition,
        files=replace_in(draft.files, "title: 评估", "title: 草稿评估"),
        actor=admin_user,
    )
    result = dry_run(version=draft, data=DATA, script=SCRIPT[:4])
    assert any(p["title"] == "草稿评估" for p in result["path"])
    assert draft.flow_class_name not in vars(flows)
    assert not Case.objects.filter(version=draft).exists()


def test_an_invalid_draft_cannot_be_dry_run(definition, admin_user):
    draft = draft_open(definition=definition, actor=admin_user)
    draft = draft_save(
        definition=definition, files=replace_in(draft.files, "next: intake", "next: x"), actor=admin_user
    )
    with pytest.raises(ValidationError):
        dry_run(version=draft, data=DATA, script=[])


def test_the_sample_script_walks_the_happy_path_to_an_end(all_kinds):
    from engine.runtime.versions import version_bundle

    script = happy_path(version_bundle(all_kinds))
    assert [e["step"] for e in script][:4] == ["intake", "check_a", "check_b", "assess"]
    data_text, script_text = sample_script(all_kinds)
    assert "id_number" in data_text and "intake" in script_text
    result = dry_run(version=all_kinds, data=DATA, script=script)
    assert result["error"] == "" and result["status"] == "DONE"


def test_the_dry_run_lists_a_decision_before_the_automatic_steps_it_triggered(all_kinds, people):
    result = dry_run(version=all_kinds, data=DATA, script=SCRIPT)
    path = [(p["action"], p["step"]) for p in result["path"]]
    closed = path.index(("vote_closed", "committee"))
    assert path[closed + 1] == ("auto", "filing")
    assert path.index(("complete", "chair_approval")) < path.index(("vote", "committee")) < closed
    assert path[0] == ("start", "apply")
