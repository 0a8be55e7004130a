"""The case file page and its actions. Every object comes through
casefile.access (404 when not visible); every write through a service."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engine.inbox.selectors import colleagues_for, mask_id_number
from engine.models import Ballot, User
from engine.roles import policy
from engine.runtime.services import TransitionError, task_reassign
from engine.runtime.votes import vote_cast

from . import selectors
from .access import full_access, require_staff, visible_case, visible_item
from .case_events import offered_events
from .decision import may_decide, panel_for
from .retry import keep_failed, take_failed
from .services import decision_try


def _case_context(request, case, panel=None, *, retry=False):
    user = request.user
    full = full_access(user, case)
    items = selectors.case_open_items(case)
    for item in items:
        item.case = case
        item.can_claim = policy.task_claimable_by(user, item)
        item.can_reassign = full and policy.task_reassignable_by(user, item)
        item.colleagues = colleagues_for(item) if item.can_reassign and item.role else []
        if panel is not None and panel.item.pk == item.pk:
            item.panel = panel
        elif retry and full and may_decide(user, item) and (failed := take_failed(request, item)):
            item.panel = failed
        elif full and may_decide(user, item) and not _voted(user, item):
            item.panel = panel_for(item)
    timeline = selectors.case_timeline(case)
    context = {
        "case": case,
        "full": full,
        "items": items,
        "timeline": timeline,
        "audit_break": selectors.case_audit_break(case, timeline),
        "case_events": offered_events(case, user),
    }
    if full:
        context.update(
            sections=selectors.case_answer_sections(case),
            computed=selectors.case_computed(case),
            attachments=selectors.case_attachments(case),
            documents=selectors.case_documents(case, user),
            can_retry=policy.document_retryable_by(user, case),
            id_number=case.id_number,
        )
    else:
        context["id_number"] = mask_id_number(case.id_number)
    return context


def _voted(user, item) -> bool:
    """A committee member who has voted sees the vote, not the buttons again."""
    return Ballot.objects.filter(task_id=item.task_id, voter=user).exists()


def _staff_case(request, pk):
    refused = require_staff(request)
    if refused:
        return None, refused
    return visible_case(request.user, pk), None


def case_view(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not policy.is_staff_member(request.user):
        case = visible_case(request.user, pk)  # 404 unless it is their own
        return redirect("portal:case", case.pk)
    case = visible_case(request.user, pk)
    return render(request, "casefile/case.html", _case_context(request, case, retry=True))


def _case_item(request, pk, task_id):
    item = visible_item(request.user, task_id)
    if item.case_id != pk:
        raise Http404
    return item


def decide(request, item, rerender):
    """The decision POST, shared with the portal: returns a redirect after a
    transition, or `rerender(panel, status)` with the errors to show."""
    if not may_decide(request.user, item):
        raise PermissionDenied
    panel = panel_for(item, data=request.POST, files=request.FILES, outcome=request.POST.get("outcome"))
    if panel.kind == "vote":
        return _vote(request, item, panel, rerender)
    if "_add_row" in request.POST or "_remove_row" in request.POST:
        return rerender(panel, 200)  # a table row added or removed: show the form again
    status, _errors = decision_try(panel=panel, user=request.user, post=request.POST)
    if status is not None:
        return rerender(panel, status)
    messages.success(request, _("已提交：%(step)s") % {"step": item.step_title})
    return None


def _vote(request, item, panel, rerender):
    try:
        vote_cast(
            task=item.task,
            user=request.user,
            choice=request.POST.get("outcome", ""),
            comment=request.POST.get("comment", ""),
        )
    except TransitionError as error:
        messages.error(request, str(error))
        return rerender(panel, 409)
    messages.success(request, _("已投票。"))
    return None


@require_POST
def decide_view(request, pk, task_id):
    case, refused = _staff_case(request, pk)
    if refused:
        return refused
    item = _case_item(request, pk, task_id)
    item.case = case

    def rerender(panel, status):
        if status == 200:  # a table row added or removed: the same form again
            return render(request, "casefile/case.html", _case_context(request, case, panel), status=status)
        keep_failed(request, panel)  # refused: back to the case file (no re-post on reload)
        return redirect(f"{reverse('casefile:case', args=[case.pk])}#task-{item.task_id}")

    return decide(request, item, rerender) or redirect("inbox:inbox")


@require_http_methods(["POST"])
def reassign_view(request, pk, task_id):
    case, refused = _staff_case(request, pk)
    if refused:
        return refused
    item = _case_item(request, pk, task_id)
    if not policy.task_reassignable_by(request.user, item):
        raise PermissionDenied
    target = request.POST.get("to_user") or ""
    to_user = User.objects.filter(pk=int(target)).first() if target.isdigit() and len(target) <= 18 else None
    if to_user is None:
        messages.error(request, _("请选择接办人。"))
        return redirect("casefile:case", pk)
    try:
        task_reassign(
            task=item.task, user=request.user, to_user=to_user, comment=request.POST.get("comment", "")
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已转办给 %(user)s。") % {"user": to_user})
    return redirect("casefile:case", pk)


@require_POST
def visibility_view(request, task_id):
    """Live show/hide for a decision panel (staff case file and the
    applicant's resubmission alike): which of the step form's fields the
    posted answers hide. The same evaluator checks the final submission."""
    from django.http import JsonResponse

    from engine.runtime.outcomes import allowed_ids
    from engine.runtime.versions import version_bundle
    from forms.cleaning import submitted_answers, submitted_hidden

    if not request.user.is_authenticated:
        raise PermissionDenied
    item = visible_item(request.user, task_id)
    if not may_decide(request.user, item):
        raise PermissionDenied
    bundle = version_bundle(item.case.version)
    spec = bundle.forms.get(bundle.steps[item.step].get("form") or "")
    if spec is None:
        return JsonResponse({"hidden": [], "outcomes": None})
    hidden = submitted_hidden(
        spec, request.POST, None, context=item.case.data, context_types=bundle.field_types()
    )
    answers = submitted_answers(spec, request.POST, None, context=item.case.data)
    outcomes = allowed_ids(bundle.steps[item.step], answers, bundle)
    return JsonResponse({"hidden": sorted(hidden), "outcomes": outcomes})
