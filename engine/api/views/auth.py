"""Tokens: log in for an access + refresh pair, refresh (rotating), log out,
and personal tokens for a person's own scripts."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiToken
from ..problems import Problem
from ..serializers import (
    PersonalTokenRequestSerializer,
    PersonalTokenSerializer,
    RefreshRequestSerializer,
    TokenPairSerializer,
    TokenRequestSerializer,
)
from ..throttling import LoginRateThrottle
from ..tokens import personal_token_create, token_pair_issue, token_pair_refresh, token_revoke
from .common import IsPerson


def _pair(pair):
    return {
        "access": pair.access,
        "refresh": pair.refresh,
        "token_type": "Bearer",
        "expires_in": pair.expires_in,
    }


class TokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        request=TokenRequestSerializer, responses={200: TokenPairSerializer}, tags=["auth"], auth=[]
    )
    def post(self, request):
        """用户名（申请人为手机号）和密码换取访问令牌（15 分钟）与刷新令牌。"""
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=given.validated_data["username"],
            password=given.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise Problem(401, _("用户名或密码不正确。"), code="bad-credentials")
        return Response(_pair(token_pair_issue(user=user)))


class RefreshView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        request=RefreshRequestSerializer, responses={200: TokenPairSerializer}, tags=["auth"], auth=[]
    )
    def post(self, request):
        """用刷新令牌换一对新令牌；旧刷新令牌随即作废。"""
        given = RefreshRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        pair = token_pair_refresh(refresh=given.validated_data["refresh"])
        if pair is None:
            raise Problem(401, _("刷新令牌无效或已过期，请重新登录。"), code="bad-refresh")
        return Response(_pair(pair))


class LogoutView(APIView):
    permission_classes = [IsPerson]

    @extend_schema(request=None, responses={204: None}, tags=["auth"])
    def post(self, request):
        """吊销当前令牌（及其刷新令牌）。"""
        if isinstance(request.auth, ApiToken):
            token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PersonalTokenView(APIView):
    permission_classes = [IsPerson]

    @extend_schema(
        request=PersonalTokenRequestSerializer, responses={201: PersonalTokenSerializer}, tags=["auth"]
    )
    def post(self, request):
        """为自己的脚本创建个人令牌（只显示一次）。"""
        given = PersonalTokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        secret, row = personal_token_create(
            user=request.user, name=given.validated_data["name"], days=given.validated_data["days"]
        )
        body = {"id": row.pk, "name": row.name, "token": secret, "expires": row.expires}
        return Response(PersonalTokenSerializer(body).data, status=status.HTTP_201_CREATED)
