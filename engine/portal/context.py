"""Template context: the unread notification count for the nav bar."""

from engine.models import Notification


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: evaluated only if a template shows it; one indexed count (user, read_at).
    from engine.roles.policy import is_process_admin, is_staff_member

    return {
        "unread_notifications": lambda: Notification.objects.filter(user=user, read_at__isnull=True).count(),
        "is_staff_member": lambda: is_staff_member(user),
        # Administrators see the studio, people and units, and Django admin
        # beside (not instead of) their own work.
        "is_administrator": _once(lambda: is_process_admin(user)),
    }


def _once(compute):
    """A lazy template value asked for twice (navigation and page) costs one query."""
    cache = []

    def value():
        if not cache:
            cache.append(compute())
        return cache[0]

    return value
