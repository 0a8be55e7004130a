"""The audit trail as a hash chain, and its verification.

Each CaseEvent holds its per-case sequence number, the hash of the event
before it and a hash of its own canonical content (which includes that
previous hash). The case's last (seq, hash) is kept in AuditHead, so a
deleted last row is noticed too. Hashes are HMAC-SHA256 under
AUDIT_CHAIN_KEY: someone who can write SQL but does not hold the key cannot
recompute a consistent chain after editing a row.

Pure functions here (no ORM writes): the migration that back-fills existing
rows uses the same canonical form, so a chain written by it verifies with
the code that verifies a chain written at run time."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

GENESIS = ""


def _key() -> bytes:
    key = getattr(settings, "AUDIT_CHAIN_KEY", "") or ""
    if not key:
        # Derived, never the secret itself; production should set its own
        # key (rotating SECRET_KEY must not break every chain).
        key = hashlib.sha256(("unionflow-audit-chain:" + settings.SECRET_KEY).encode()).hexdigest()
    return key.encode()


def _at(value) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value is not None else ""


def canonical_json(content: dict) -> bytes:
    """One byte string per content: sorted keys, no spaces, UTF-8. Values
    pass through JSON once so that what the database gives back (jsonb
    reorders keys) hashes the same as what was written."""
    text = json.dumps(
        content, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    plain = _numbers(json.loads(text))
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _numbers(value):
    # PostgreSQL's jsonb may give 1e16 back as 10000000000000000 (an int):
    # a whole float and its int hash the same.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    return value


def seal(content: dict) -> str:
    return hmac.new(_key(), canonical_json(content), hashlib.sha256).hexdigest()


def event_content(*, case_id, seq, prev_hash, action, actor_id, at, task_id, step, step_title, outcome,
                  outcome_label, comment, changes) -> dict:  # fmt: skip
    return {
        "case": case_id,
        "seq": seq,
        "prev": prev_hash,
        "action": action,
        "actor": actor_id,
        "at": _at(at),
        "task": task_id,
        "step": step,
        "step_title": step_title,
        "outcome": outcome,
        "outcome_label": outcome_label,
        "comment": comment,
        "changes": changes,
    }


def event_hash(event) -> str:
    """The hash an event (a CaseEvent or a historical model row) should hold."""
    return seal(
        event_content(
            case_id=event.case_id,
            seq=event.seq,
            prev_hash=event.prev_hash,
            action=event.action,
            actor_id=event.actor_id,
            at=event.at,
            task_id=event.task_id,
            step=event.step,
            step_title=event.step_title,
            outcome=event.outcome,
            outcome_label=event.outcome_label,
            comment=event.comment,
            changes=event.changes,
        )
    )


@dataclass(frozen=True)
class Break:
    """The first broken link of one case's chain."""

    case_id: int
    seq: int  # the sequence number where the chain breaks (0: the head)
    reason: str  # "changed", "missing", "reordered", "truncated", "unsealed"
    event_id: int | None = None
    document: str = ""  # a document key: the break is in that document's revisions

    def describe(self) -> str:
        if self.document:
            where = f"document {self.document} revision {self.seq}"
        else:
            where = f"seq {self.seq}" + (f" (event {self.event_id})" if self.event_id else "")
        return f"case {self.case_id}: {where}: {REASONS.get(self.reason, self.reason)}"


REASONS = {
    "changed": "content does not match its hash (edited)",
    "missing": "sequence gap (a record was deleted)",
    "reordered": "previous-hash link does not match (records reordered or replaced)",
    "truncated": "the chain ends before the recorded head (last records deleted)",
    "unsealed": "record has no hash",
    "file": "the stored file hash does not match its seal (file or hash replaced)",
    "head": "the chain's recorded head does not match its last record (a record added or the head changed)",
}


def chain_break(case_id: int, events, head: tuple[int, str] | None) -> Break | None:
    """Walk `events` (ordered by seq, then id) and return the first broken
    link, or None when the chain verifies. `head` is the case's recorded
    (last seq, last hash), None when the case has none."""
    prev, expected_seq, last = GENESIS, 1, None
    for event in events:
        if not event.hash:
            return Break(case_id, event.seq, "unsealed", event.pk)
        if event.seq != expected_seq:
            return Break(
                case_id, expected_seq, "missing" if event.seq > expected_seq else "reordered", event.pk
            )
        if event_hash(event) != event.hash:
            return Break(case_id, event.seq, "changed", event.pk)
        if event.prev_hash != prev:
            return Break(case_id, event.seq, "reordered", event.pk)
        prev, expected_seq, last = event.hash, expected_seq + 1, event
    recorded_seq, recorded_hash = head or (0, GENESIS)
    if last is None and recorded_seq == 0:
        return None
    if last is None or (last.seq, last.hash) != (recorded_seq, recorded_hash):
        reason = "truncated" if last is None or last.seq < recorded_seq else "head"
        return Break(case_id, (last.seq + 1) if last else 1, reason)
    return None
