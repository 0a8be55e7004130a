"""Signals the runtime sends for listeners outside it (webhooks), so the
services never name them. Sent inside the transition's transaction."""

from django.dispatch import Signal

# A transition created human tasks: kwargs case, items (WorkItem rows).
work_items_created = Signal()
