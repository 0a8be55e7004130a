"""Telling people: in-app notifications and email (Django's email backend),
sent after the transaction commits so a rolled-back transition tells no one."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from engine.models import Notification, RoleAssignment
from engine.roles.units import unit_for_task


def role_holders(role: str, unit):
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    holders = RoleAssignment.objects.filter(role=role, org_unit_id__in=ancestor_ids).select_related("user")
    return [a.user for a in holders if a.org_unit_id == unit.pk or a.covers_descendants]


def notify_users(users, *, case, message: str, url: str = "", email: bool = True):
    users = [user for user in {user.pk: user for user in users if user is not None}.values()]
    Notification.objects.bulk_create(
        [Notification(user=user, case=case, message=message[:255], url=url) for user in users]
    )
    mails = [
        (f"[工会服务平台] {case.number}", f"{message}\n\n{url}", settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in users
        if email and user.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))


def notify_target(target: str, *, case, message: str, bundle, where=None):
    """`target` is 'applicant' or a role key (looked up in the case's unit,
    or `where` as in a task's `unit:`)."""
    role = bundle.roles.get(target, {})
    if target == "applicant" or role.get("applicant"):
        users = [case.applicant]
    else:
        users = role_holders(target, unit_for_task(case.org_unit, where))
    notify_users(users, case=case, message=message)
