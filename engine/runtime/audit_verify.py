"""Reading the audit chains back and saying where one breaks: for the case
file (one case), `manage.py audit verify` and the nightly check (all)."""

from __future__ import annotations

from collections.abc import Iterator

from engine.models import AuditHead, CaseEvent

from .audit_chain import Break, chain_break

BATCH = 2000


def case_chain_break(case, events=None) -> Break | None:
    """The first broken link of one case's chain, or None. `events` may be
    handed in when the caller has already read them (the case file)."""
    if events is None:
        events = CaseEvent.objects.filter(case_id=case.pk).order_by("seq", "id")
    else:
        events = sorted(events, key=lambda event: (event.seq, event.pk))
    head = AuditHead.objects.filter(case_id=case.pk).values_list("seq", "hash").first()
    return chain_break(case.pk, events, head)


def chain_breaks(case_ids=None) -> Iterator[Break]:
    """Every case whose chain does not verify (first break of each), reading
    events in one ordered stream. Cases with a head but no events left are
    reported too."""
    events = CaseEvent.objects.order_by("case_id", "seq", "id")
    heads = AuditHead.objects.all()
    if case_ids is not None:
        events, heads = events.filter(case_id__in=case_ids), heads.filter(case_id__in=case_ids)
    recorded = dict(_heads(heads))
    seen = set()
    current, bucket = None, []
    for event in events.iterator(chunk_size=BATCH):
        if event.case_id != current:
            if current is not None:
                found = chain_break(current, bucket, recorded.get(current))
                if found:
                    yield found
            current, bucket = event.case_id, []
            seen.add(event.case_id)
        bucket.append(event)
    if current is not None:
        found = chain_break(current, bucket, recorded.get(current))
        if found:
            yield found
    for case_id in sorted(set(recorded) - seen):
        found = chain_break(case_id, [], recorded[case_id])
        if found:
            yield found


def _heads(heads) -> list[tuple[int, tuple[int, str]]]:
    return [(case_id, (seq, digest)) for case_id, seq, digest in heads.values_list("case_id", "seq", "hash")]
