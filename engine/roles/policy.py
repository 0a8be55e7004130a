"""The one place that decides who may see and act on cases, tasks and
documents. Views, services and tests all ask here."""

from django.utils import timezone

from engine.models import Case, Delegation, OrgUnit, RoleAssignment, WorkItem

from .backends import holds_role


def _assignments(user):
    if not user.is_authenticated:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.current().filter(user=user).select_related("org_unit")


def is_staff_member(user) -> bool:
    return user.is_authenticated and (user.is_superuser or _assignments(user).exists())


PROCESS_ADMIN_ROLE = "process_admin"


def is_process_admin(user) -> bool:
    """Union administrators who change processes in the studio: superusers,
    and holders of the `process_admin` role in any unit."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or _assignments(user).filter(role=PROCESS_ADMIN_ROLE).exists()


def case_visible_to(user, case: Case) -> bool:
    """Applicants see their own cases; staff see the cases of units they hold
    a role in, and of units below where the role covers descendants; units
    above see cases of their subordinate units (read only)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or case.applicant_id == user.pk:
        return True
    case_path = case.org_unit.path
    for assignment in _assignments(user):
        unit_path = assignment.org_unit.path
        if case_path.startswith(unit_path):
            return True
    return WorkItem.objects.filter(case=case, owner=user).exists()


def case_actable_by(user, case: Case) -> bool:
    """Acting (not just reading) needs a role in the case's own unit or a
    covering role above it."""
    if not user.is_authenticated:
        return False
    return any(
        case.org_unit.path.startswith(a.org_unit.path)
        and (a.org_unit_id == case.org_unit_id or a.covers_descendants)
        for a in _assignments(user)
    )


def delegators_of(user, *, today=None):
    """Users whose tasks `user` may act on today, as their delegate."""
    today = today or timezone.localdate()
    return list(
        Delegation.objects.filter(delegate=user, starts__lte=today, ends__gte=today).values_list(
            "user_id", flat=True
        )
    )


def task_claimable_by(user, item: WorkItem) -> bool:
    if item.status != "NEW" or not user.is_authenticated:
        return False
    if not item.role:
        return False
    if item.barred.filter(pk=user.pk).exists():  # four-eyes (`not_by:`)
        return False
    return holds_role(user, item.role, item.org_unit)


def task_reachable_by(user, item: WorkItem) -> bool:
    """Whether a task exists for this user at all: whoever may see its case,
    or may claim it. Anything else is answered as if it did not exist (no
    holder, no case number), by the single and the bulk claim alike."""
    return case_visible_to(user, item.case) or task_claimable_by(user, item)


def task_executable_by(user, item: WorkItem) -> bool:
    if item.owner_id is None or not user.is_authenticated:
        return False
    return item.owner_id == user.pk or item.owner_id in delegators_of(user)


def task_reassignable_by(user, item: WorkItem) -> bool:
    """The holder may hand a task on; so may a head who covers the unit, and
    an administrator who retires a unit or a grant the task depends on."""
    if task_executable_by(user, item) or is_process_admin(user):
        return True
    return any(
        a.covers_descendants and item.org_unit.path.startswith(a.org_unit.path) for a in _assignments(user)
    )


def document_downloadable_by(user, document) -> bool:
    """Roles listed under the document's `download:` (copied onto the document
    when it was requested, so later versions cannot widen access); the
    applicant when an applicant role is listed; superusers."""
    case = document.case
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    allowed = set(document.download_roles or [])
    if case.applicant_id == user.pk:
        from engine.runtime.versions import version_bundle

        roles = version_bundle(case.version).roles
        return any(roles.get(role, {}).get("applicant") for role in allowed)
    # The same line as the case file: a document prints the full ID number,
    # so whoever sees the file masked (a unit above, reading only) does not
    # get the PDF. A masked render is no answer: the PDF is the signed,
    # hash-registered original the verification page vouches for.
    if not case_visible_to(user, case) or not case_file_full_to(user, case):
        return False
    return any(
        case.org_unit.path.startswith(a.org_unit.path) and a.role in allowed for a in _assignments(user)
    )


def case_file_full_to(user, case: Case) -> bool:
    """The whole file (answers, attachments, documents, the full ID number)
    is for those who act on the case, the applicant, and whoever held one of
    its tasks; units above see a summary with the ID number masked."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or case.applicant_id == user.pk or case_actable_by(user, case):
        return True
    return (
        WorkItem.objects.filter(case=case).filter(owner=user).exists()
        or WorkItem.objects.filter(case=case, completed_by=user).exists()
    )


def document_retryable_by(user, case: Case) -> bool:
    """Rendering a case's document again (重新生成): the staff who act on the
    case (a role in its unit, or a covering role above), and superusers."""
    return user.is_authenticated and (user.is_superuser or case_actable_by(user, case))


def attachment_downloadable_by(user, attachment) -> bool:
    """The uploader; the case's applicant; staff who act for the case's unit
    (units above that only see summaries do not get the files); whoever holds
    a task of the case."""
    if not user.is_authenticated:
        return False
    if attachment.owner_id == user.pk or user.is_superuser:
        return True
    case = attachment.case
    if case is None:
        return False
    if case.applicant_id == user.pk or case_actable_by(user, case):
        return True
    return WorkItem.objects.filter(case=case, owner=user).exists()


def units_below(unit: OrgUnit):
    return unit.descendants(include_self=True)
