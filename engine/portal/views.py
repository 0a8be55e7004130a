"""Applicant portal views (and the home redirect, and notifications for
everyone). Only the applicant's own objects are ever looked up."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from engine.casefile.case_events import offered_events
from engine.casefile.decision import panel_for
from engine.casefile.views import decide
from engine.roles.policy import is_staff_member
from forms.wizard_revise import revisable

from . import selectors
from .receipts import next_steps
from .services import notification_read, notifications_read_all


def home(request):
    """Staff to their inbox, applicants to their applications, visitors to
    the public home page."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return redirect("inbox:inbox" if is_staff_member(request.user) else "portal:home")


@login_required
def my_applications(request):
    cases = list(selectors.applicant_cases(request.user))
    context = {
        "drafts": selectors.applicant_drafts(request.user),
        "cases": cases,
        "tasks": selectors.applicant_tasks(request.user),
        "documents": [doc for case in cases for doc in selectors.applicant_documents(request.user, case)],
    }
    return render(request, "portal/home.html", context)


@login_required
def receipt(request, pk):
    """回执: shown once the wizard has submitted, and any time after."""
    case = selectors.applicant_case(request.user, pk)
    context = {"case": case, "next_steps": next_steps(case), "answers_url": reverse("portal:case", args=[pk])}
    return render(request, "portal/receipt.html", context)


@login_required
def case_detail(request, pk):
    case = selectors.applicant_case(request.user, pk)
    context = {
        "case": case,
        "answers": selectors.submitted_answers(case),
        "next_steps": next_steps(case) if case.status not in ("DONE", "CANCELED") else [],
        "timeline": selectors.plain_timeline(case),
        "tasks": selectors.applicant_tasks(request.user, case),
        "documents": selectors.applicant_documents(request.user, case),
        "case_events": offered_events(case, request.user),
    }
    return render(request, "portal/case.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task(request, task_id):
    """A case returned to me: edit the answers and resubmit."""
    item = selectors.applicant_task(request.user, task_id)

    reason = selectors.last_comment_before(item.case, item)

    def rerender(panel, status=200):
        context = {"item": item, "panel": panel, "reason": reason}
        return render(request, "portal/task.html", context, status=status)

    if request.method == "GET":
        if request.GET.get("panel") != "1" and revisable(item):
            return redirect("portal:revise", item.task_id)  # the same guided wizard, pre-filled
        return rerender(panel_for(item))
    return decide(request, item, rerender) or redirect("portal:case", item.case_id)


@login_required
def notifications(request):
    return render(
        request, "portal/notifications.html", {"notifications": selectors.notifications_of(request.user)}
    )


@login_required
@require_POST
def notification_open(request, pk):
    notification = notification_read(user=request.user, notification_id=pk)
    target = notification.url if notification else ""
    if notification and not target and notification.case_id:
        staff = is_staff_member(request.user)
        return redirect("casefile:case" if staff else "portal:case", notification.case_id)
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("portal:notifications")


@login_required
@require_POST
def notifications_all_read(request):
    notifications_read_all(user=request.user)
    return redirect("portal:notifications")
