"""Thin inbox views: read through selectors, write through services; a
refused transition is shown to the user as a message, never a crash."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_POST

from engine.casefile.access import back, require_staff, visible_item
from engine.models import Delegation
from engine.roles.policy import PROCESS_ADMIN_ROLE
from engine.runtime.services import TransitionError, task_claim, task_unclaim

from . import selectors
from .forms import DelegationForm, InboxFilterForm
from .rows import rows_html
from .scope import scope_of
from .services import delegation_create, delegation_delete, tasks_claim


class StaffView(View):
    def dispatch(self, request, *args, **kwargs):
        refused = require_staff(request)
        return refused or super().dispatch(request, *args, **kwargs)


class InboxView(View):
    def get(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The scope (roles, units, delegations) is read once and serves the
        # staff check, the filter form, the page and its counts.
        scope = scope_of(request.user)
        if not scope.is_staff:
            raise PermissionDenied
        choices = selectors.filter_choices(scope=scope)
        form = InboxFilterForm(request.GET or None, choices=choices)
        filters = form.filters() if request.GET else selectors.InboxFilters()
        definition = choices["definitions"].get(filters.process)
        page = selectors.inbox_page(
            user=request.user,
            tab=request.GET.get("tab", "mine"),
            filters=filters,
            page=_int(request.GET.get("page")),
            scope=scope,
            version=definition.published_version if definition else None,
        )
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("tab", None)
        context = {
            "form": form,
            "page": page,
            "rows": rows_html(page.items, tab=page.tab),
            "query": query.urlencode(),
            "count_cap": selectors.COUNT_CAP,
            # Known already; spares the navigation bar its own query.
            "is_staff_member": True,
            "is_administrator": scope.is_superuser or PROCESS_ADMIN_ROLE in scope.role_units,
        }
        return render(request, "inbox/inbox.html", context)


def _int(value, default=1):
    if isinstance(value, str) and value.isdigit() and len(value) <= 18:
        return int(value)
    return default


def _transition(request, action, task_id, success):
    refused = require_staff(request)
    if refused:
        return refused
    item = visible_item(request.user, task_id)
    try:
        action(task=item.task, user=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"case": item.case_number, "step": item.step_title})
    return back(request, "inbox:inbox")


@require_POST
def claim(request, task_id):
    return _transition(request, task_claim, task_id, _("已领取：%(case)s · %(step)s"))


@require_POST
def unclaim(request, task_id):
    return _transition(request, task_unclaim, task_id, _("已放回队列：%(case)s · %(step)s"))


@require_POST
def claim_many(request):
    refused = require_staff(request)
    if refused:
        return refused
    values = request.POST.getlist("task")
    ids = [int(value) for value in values if value.isdigit() and len(value) <= 18]
    if len(ids) != len(values) or not ids:
        messages.error(request, _("请选择要领取的任务。") if not values else _("任务编号应为数字。"))
        return back(request, "inbox:inbox")
    claimed, failures = tasks_claim(user=request.user, task_ids=ids)
    if claimed:
        messages.success(
            request,
            ngettext("已领取 %(n)d 项任务。", "已领取 %(n)d 项任务。", len(claimed)) % {"n": len(claimed)},
        )
    for failure in failures:
        messages.error(request, failure)
    return back(request, "inbox:inbox")


class DelegationsView(StaffView):
    def get(self, request, form=None):
        candidates = selectors.delegation_candidates(request.user)
        context = {
            "form": form or DelegationForm(candidates=candidates),
            "mine": Delegation.objects.filter(user=request.user)
            .select_related("delegate")
            .order_by("-starts"),
            "to_me": Delegation.objects.filter(delegate=request.user)
            .select_related("user")
            .order_by("-starts"),
        }
        return render(request, "inbox/delegations.html", context)

    def post(self, request):
        if "delete" in request.POST:
            delegation_delete(user=request.user, delegation_id=_int(request.POST["delete"], 0))
            messages.success(request, _("委托已取消。"))
            return redirect("inbox:delegations")
        form = DelegationForm(request.POST, candidates=selectors.delegation_candidates(request.user))
        if form.is_valid():
            try:
                delegation_create(user=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages[0] if hasattr(error, "messages") else str(error))
            else:
                messages.success(request, _("已委托。"))
                return redirect("inbox:delegations")
        return self.get(request, form=form)
