"""Telling people: in-app notifications and email (Django's email backend),
sent after the transaction commits so a rolled-back transition tells no one.

A notification stores a Notice (key + parameters, engine/runtime/notices.py)
and is worded when read; emails are worded now, in each recipient's
`User.language`, once per language rather than once per recipient."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from engine.models import Notification, RoleAssignment
from engine.roles.units import unit_for_task

from .notices import CHINESE, Notice, email_subject


def role_holders(role: str, unit):
    return role_holders_many([(role, unit)])[(role, unit.pk)]


def role_holders_many(pairs) -> dict:
    """{(role, unit id): [users]} for several (role, unit) pairs in one query:
    a transition that opens parallel tasks announces them all at once."""
    pairs = list(pairs)
    ancestors = {
        unit.pk: [int(part) for part in unit.path.strip("/").split("/") if part] for _r, unit in pairs
    }
    assignments = (
        RoleAssignment.objects.current()
        .filter(
            role__in={role for role, _unit in pairs},
            org_unit_id__in={pk for ids in ancestors.values() for pk in ids},
        )
        .select_related("user")
    )
    holders = {(role, unit.pk): [] for role, unit in pairs}
    for assignment in assignments:
        for role, unit in pairs:
            if (
                assignment.role == role
                and assignment.org_unit_id in ancestors[unit.pk]
                and (assignment.org_unit_id == unit.pk or assignment.covers_descendants)
            ):
                holders[(role, unit.pk)].append(assignment.user)
    return holders


def notify_in_app(entries, *, case, url: str = ""):
    """In-app notifications only, for several (users, notice) pairs in one
    insert (a role queue's announcements: the inbox shows the task anyway,
    so no email)."""
    rows = []
    for users, notice in entries:
        # `message` keeps the Chinese wording for search, the studio's dry run
        # and any reader of the column; the list shows `Notification.text`.
        message = notice.render(CHINESE)[:255]
        unique = {user.pk: user for user in users if user is not None}.values()
        rows += [
            Notification(user=user, case=case, message=message, key=notice.key, params=notice.params, url=url)
            for user in unique
        ]
    Notification.objects.bulk_create(rows)


def notify_users(users, *, case, notice: Notice, url: str = "", email: bool = True):
    users = [user for user in {user.pk: user for user in users if user is not None}.values()]
    notify_in_app([(users, notice)], case=case, url=url)
    if not email:
        return
    worded = {}  # language -> (subject, body)
    mails = []
    for user in users:
        if not user.email:
            continue
        language = user.language or settings.LANGUAGE_CODE
        if language not in worded:
            body = notice.render(language)
            subject = email_subject(case.number, language)
            worded[language] = (subject, f"{body}\n\n{url}" if url else body)
        subject, body = worded[language]
        mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))


def notify_target(target: str, *, case, notice: Notice, bundle, where=None):
    """`target` is 'applicant' or a role key (looked up in the case's unit,
    or `where` as in a task's `unit:`)."""
    role = bundle.roles.get(target, {})
    if target == "applicant" or role.get("applicant"):
        users = [case.applicant]
    else:
        users = role_holders(target, unit_for_task(case.org_unit, where, data=case.data, role=target))
    notify_users(users, case=case, notice=notice)
