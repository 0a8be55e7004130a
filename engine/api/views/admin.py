"""The studio's pages for API keys and webhook subscriptions: process
administrators make and revoke keys (the secret is shown once), subscribe
URLs, and read the delivery log. Every change is in the studio's log."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engine.models import ProcessDefinition
from engine.studio.audit import change_record
from engine.studio.views.access import admin_required

from ..forms import ApiKeyForm, WebhookForm
from ..models import ApiKey, Webhook, WebhookDelivery
from ..tokens import api_key_create, api_key_revoke
from ..webhooks import hooks_changed


def _processes():
    return [(d.key, d.title) for d in ProcessDefinition.objects.order_by("key")]


def _page(request, *, key_form=None, hook_form=None, secret=None, status=200):
    context = {
        "keys": ApiKey.objects.select_related("org_unit", "created_by").order_by("-created"),
        "hooks": Webhook.objects.select_related("api_key").order_by("-created"),
        "key_form": key_form or ApiKeyForm(),
        "hook_form": hook_form or WebhookForm(processes=_processes()),
        "secret": secret,
        "deliveries": WebhookDelivery.objects.select_related("webhook").order_by("-created")[:30],
    }
    return render(request, "api/admin.html", context, status=status)


@admin_required
@require_http_methods(["GET"])
def index(request):
    return _page(request)


@admin_required
@require_POST
def key_create(request):
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _page(request, key_form=form, status=400)
    data = form.cleaned_data
    secret, key = api_key_create(
        name=data["name"], scopes=data["scopes"], org_unit=data["org_unit"], created_by=request.user
    )
    change_record(
        actor=request.user,
        action="api_key",
        obj_type="api_key",
        obj_id=key.pk,
        summary=_("新建接口密钥：%(name)s") % {"name": key.name},
        after={"name": key.name, "scopes": key.scopes, "unit": key.org_unit.code, "prefix": key.prefix},
    )
    # Shown in this answer only: it is stored as a hash.
    return _page(request, secret={"name": key.name, "value": secret})


@admin_required
@require_POST
def key_revoke(request, pk):
    key = get_object_or_404(ApiKey, pk=pk)
    if key.revoked is None:
        api_key_revoke(key=key)
        change_record(
            actor=request.user,
            action="api_key",
            obj_type="api_key",
            obj_id=key.pk,
            summary=_("吊销接口密钥：%(name)s") % {"name": key.name},
            before={"revoked": None},
            after={"revoked": key.revoked.isoformat()},
        )
        messages.success(request, _("已吊销：%(name)s") % {"name": key.name})
    return redirect("api_admin:index")


@admin_required
@require_POST
def hook_create(request):
    form = WebhookForm(request.POST, processes=_processes())
    if not form.is_valid():
        return _page(request, hook_form=form, status=400)
    data = form.cleaned_data
    hook = Webhook.objects.create(
        url=data["url"],
        events=sorted(data["events"]),
        process_key=data["process_key"],
        secret=secrets.token_hex(32),
        created_by=request.user,
    )
    hooks_changed()
    change_record(
        actor=request.user,
        action="webhook",
        obj_type="webhook",
        obj_id=hook.pk,
        summary=_("新增事件订阅：%(url)s") % {"url": hook.url},
        after={"url": hook.url, "events": hook.events, "process": hook.process_key},
    )
    return _page(request, secret={"name": hook.url, "value": hook.secret})


@admin_required
@require_POST
def hook_delete(request, pk):
    hook = get_object_or_404(Webhook, pk=pk)
    before = {"url": hook.url, "events": hook.events, "process": hook.process_key}
    hook.delete()
    hooks_changed()
    change_record(
        actor=request.user,
        action="webhook",
        obj_type="webhook",
        obj_id=pk,
        summary=_("取消事件订阅：%(url)s") % {"url": before["url"]},
        before=before,
    )
    messages.success(request, _("已取消订阅。"))
    return redirect("api_admin:index")
