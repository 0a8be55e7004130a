"""Reads on documents, including the public verification check.

Verification answers two questions — is this file the one we issued
(SHA-256 match), and is it still the current revision — and reveals nothing
beyond what the document itself prints on its face: title, number, issuing
unit, date and revision. No applicant data."""

import hashlib
from dataclasses import dataclass

from django.utils import timezone

from .chain import document_intact
from .models import Document


@dataclass(frozen=True)
class Verification:
    found: bool
    genuine: bool | None = None  # None: no file was submitted
    intact: bool = True  # the stored record and file hash still match their seals
    current: bool = False
    rendered: bool = False
    title: str = ""
    number: str = ""
    unit: str = ""
    date: object = None
    revision: int = 0
    signed: bool = False
    superseded_by_revision: int | None = None
    superseded_by_code: str = ""


def document_latest(*, case, key: str) -> Document | None:
    return Document.objects.filter(case=case, key=key).order_by("-revision").first()


def documents_of_case(*, case, user=None) -> list[Document]:
    """Every revision of every document of a case, by key then newest first;
    with `user`, only those the download policy lets that user see."""
    documents = list(Document.objects.filter(case=case).order_by("key", "-revision"))
    if user is None:
        return documents
    from engine.roles.policy import document_downloadable_by

    return [document for document in documents if document_downloadable_by(user, document)]


def document_successor(document: Document) -> Document | None:
    """The next rendered revision, if any: a pending or failed correction
    does not yet replace the document people hold."""
    return (
        Document.objects.filter(
            case_id=document.case_id,
            key=document.key,
            revision__gt=document.revision,
            status=Document.Status.RENDERED,
        )
        .order_by("revision")
        .first()
    )


def document_verify(*, short_code: str, content: bytes | None = None) -> Verification:
    document = (
        Document.objects.select_related("case__org_unit")
        .filter(short_code=short_code.strip().upper())
        .first()
    )
    if document is None:
        return Verification(found=False)
    rendered = document.status == Document.Status.RENDERED
    successor = document_successor(document) if rendered else None
    # A stored hash that no longer matches its seal (engine.documents.chain)
    # was changed behind the platform's back: no file verifies against it.
    intact = document_intact(document)
    genuine = None
    if content is not None:
        genuine = rendered and intact and hashlib.sha256(content).hexdigest() == document.sha256
    issued = document.created_at  # the date printed on the document
    return Verification(
        found=True,
        genuine=genuine,
        intact=intact,
        current=rendered and successor is None,
        rendered=rendered,
        title=document.title,
        number=document.number,
        unit=document.case.org_unit.name,
        date=timezone.localtime(issued).date() if issued else None,
        revision=document.revision,
        signed=document.signed,
        superseded_by_revision=successor.revision if successor else None,
        superseded_by_code=successor.short_code if successor else "",
    )
