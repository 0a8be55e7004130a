"""Thin views of the people pages: parse with a form, write through the
services, read through the selectors. All for administrators only (the
studio's rule: anonymous to login, everyone else 403)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engine.models import OrgUnit, RoleAssignment, User
from engine.studio.models import StudioChange
from engine.studio.selectors import recent_changes
from engine.studio.views.access import admin_required

from . import imports, selectors, work
from .accounts import account_create, account_set_active, account_update, password_reset
from .forms import (
    AccountCreateForm,
    AccountForm,
    GrantForm,
    ImportForm,
    PasswordForm,
    ReassignForm,
    UnitCreateForm,
    UnitForm,
    UnitMoveForm,
)
from .grants import grant_end, grant_save
from .units import unit_create, unit_move, unit_restore, unit_retire, unit_snapshot, unit_update

SESSION_KEY = "people_import"


def _errors(form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


def _history(obj_type, pk):
    return recent_changes(30, object_type=obj_type, object_id=str(pk))


def _account_history(account):
    """The account's own changes and those of its grants."""
    grants = [str(pk) for pk in RoleAssignment.objects.filter(user=account).values_list("pk", flat=True)]
    return StudioChange.objects.filter(
        Q(object_type="user", object_id=str(account.pk)) | Q(object_type="grant", object_id__in=grants)
    ).select_related("actor")[:50]


# Units ---------------------------------------------------------------------


