"""Reference lists (items table: edit, add, deactivate) and the working-day
calendar, edited without code."""

import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engine.models import Holiday, ReferenceItem, ReferenceList
from engine.studio.reference import (
    holiday_delete,
    holiday_save,
    list_key_valid,
    reference_item_save,
    reference_list_create,
    reference_write,
)

from .access import admin_required


@admin_required
def lists(request):
    if request.method == "POST":
        try:
            ref_list = reference_list_create(
                key=request.POST.get("key", "").strip(),
                title=request.POST.get("title", "").strip(),
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("studio:reference_list", key=ref_list.key)
    # A list saved before keys were checked (or written straight into the
    # database) is shown without a link rather than breaking the page.
    rows = [(ref_list, list_key_valid(ref_list.key)) for ref_list in ReferenceList.objects.all()]
    return render(request, "studio/reference_lists.html", {"lists": rows})


def _values(post) -> dict:
    try:
        attrs = json.loads(post.get("attrs") or "{}")
    except json.JSONDecodeError as exc:
        raise ValidationError(_("属性应为 JSON 对象：%(e)s") % {"e": exc}) from exc
    if not isinstance(attrs, dict):
        raise ValidationError(_("属性应为 JSON 对象"))
    order = post.get("order") or "0"
    return {
        "code": post.get("code", "").strip(),
        "label": post.get("label", "").strip(),
        "label_en": post.get("label_en", "").strip(),
        "group": post.get("group", "").strip(),
        "attrs": attrs,
        "order": int(order) if order.isdigit() else 0,
        "active": post.get("active") == "on",
    }


@admin_required
def list_detail(request, key):
    ref_list = get_object_or_404(ReferenceList, key=key)
    if request.method == "POST":
        item_id = request.POST.get("item") or ""
        if item_id and not item_id.isdigit():
            return HttpResponseBadRequest(_("条目编号应为数字。"))
        item = get_object_or_404(ReferenceItem, pk=int(item_id), ref_list=ref_list) if item_id else None
        try:
            saved = reference_item_save(
                ref_list=ref_list, values=_values(request.POST), actor=request.user, item=item
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已保存 %(c)s") % {"c": saved.code})
        return redirect("studio:reference_list", key=key)
    items = [(item, json.dumps(item.attrs, ensure_ascii=False)) for item in ref_list.items.all()]
    return render(request, "studio/reference_list.html", {"ref_list": ref_list, "items": items})


@admin_required
@require_POST
def write(request, key):
    if key != "calendar":
        get_object_or_404(ReferenceList, key=key)
    path = reference_write(key=key, actor=request.user)
    messages.success(request, _("已写入 %(p)s") % {"p": path})
    if key == "calendar":
        return redirect("studio:calendar")
    return redirect("studio:reference_list", key=key)


@admin_required
def calendar(request):
    year = _year(request.GET.get("year"))
    if request.method == "POST":
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            messages.error(request, _("日期格式应为 YYYY-MM-DD"))
        else:
            holiday_save(
                date=day,
                is_working_day=request.POST.get("is_working_day") == "on",
                name=request.POST.get("name", "").strip(),
                actor=request.user,
            )
            messages.success(request, _("已保存 %(d)s") % {"d": day})
            year = day.year
        return redirect(reverse("studio:calendar") + f"?year={year}")
    return render(
        request,
        "studio/calendar.html",
        {
            "year": year,
            "days": Holiday.objects.filter(date__year=year),
            "years": [year - 1, year, year + 1],
        },
    )


def _year(value) -> int:
    """The year asked for, within what a date can hold; this year otherwise."""
    if value and value.isdigit() and 1 <= int(value[:5]) <= 9998 and len(value) <= 4:
        return int(value)
    return dt.date.today().year


@admin_required
@require_POST
def calendar_delete(request, pk):
    holiday = get_object_or_404(Holiday, pk=pk)
    year = holiday.date.year
    holiday_delete(holiday=holiday, actor=request.user)
    return redirect(reverse("studio:calendar") + f"?year={year}")
