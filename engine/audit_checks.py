"""Verifying every audit chain (case events and document revisions) and
telling the administrators when one is broken: `manage.py audit verify`,
the nightly Celery beat task and the background worker call this."""

from __future__ import annotations

import logging

from engine.runtime.audit_chain import Break

logger = logging.getLogger(__name__)
MAX_NOTICES = 20  # one notice per broken case, at most this many per run


def audit_breaks(case_ids=None) -> list[Break]:
    from engine.documents.chain import document_breaks
    from engine.runtime.audit_verify import chain_breaks

    return list(chain_breaks(case_ids)) + list(document_breaks(case_ids))


def audit_nightly() -> dict:
    """Verify all chains; each broken case is logged and announced to every
    active superuser (in the app and by email)."""
    from django.urls import reverse

    from engine.models import Case, User
    from engine.runtime.notices import Notice
    from engine.runtime.notify import notify_users

    breaks = audit_breaks()
    for found in breaks:
        logger.error("audit chain broken: %s", found.describe())
    admins = list(User.objects.filter(is_superuser=True, is_active=True))
    cases = Case.objects.in_bulk({found.case_id for found in breaks[:MAX_NOTICES]})
    for found in breaks[:MAX_NOTICES]:
        case = cases.get(found.case_id)
        if case is None:
            continue
        where = f"{found.document} r{found.seq}" if found.document else f"#{found.seq}"
        notice = Notice("audit_broken", {"case": case.number, "step": where})
        notify_users(admins, case=case, notice=notice, url=reverse("casefile:case", args=[case.pk]))
    return {"broken": len(breaks), "notified": len(admins) if breaks else 0}