@admin_required
def units(request):
    form = UnitCreateForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_create(values=data, parent=data["parent"], actor=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已新建 %(u)s") % {"u": unit.name})
            return redirect("people:unit", unit=unit.pk)
    show_retired = request.GET.get("retired") == "1"
    return render(
        request,
        "people/units.html",
        {
            "rows": selectors.unit_tree(include_retired=show_retired),
            "form": form,
            "show_retired": show_retired,
        },
    )


@admin_required
def unit_detail(request, unit):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=unit)
    form = UnitForm(request.POST or None, initial=unit_snapshot(unit))
    if request.method == "POST" and form.is_valid():
        try:
            unit_update(unit=unit, values=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存 %(u)s") % {"u": unit.name})
            return redirect("people:unit", unit=unit.pk)
    return render(
        request,
        "people/unit.html",
        {
            "unit": unit,
            "form": form,
            "move_form": UnitMoveForm(unit=unit, initial={"parent": unit.parent_id}),
            "children": unit.children.order_by("path"),
            "grants": selectors.grants_in_unit(unit),
            "members": User.objects.filter(home_unit=unit).count(),
            "open_items": len(work.unit_dependents(unit)),
            "changes": _history("unit", unit.pk),
        },
    )


@admin_required
@require_POST
def unit_move_view(request, unit):
    unit = get_object_or_404(OrgUnit, pk=unit)
    form = UnitMoveForm(request.POST, unit=unit)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("people:unit", unit=unit.pk)
    try:
        unit_move(unit=unit, parent=form.cleaned_data["parent"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已移动 %(u)s") % {"u": unit.name})
    return redirect("people:unit", unit=unit.pk)


def _retire_with_handover(request, *, items, exclusion, retire, back, template, context):
    """The confirm page of retiring a unit or a grant: the open tasks that
    depend on it, and whom to hand them to first."""
    candidates = work.takeover_candidates(items, exclude=exclusion)
    unit = context.get("unit")
    form = ReassignForm(
        request.POST if request.method == "POST" else None, candidates=candidates, transfer_from=unit
    )
    if request.method == "POST" and form.is_valid():
        to_user, to_unit = form.to(), form.cleaned_data.get("to_unit")
        if to_unit is not None:
            moved, failures = work.cases_transfer(
                unit=unit, to_unit=to_unit, actor=request.user, reason=context["reason"]
            )
            if moved:
                messages.success(
                    request, _("已把 %(n)d 件在办案件移交给 %(u)s") % {"n": moved, "u": to_unit.name}
                )
            for failure in failures:
                messages.error(request, failure)
        elif to_user is not None and items:
            moved, failures = work.tasks_reassign(
                items=items, to_user=to_user, actor=request.user, reason=context["reason"]
            )
            if moved:
                messages.success(request, _("已转办 %(n)d 项任务给 %(u)s") % {"n": moved, "u": to_user})
            for failure in failures:
                messages.error(request, failure)
        try:
            retire()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(request.path)
        messages.success(request, context["done"])
        return redirect(back)
    return render(request, template, {**context, "items": items, "form": form, "candidates": candidates})


@admin_required
def unit_retire_view(request, unit):
    unit = get_object_or_404(OrgUnit, pk=unit)
    return _retire_with_handover(
        request,
        items=work.unit_dependents(unit),
        exclusion=work.unit_exclusion(unit),
        retire=lambda: unit_retire(unit=unit, actor=request.user),
        back=reverse("people:unit", kwargs={"unit": unit.pk}),
        template="people/unit_retire.html",
        context={
            "unit": unit,
            "reason": _("单位撤销：%(u)s") % {"u": unit.name},
            "done": _("已撤销 %(u)s") % {"u": unit.name},
            "live_children": unit.children.filter(retired_at__isnull=True).count(),
        },
    )


@admin_required
@require_POST
def unit_restore_view(request, unit):
    unit = get_object_or_404(OrgUnit, pk=unit)
    try:
        unit_restore(unit=unit, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people:unit", unit=unit.pk)


# Accounts ------------------------------------------------------------------


def _page(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page") or 1), 10_000))
    except ValueError:
        return 1


@admin_required
def accounts(request):
    query = request.GET.get("q", "").strip()[:64]
    kind = request.GET.get("kind", "")
    page = _page(request)
    rows = selectors.accounts(query=query, kind=kind, page=page)
    return render(
        request,
        "people/accounts.html",
        {
            "accounts": rows[: selectors.PAGE],
            "more": len(rows) > selectors.PAGE,
            "page": page,
            "q": query,
            "kind": kind,
        },
    )


@admin_required
def account_new(request):
    form = AccountCreateForm(request.POST or None, initial={"language": "zh-hans"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user, password = account_create(
                username=data.pop("username"), password=data.pop("password"), values=data, actor=request.user
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return _password_page(request, user, password)
    return render(request, "people/account_new.html", {"form": form})


def _password_page(request, account, password):
    """The password in this one response only: never stored in clear, and
    not kept by the browser's or a proxy's cache."""
    response = render(request, "people/password_shown.html", {"account": account, "password": password})
    response["Cache-Control"] = "no-store"
    return response


@admin_required
def account_detail(request, user_id):
    account = get_object_or_404(User.objects.select_related("home_unit"), pk=user_id)
    initial = {
        "display_name": account.display_name,
        "mobile": account.mobile,
        "email": account.email,
        "language": account.language,
        "home_unit": account.home_unit_id,
    }
    form = AccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account_update(user=account, values=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存 %(u)s") % {"u": account.username})
            return redirect("people:account", user_id=account.pk)
    return render(
        request,
        "people/account.html",
        {
            "account": account,
            "form": form,
            "password_form": PasswordForm(),
            "grants": selectors.grants_of_user(account),
            "grant_form": GrantForm(initial={"username": account.username}),
            "changes": _account_history(account),
        },
    )


@admin_required
@require_POST
def account_active(request, user_id):
    account = get_object_or_404(User, pk=user_id)
    try:
        account_set_active(user=account, active=request.POST.get("active") == "1", actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("people:account", user_id=account.pk)


@admin_required
@require_POST
def account_password(request, user_id):
    account = get_object_or_404(User, pk=user_id)
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            password = password_reset(
                user=account, password=form.cleaned_data["password"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return _password_page(request, account, password)
    return redirect("people:account", user_id=account.pk)


# Grants --------------------------------------------------------------------


@admin_required
def grant_new(request):
    initial = {
        "username": request.GET.get("user", "")[:150],
        "unit": request.GET.get("unit"),
        "role": request.GET.get("role"),
    }
    form = GrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            grant = grant_save(actor=request.user, **form.grant_values())
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已授权 %(g)s") % {"g": grant})
            return redirect("people:account", user_id=grant.user_id)
    return render(request, "people/grant.html", {"form": form, "grant": None})


@admin_required
def grant_detail(request, grant):
    grant = get_object_or_404(RoleAssignment.objects.select_related("user", "org_unit"), pk=grant)
    initial = {
        "username": grant.user.username,
        "unit": grant.org_unit_id,
        "role": grant.role,
        "covers_descendants": grant.covers_descendants,
        "valid_from": grant.valid_from,
        "valid_to": grant.valid_to,
    }
    form = GrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            grant_save(actor=request.user, grant=grant, **form.grant_values())
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已保存 %(g)s") % {"g": grant})
            return redirect("people:account", user_id=grant.user_id)
    return render(
        request, "people/grant.html", {"form": form, "grant": grant, "changes": _history("grant", grant.pk)}
    )


@admin_required
def grant_end_view(request, grant):
    grant = get_object_or_404(RoleAssignment.objects.select_related("user", "org_unit"), pk=grant)
    return _retire_with_handover(
        request,
        items=work.grant_dependents(grant),
        exclusion=work.grant_exclusion(grant),
        retire=lambda: grant_end(grant=grant, actor=request.user),
        back=reverse("people:account", kwargs={"user_id": grant.user_id}),
        template="people/grant_end.html",
        context={
            "grant": grant,
            "reason": _("授权结束：%(g)s") % {"g": grant},
            "done": _("已结束授权 %(g)s") % {"g": grant},
        },
    )


# Who can act ---------------------------------------------------------------


@admin_required
def coverage(request):
    units = selectors.unit_choices()
    try:
        unit_id = int(request.GET.get("unit") or 0)
    except ValueError:
        unit_id = 0
    unit = OrgUnit.objects.filter(pk=unit_id, retired_at__isnull=True).first() if unit_id else None
    if unit is None and unit_id:
        raise Http404
    if unit is None:
        unit = OrgUnit.objects.filter(retired_at__isnull=True, level="district").order_by("path").first()
    rows = selectors.step_coverage(unit) if unit else []
    return render(
        request,
        "people/coverage.html",
        {
            "unit": unit,
            "units": units,
            "rows": rows,
            "nobody": [row for row in rows if row.nobody and not row.level_mismatch],
        },
    )


# Import and export -----------------------------------------------------------


@admin_required
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            kept = imports.upload_keep(form.cleaned_data["file"])
            dataset = imports.dataset_of(kept)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            previous = request.session.get(SESSION_KEY)
            if previous:
                imports.upload_forget(previous)
            request.session[SESSION_KEY] = {**kept, "kind": form.cleaned_data["kind"]}
            return _preview(request, form.cleaned_data["kind"], dataset, kept)
    return render(request, "people/import.html", {"form": form, "kinds": ImportForm.KINDS})


def _preview(request, kind, dataset, kept, status=200):
    result = imports.preview(kind, dataset, actor=request.user)
    return render(
        request,
        "people/import_preview.html",
        {"preview": result, "kind": kind, "name": kept["name"], "rows": len(dataset)},
        status=status,
    )


@admin_required
@require_POST
def import_apply(request):
    kept = request.session.get(SESSION_KEY)
    if not kept:
        messages.error(request, _("导入文件已失效，请重新上传。"))
        return redirect("people:import")
    kind = kept.get("kind")
    try:
        dataset = imports.dataset_of(kept)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:import")
    skip = []
    if request.POST.get("skip_bad") == "1":
        skip = [int(n) for n in request.POST.getlist("skip") if n.isdigit()]
    try:
        totals = imports.apply(kind, dataset, actor=request.user, skip=skip, filename=kept.get("name", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        # Show the preview again: the rows still wrong, with their errors.
        return _preview(
            request, kind, dataset if not skip else imports.without_rows(dataset, skip), kept, 400
        )
    imports.upload_forget(kept)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("导入完成：新增 %(new)d，更新 %(update)d，未变 %(skip)d")
        % {"new": totals.get("new", 0), "update": totals.get("update", 0), "skip": totals.get("skip", 0)},
    )
    return redirect("people:import")


@admin_required
def export_view(request, kind, fmt):
    if kind not in imports.RESOURCES or f".{fmt}" not in imports.FORMATS:
        raise Http404
    content = imports.export(kind, f".{fmt}")
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    if isinstance(content, str):
        content = ("\ufeff" + content).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="unionflow-{kind}.{fmt}"'
    return response
