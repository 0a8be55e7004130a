"""The audit trail as a hash chain: causal order with a per-case seq, and
every kind of tampering (edit, delete, reorder, truncate) noticed by
`manage.py audit verify`, the case file and the nightly check."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from engine.audit_checks import audit_nightly
from engine.models import AuditHead, Case, CaseEvent, Notification, User
from engine.runtime.audit_verify import case_chain_break
from engine.runtime.services import task_claim, task_complete
from engine.runtime.votes import vote_cast

from .helpers import open_item

pytestmark = pytest.mark.django_db


def _do(case, step, user, outcome, data=None, comment=""):
    item = open_item(case, step)
    if item.status == "NEW":
        task_claim(task=item.task, user=user)
    task_complete(task=item.task, user=user, outcome=outcome, data=data or {}, comment=comment)


def _filed(start, people):
    """A case through the chair's approval and the committee, whose passing
    vote triggers the automatic filing step (number, values, notice)."""
    case = start()
    _do(case, "intake", people["officer"], "accept", {"call_note": "已电话联系"})
    _do(case, "check_a", people["officer"], "done")
    _do(case, "check_b", people["officer2"], "done")
    _do(case, "assess", people["officer"], "grant", {"amount": "10400.00"})
    _do(case, "chair_approval", people["chair"], "approve", comment="同意")
    vote = open_item(case, "committee")
    for member in ("m1", "m2", "m3"):
        vote_cast(task=vote.task, user=people[member], choice="for")
    return Case.objects.get(pk=case.pk)


def rows(case):
    return list(CaseEvent.objects.filter(case=case).order_by("seq"))


def verify(*cases) -> tuple[int, str]:
    out = StringIO()
    args = ["audit", "verify"] + [f"--case={case.pk}" for case in cases]
    try:
        call_command(*args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def test_events_are_in_causal_order_with_a_gapless_seq_and_seconds(start, people):
    case = _filed(start, people)
    events = rows(case)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].action == "start"
    kinds = [(e.action, e.step) for e in events]
    # The decision that closed the vote comes before the filing it triggered.
    closed = kinds.index(("vote_closed", "committee"))
    filed = kinds.index(("auto", "filing"))
    assert closed < filed and kinds[closed - 1] == ("vote", "committee")
    # Times follow the sequence (never a triggered step before its cause).
    assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
    assert case.data["file_no"] in str(events[filed].changes)


def test_an_intact_chain_verifies_everywhere(start, people, client):
    case = _filed(start, people)
    assert case_chain_break(case) is None
    code, out = verify(case)
    assert code == 0 and "OK" in out
    client.force_login(people["officer"])
    page = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert "办理记录校验通过" in page and "办理记录校验未通过" not in page
    # seconds are shown, in seq order
    from django.utils import timezone

    last = rows(case)[-1]
    assert timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M:%S") in page


@pytest.mark.parametrize("field,value", [("comment", "已伪造"), ("actor", "stranger"), ("at", "shift")])
def test_editing_one_field_of_one_row_is_detected(start, people, client, field, value):
    case = _filed(start, people)
    target = next(e for e in rows(case) if e.action == "complete" and e.step == "chair_approval")
    if field == "actor":
        CaseEvent.objects.filter(pk=target.pk).update(actor=people[value])
    elif field == "at":
        CaseEvent.objects.filter(pk=target.pk).update(at=target.at.replace(year=target.at.year - 1))
    else:
        CaseEvent.objects.filter(pk=target.pk).update(**{field: value})
    found = case_chain_break(case)
    assert found is not None and (found.seq, found.reason) == (target.seq, "changed")
    code, out = verify(case)
    assert code == 1 and f"seq {target.seq}" in out and "edited" in out
    client.force_login(people["officer"])
    page = client.get(reverse("casefile:case", args=[case.pk])).content.decode()
    assert f"办理记录校验未通过：第 {target.seq} 条" in page


def test_deleting_a_middle_row_is_detected(start, people):
    case = _filed(start, people)
    target = rows(case)[3]
    CaseEvent.objects.filter(pk=target.pk).delete()
    found = case_chain_break(case)
    assert (found.seq, found.reason) == (target.seq, "missing")


def test_deleting_the_last_row_is_detected(start, people):
    case = _filed(start, people)
    last = rows(case)[-1]
    CaseEvent.objects.filter(pk=last.pk).delete()
    found = case_chain_break(case)
    assert (found.seq, found.reason) == (last.seq, "truncated")
    assert verify(case)[0] == 1


def test_deleting_every_row_of_a_case_is_detected(start, people):
    case = _filed(start, people)
    CaseEvent.objects.filter(case=case).delete()
    assert case_chain_break(case).reason == "truncated"


def test_swapping_two_rows_is_detected(start, people):
    case = _filed(start, people)
    a, b = rows(case)[2], rows(case)[5]
    # Swap their positions (seq), as a reordering in SQL would.
    CaseEvent.objects.filter(pk=a.pk).update(seq=100000)
    CaseEvent.objects.filter(pk=b.pk).update(seq=a.seq)
    CaseEvent.objects.filter(pk=a.pk).update(seq=b.seq)
    found = case_chain_break(case)
    assert found is not None and found.seq == a.seq


def test_swapping_the_content_of_two_rows_is_detected(start, people):
    """Keeping seq and hashes in place but exchanging what two rows say."""
    case = _filed(start, people)
    a, b = rows(case)[1], rows(case)[2]
    fields = ["task_id", "actor_id", "at", "step", "step_title", "action", "outcome", "comment", "changes"]
    CaseEvent.objects.filter(pk=a.pk).update(**{f.removesuffix("_id"): getattr(b, f) for f in fields})
    CaseEvent.objects.filter(pk=b.pk).update(**{f.removesuffix("_id"): getattr(a, f) for f in fields})
    assert case_chain_break(case).seq == a.seq


def test_a_row_forged_with_a_recomputed_plain_hash_is_detected(start, people):
    """The hash is keyed: recomputing a bare SHA-256 over the edited row
    (what someone with SQL access but without the key can do) fails."""
    import hashlib

    from engine.runtime import audit_chain

    case = _filed(start, people)
    target = rows(case)[4]
    target.comment = "伪造意见"
    content = audit_chain.event_content(
        case_id=target.case_id,
        seq=target.seq,
        prev_hash=target.prev_hash,
        action=target.action,
        actor_id=target.actor_id,
        at=target.at,
        task_id=target.task_id,
        step=target.step,
        step_title=target.step_title,
        outcome=target.outcome,
        outcome_label=target.outcome_label,
        comment=target.comment,
        changes=target.changes,
    )
    forged = hashlib.sha256(audit_chain.canonical_json(content)).hexdigest()
    CaseEvent.objects.filter(pk=target.pk).update(comment=target.comment, hash=forged)
    assert case_chain_break(case).seq == target.seq


def test_an_appended_forged_row_is_detected(start, people):
    case = _filed(start, people)
    last = rows(case)[-1]
    CaseEvent.objects.create(
        case=case, action="complete", seq=last.seq + 1, prev_hash=last.hash, hash="f" * 64
    )
    assert case_chain_break(case).seq == last.seq + 1


def test_only_the_named_case_is_checked_and_other_cases_stay_valid(start, people):
    broken, intact = _filed(start, people), start()
    CaseEvent.objects.filter(case=broken, seq=2).update(comment="x")
    assert verify(intact)[0] == 0
    code, out = verify()
    assert code == 1 and f"case {broken.pk}:" in out and f"case {intact.pk}:" not in out
    assert verify(Case(pk=987654))[0] == 1  # an unknown case is an error, not "OK"


def test_nightly_check_tells_the_administrators(start, people):
    admin = User.objects.create_superuser(username="root", password="x", email="root@example.org")
    case = _filed(start, people)
    assert audit_nightly() == {"broken": 0, "notified": 0}
    assert not Notification.objects.filter(user=admin).exists()
    CaseEvent.objects.filter(case=case, seq=3).delete()
    assert audit_nightly()["broken"] == 1
    notice = Notification.objects.get(user=admin, case=case)
    assert case.number in notice.text and "#3" in notice.text
    assert not Notification.objects.filter(user=people["officer"], key="audit_broken").exists()


def test_concurrent_appends_never_fork_the_chain(start, people):
    """Appends read the head FOR UPDATE and seq is unique per case: a second
    row with the same seq cannot be stored."""
    from django.db import IntegrityError, transaction

    case = start()
    head = AuditHead.objects.get(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(case=case, action="forged", seq=head.seq)
