"""Object lookups for views: anything a user may not see is a 404, so a
guessed URL reveals nothing (not even that the object exists)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from engine.models import Case, WorkItem
from engine.roles import policy


def visible_case(user, pk) -> Case:
    case = Case.objects.select_related("org_unit", "version__definition", "applicant").filter(pk=pk).first()
    if case is None or not policy.case_visible_to(user, case):
        raise Http404
    return case


def visible_item(user, task_id) -> WorkItem:
    """A task is reachable by whoever may see its case, may claim it, or holds it."""
    item = WorkItem.objects.select_related("case__org_unit", "org_unit", "owner").filter(pk=task_id).first()
    if item is None or not policy.task_reachable_by(user, item):
        raise Http404
    return item


def full_access(user, case) -> bool:
    """See policy.case_file_full_to (documents follow the same line)."""
    return policy.case_file_full_to(user, case)


def require_staff(request):
    """Anonymous users go to the login page; signed-in non-staff get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.is_staff_member(request.user):
        raise PermissionDenied
    return None


def back(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would read a bare word as a view
    # name (and fail on it); another host is an open redirect.
    local = target.startswith("/") and not target.startswith("//") and target.isprintable()
    if local and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)
