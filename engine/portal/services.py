"""Portal writes: reading notifications (accounts are made in accounts/)."""

from django.utils import timezone

from engine.models import Notification


def notification_read(*, user, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(pk=notification_id, user=user).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
