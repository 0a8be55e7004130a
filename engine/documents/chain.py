"""Document revisions as a hash chain, like the case events
(engine.runtime.audit_chain, same key and canonical form).

At request time each revision gets `record_hash`, a seal over what it was
made from (case, key, revision, number, title, short code, data snapshot)
and the previous revision's `record_hash` (`prev_hash`). When the PDF is
rendered, `file_seal` seals the record hash with the file's SHA-256, so
replacing both a PDF and its stored hash is noticed: the verification page
then refuses the file."""

from __future__ import annotations

from engine.runtime.audit_chain import GENESIS, Break, seal


def record_hash(document) -> str:
    return seal(
        {
            "case": document.case_id,
            "key": document.key,
            "revision": document.revision,
            "number": document.number,
            "title": document.title,
            "short_code": document.short_code,
            "version": document.version_id,
            "data": document.data,
            "prev": document.prev_hash,
        }
    )


def file_seal(document) -> str:
    return seal({"record": document.record_hash, "sha256": document.sha256, "signed": document.signed})


def document_intact(document) -> bool:
    """This one revision's own seals hold (not the links to its neighbours)."""
    if not document.record_hash or record_hash(document) != document.record_hash:
        return False
    if document.sha256 or document.file_seal:
        return file_seal(document) == document.file_seal
    return True


def revisions_break(case_id: int, key: str, revisions) -> Break | None:
    """The first broken link among one document's revisions (ordered by revision)."""
    prev, expected = GENESIS, 1
    for document in revisions:
        if not document.record_hash:
            return Break(case_id, document.revision, "unsealed", document=key)
        if document.revision != expected:
            reason = "missing" if document.revision > expected else "reordered"
            return Break(case_id, expected, reason, document=key)
        if record_hash(document) != document.record_hash:
            return Break(case_id, document.revision, "changed", document=key)
        if document.prev_hash != prev:
            return Break(case_id, document.revision, "reordered", document=key)
        if (document.sha256 or document.file_seal) and file_seal(document) != document.file_seal:
            return Break(case_id, document.revision, "file", document=key)
        prev, expected = document.record_hash, expected + 1
    return None


def document_breaks(case_ids=None):
    """First break of each (case, document key) whose revisions do not verify."""
    from .models import Document

    documents = Document.objects.order_by("case_id", "key", "revision")
    if case_ids is not None:
        documents = documents.filter(case_id__in=case_ids)
    group, bucket = None, []
    for document in documents.iterator(chunk_size=2000):
        if (document.case_id, document.key) != group:
            if group is not None and (found := revisions_break(*group, bucket)):
                yield found
            group, bucket = (document.case_id, document.key), []
        bucket.append(document)
    if group is not None and (found := revisions_break(*group, bucket)):
        yield found
