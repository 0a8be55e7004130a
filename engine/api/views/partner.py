"""For other systems (an API key with scopes): start a case for an applicant
on a partner's behalf, read a case's status, manage webhook subscriptions."""

from __future__ import annotations

import hashlib
import json
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from engine.models import Case, OrgUnit, User
from forms.cleaning import form_clean_result
from forms.selectors import published_process, start_form

from ..models import IdempotentStart, Webhook, WebhookDelivery
from ..problems import Problem
from ..serializers import (
    CaseStatusSerializer,
    DeliverySerializer,
    PartnerStartSerializer,
    WebhookCreatedSerializer,
    WebhookRequestSerializer,
    WebhookSerializer,
)
from ..webhooks import hooks_changed
from .common import HasScope, plain_dict


def _in_key_unit(key, unit) -> bool:
    return unit.path.startswith(key.org_unit.path)


def _applicant(mobile: str, name: str) -> User:
    """The applicant's account, made for them if they have none yet (no
    password: they set one with a code sent to that number)."""
    user = User.objects.filter(username=mobile).first()
    if user is None:
        user = User(username=mobile, mobile=mobile, display_name=name)
        user.set_unusable_password()
        user.save()
    return user


class PartnerCaseStart(APIView):
    permission_classes = [HasScope]
    required_scope = "cases:start"

    @extend_schema(
        request=PartnerStartSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=True)],
        responses={201: CaseStatusSerializer, 200: CaseStatusSerializer},
        tags=["systems"],
    )
    def post(self, request):
        """代申请人发起案件。必须带 Idempotency-Key：同一个键重试只得到同一个案件；
        同一个键用于不同内容返回 409。表单按与网页相同的规则整体校验。"""
        key = request.auth
        idem = request.headers.get("Idempotency-Key", "").strip()
        if not idem or len(idem) > 128:
            raise Problem(
                400, _("须带 Idempotency-Key 请求头（不超过 128 个字符）。"), code="idempotency-key"
            )
        given = PartnerStartSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = given.validated_data
        digest = hashlib.sha256(json.dumps(request.data, sort_keys=True, default=str).encode()).hexdigest()
        done = (
            IdempotentStart.objects.filter(api_key=key, idempotency_key=idem).select_related("case").first()
        )
        if done is not None:
            return self._repeat(done, digest)
        definition = published_process(values["service"])
        if definition is None:
            raise Problem(404, _("没有这个服务，或它尚未发布。"), code="not-found")
        unit = OrgUnit.objects.filter(code=values["unit"]).first()
        if unit is None or not _in_key_unit(key, unit):
            raise Problem(422, _("受理单位不存在或不在本密钥的范围内。"), errors={"unit": [_("单位无效。")]})
        form = start_form(definition.published_version)
        result = form_clean_result(
            form.spec,
            plain_dict(values["data"]),
            None,
            context_types=form.field_types,
            builder_context=form.builder_context,
        )
        if result.errors:
            raise Problem(422, _("申请内容未通过校验。"), errors=result.errors, code="validation")
        from engine.runtime.services import case_start

        try:
            with transaction.atomic():
                applicant = _applicant(values["applicant"]["mobile"], values["applicant"]["name"])
                case = case_start(
                    version=definition.published_version,
                    applicant=applicant,
                    org_unit=unit,
                    data=result.cleaned,
                )
                IdempotentStart.objects.create(
                    api_key=key, idempotency_key=idem, request_hash=digest, case=case
                )
        except IntegrityError:
            # The same key raced in twice: the first one's case stands.
            done = (
                IdempotentStart.objects.filter(api_key=key, idempotency_key=idem)
                .select_related("case")
                .first()
            )
            if done is None:
                raise
            return self._repeat(done, digest)
        return Response(CaseStatusSerializer(case).data, status=status.HTTP_201_CREATED)

    def _repeat(self, done, digest):
        if done.request_hash != digest:
            raise Problem(409, _("这个 Idempotency-Key 已用于另一份申请。"), code="idempotency-conflict")
        return Response(CaseStatusSerializer(done.case).data, status=status.HTTP_200_OK)


class PartnerCaseStatus(APIView):
    permission_classes = [HasScope]
    required_scope = "cases:read"

    @extend_schema(responses={200: CaseStatusSerializer}, tags=["systems"])
    def get(self, request, number):
        """按案件编号读取状态（只限本密钥所属单位及其下级的案件）。"""
        case = Case.objects.select_related("org_unit").filter(number=number).first()
        if case is None or not _in_key_unit(request.auth, case.org_unit):
            raise Problem(404, _("未找到，或您无权查看。"), code="not-found")
        return Response(CaseStatusSerializer(case).data)


class WebhookList(APIView):
    permission_classes = [HasScope]
    required_scope = "webhooks:manage"

    @extend_schema(responses={200: WebhookSerializer(many=True)}, tags=["systems"])
    def get(self, request):
        """本密钥的事件订阅。"""
        hooks = Webhook.objects.filter(api_key=request.auth).order_by("pk")
        return Response([_hook_body(h, with_secret=False) for h in hooks])

    @extend_schema(
        request=WebhookRequestSerializer, responses={201: WebhookCreatedSerializer}, tags=["systems"]
    )
    def post(self, request):
        """订阅事件：case.started、step.entered、case.ended、document.ready。返回的 secret 用于校验签名，只显示这一次。"""
        from ..webhooks import UnsafeTarget, check_target

        given = WebhookRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            check_target(given.validated_data["url"])
        except UnsafeTarget as error:
            raise Problem(
                422, _("接收地址不可用：%(why)s") % {"why": error}, errors={"url": [str(error)]}
            ) from error
        hook = Webhook.objects.create(
            url=given.validated_data["url"],
            events=sorted(set(given.validated_data["events"])),
            process_key=given.validated_data.get("service", ""),
            secret=secrets.token_hex(32),
            api_key=request.auth,
        )
        hooks_changed()
        return Response(_hook_body(hook, with_secret=True), status=status.HTTP_201_CREATED)


class WebhookDetail(APIView):
    permission_classes = [HasScope]
    required_scope = "webhooks:manage"

    @extend_schema(responses={204: None}, tags=["systems"])
    def delete(self, request, pk):
        """取消订阅。"""
        deleted, _rows = Webhook.objects.filter(pk=pk, api_key=request.auth).delete()
        if not deleted:
            raise Problem(404, _("没有这个订阅。"), code="not-found")
        hooks_changed()
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveries(APIView):
    permission_classes = [HasScope]
    required_scope = "webhooks:manage"

    @extend_schema(responses={200: DeliverySerializer(many=True)}, tags=["systems"])
    def get(self, request, pk):
        """投递记录（最近 100 条）。"""
        hook = Webhook.objects.filter(pk=pk, api_key=request.auth).first()
        if hook is None:
            raise Problem(404, _("没有这个订阅。"), code="not-found")
        rows = WebhookDelivery.objects.filter(webhook=hook).order_by("-created")[:100]
        return Response(
            [
                {
                    "id": r.pk,
                    "event": r.event,
                    "status": r.status,
                    "attempts": r.attempts,
                    "last_status_code": r.last_status_code,
                    "last_error": r.last_error,
                    "created": r.created,
                    "delivered": r.delivered,
                }
                for r in rows
            ]
        )


def _hook_body(hook, *, with_secret: bool) -> dict:
    body = {
        "id": hook.pk,
        "url": hook.url,
        "events": hook.events,
        "service": hook.process_key,
        "active": hook.active,
    }
    if with_secret:
        body["secret"] = hook.secret
    return body
