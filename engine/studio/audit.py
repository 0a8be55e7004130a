"""Writing the administrators' audit log."""

from .models import StudioChange


def change_record(*, actor, action, obj_type, obj_id, summary, before=None, after=None) -> StudioChange:
    return StudioChange.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        summary=str(summary)[:255],
        before=before or {},
        after=after or {},
    )
