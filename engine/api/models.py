"""Credentials and webhooks of the API.

Secrets are never stored: a token or key is shown once when it is made and
kept as its SHA-256 (a random 32-byte secret needs no slow hash). The first
characters (`prefix`) are stored in clear so that an administrator can tell
keys apart in a list."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


class ApiToken(models.Model):
    """A bearer token of a person: a short-lived access token, or the refresh
    token that gets new access tokens (rotated on every use), or a personal
    token the person made for a script (long-lived, revocable)."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("访问令牌")
        REFRESH = "refresh", _("刷新令牌")
        PERSONAL = "personal", _("个人令牌")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=64, blank=True)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)
    # The refresh token an access token was issued with: revoking the refresh
    # (log-out, or reuse of a rotated one) revokes its access tokens too.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.get_kind_display()} {self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        return self.revoked is None and (self.expires is None or self.expires > timezone.now())


class ApiKey(models.Model):
    """A key of another system (the HR bureau, a care home, the union's app
    backend), with scopes. Made and revoked by administrators in the studio."""

    SCOPES = [
        ("cases:start", _("代为发起申请")),
        ("cases:read", _("读取案件状态")),
        ("webhooks:manage", _("管理事件订阅")),
    ]

    name = models.CharField(_("系统名称"), max_length=128)
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("权限范围"), default=list)
    # Cases it starts are filed in this unit and below only.
    org_unit = models.ForeignKey(
        "engine.OrgUnit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("系统接口密钥")
        verbose_name_plural = _("系统接口密钥")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class IdempotentStart(models.Model):
    """One row per (key, Idempotency-Key): a partner that retries a start
    after a timeout gets the same case back instead of a second one."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    idempotency_key = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)
    case = models.ForeignKey("engine.Case", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "idempotency_key"], name="uniq_idempotent_start")
        ]


class Webhook(models.Model):
    EVENTS = [
        ("case.started", _("案件发起")),
        ("step.entered", _("进入环节")),
        ("case.ended", _("案件办结")),
        ("document.ready", _("文书已生成")),
    ]

    url = models.URLField(_("接收地址"), max_length=500)
    events = models.JSONField(_("事件"), default=list)
    # Empty: every process.
    process_key = models.SlugField(_("流程"), max_length=64, blank=True)
    secret = models.CharField(max_length=128)
    api_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.CASCADE, related_name="webhooks"
    )
    active = models.BooleanField(_("启用"), default=True)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("事件订阅")
        verbose_name_plural = _("事件订阅")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("失败")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=32)
    # One delivery per webhook and happening ("case.ended:42"), however often
    # the engine saves the objects it is read from.
    dedupe_key = models.CharField(max_length=96)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    delivered = models.DateTimeField(null=True, blank=True)
    next_attempt = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("事件投递记录")
        verbose_name_plural = _("事件投递记录")
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "next_attempt"], name="webhook_due")]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "dedupe_key"], name="uniq_webhook_delivery")
        ]
