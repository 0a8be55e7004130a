"""Celery tasks of the engine (used only when CELERY_BROKER_URL is set)."""

from celery import shared_task


@shared_task(name="engine.deadlines_tick")
def deadlines_tick_task():
    """Reminders, escalations, closing votes and waking waits; scheduled by
    Celery beat every minute (CELERY_BEAT_SCHEDULE), or run
    `manage.py workflows tick` from cron instead."""
    from engine.runtime.deadlines import deadlines_tick

    return deadlines_tick()


@shared_task(name="engine.audit_verify")
def audit_verify_task():
    """Nightly (CELERY_BEAT_SCHEDULE): verify every audit chain and tell the
    administrators of any break."""
    from engine.audit_checks import audit_nightly

    return audit_nightly()
