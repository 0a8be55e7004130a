"""Sign-up for the union's app: the same one-time code, throttles, form
validation and account service as the site's sign-up page (accounts)."""

from __future__ import annotations

from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.codes import CodeRefused, code_check, code_request
from accounts.forms import SignupForm, mobile_taken
from accounts.models import OneTimeCode
from accounts.services import applicant_signup
from accounts.views import client_address

from ..problems import Problem
from ..serializers import TokenPairSerializer
from ..throttling import LoginRateThrottle
from ..tokens import token_pair_issue


class CodeRequestSerializer(serializers.Serializer):
    mobile = serializers.CharField(max_length=32)


class SignupSerializer(serializers.Serializer):
    mobile = serializers.CharField(max_length=32)
    code = serializers.CharField(max_length=16)
    display_name = serializers.CharField(max_length=64)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class SignupCode(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=CodeRequestSerializer, responses={202: None}, tags=["auth"], auth=[])
    def post(self, request):
        """发送注册验证码（每个号码、每个地址都有次数限制）。"""
        given = CodeRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        form = SignupForm(data={"mobile": given.validated_data["mobile"]})
        try:
            mobile = form.cleaned_mobile()
        except Exception as error:  # the mobile validator's ValidationError
            messages = getattr(error, "messages", [str(error)])
            raise Problem(422, " ".join(messages), errors={"mobile": messages}, code="validation") from None
        if mobile_taken(mobile):
            message = _("该手机号已注册，请直接登录。")
            raise Problem(409, message, errors={"mobile": [message]}, code="registered")
        try:
            code_request(
                mobile=mobile, purpose=OneTimeCode.Purpose.SIGNUP, address=client_address(request._request)
            )
        except CodeRefused as refusal:
            raise Problem(429, str(refusal), code="code-throttled") from None
        return Response(status=status.HTTP_202_ACCEPTED)


class Signup(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=SignupSerializer, responses={201: TokenPairSerializer}, tags=["auth"], auth=[])
    def post(self, request):
        """用短信验证码注册申请人账号，返回令牌。密码规则与网页相同。"""
        given = SignupSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        form = SignupForm(
            data={
                "mobile": data["mobile"],
                "code": data["code"],
                "display_name": data["display_name"],
                "password1": data["password"],
                "password2": data["password"],
            }
        )
        if not form.is_valid():
            errors = {
                ("password" if k in ("password1", "password2") else k): v for k, v in form.errors.items()
            }
            raise Problem(422, _("注册信息需要修改。"), errors=errors, code="validation")
        clean = form.cleaned_data
        try:
            code_check(mobile=clean["mobile"], purpose=OneTimeCode.Purpose.SIGNUP, code=clean["code"])
            user = applicant_signup(
                mobile=clean["mobile"], display_name=clean["display_name"], password=clean["password1"]
            )
        except CodeRefused as refusal:
            raise Problem(422, str(refusal), errors={"code": [str(refusal)]}, code="validation") from None
        except IntegrityError:
            message = _("该手机号已注册，请直接登录。")
            raise Problem(409, message, errors={"mobile": [message]}, code="registered") from None
        pair = token_pair_issue(user=user)
        body = {
            "access": pair.access,
            "refresh": pair.refresh,
            "token_type": "Bearer",
            "expires_in": pair.expires_in,
        }
        return Response(body, status=status.HTTP_201_CREATED)
