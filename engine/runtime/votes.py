"""Committee votes: each member casts one ballot on the vote task; once all
expected ballots are in (or the deadline passes) the rule decides."""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from engine.expressions import evaluate
from engine.models import Ballot, WorkItem
from engine.roles.backends import holds_role

from .audit import event_record
from .casedata import namespace
from .compiler import flow_class_of
from .services import TransitionError, _finish_task, _load, _locked
from .versions import version_bundle


def _members(step, case, bundle) -> int:
    members = step["members"]
    if isinstance(members, int):
        return members
    return int(evaluate(str(members), namespace(case, bundle)))


def vote_passes(step, tally: dict, members: int) -> bool:
    cast = sum(tally.values())
    if step.get("quorum") and cast < int(step["quorum"]):
        return False
    votes_for = tally.get("for", 0)
    rule = step.get("rule", "majority")
    if rule == "majority":
        return votes_for * 2 > members
    if rule == "two_thirds":
        return votes_for >= math.ceil(members * 2 / 3)
    if rule == "unanimous":
        return votes_for == members
    names = {
        "votes_for": votes_for,
        "votes_against": tally.get("against", 0),
        "votes_abstain": tally.get("abstain", 0),
        "members": members,
    }
    return bool(evaluate(rule, names))


def _tally(task) -> dict:
    tally = {"for": 0, "against": 0, "abstain": 0}
    for choice in Ballot.objects.filter(task=task).values_list("choice", flat=True):
        tally[choice] += 1
    return tally


def vote_close(task, case, user, bundle, step):
    tally = _tally(task)
    passed = vote_passes(step, tally, _members(step, case, bundle))
    answers = {f"{step['id']}_{choice}": count for choice, count in tally.items()}
    return _finish_task(
        task,
        case,
        user,
        data_key=f"{step['id']}_passed",
        value=passed,
        answers=answers,
        comment="",
        action="vote_closed",
        bundle=bundle,
    )


def vote_cast(*, task, user, choice: str, comment: str = ""):
    if choice not in Ballot.Choice.values:
        raise TransitionError(_("无效的表决选项。"))
    case = _load(task.pk)[1]
    flow_class = flow_class_of(case.version)
    with _locked(case.pk, flow_class):
        task, case = _load(task.pk)
        item = WorkItem.objects.select_related("org_unit").get(task=task)
        bundle = version_bundle(case.version)
        step = bundle.steps[item.step]
        if step["type"] != "vote" or task.status not in ("NEW", "ASSIGNED"):
            raise TransitionError(_("表决已结束。"))
        if not holds_role(user, item.role, item.org_unit):
            raise PermissionDenied(_("您不是本次表决的成员。"))
        if Ballot.objects.filter(task=task, voter=user).exists():
            raise TransitionError(_("您已经投过票了。"))
        Ballot.objects.create(task=task, voter=user, choice=choice, comment=comment)
        event_record(
            case=case, action="vote", actor=user, task=task, outcome=choice, comment=comment, bundle=bundle
        )
        if Ballot.objects.filter(task=task).count() >= _members(step, case, bundle):
            return vote_close(task, case, user, bundle, step)
    return case
