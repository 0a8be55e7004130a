"""Portal writes: applicant accounts and reading notifications."""

from django.db import transaction
from django.utils import timezone

from engine.models import Notification, User


@transaction.atomic
def applicant_signup(*, mobile: str, display_name: str, password: str) -> User:
    """Applicants get no role and no staff flag: staff accounts are made by
    administrators, never through this form."""
    return User.objects.create_user(
        username=mobile, mobile=mobile, display_name=display_name, password=password
    )


def notification_read(*, user, notification_id: int) -> Notification | None:
    notification = Notification.objects.filter(pk=notification_id, user=user).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
