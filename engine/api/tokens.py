"""Issuing, rotating and revoking bearer tokens and API keys (services)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ApiKey, ApiToken, digest, new_secret

ACCESS_LIFETIME = dt.timedelta(minutes=15)
REFRESH_LIFETIME = dt.timedelta(days=30)


def _lifetime(name, default):
    minutes = getattr(settings, name, None)
    return dt.timedelta(minutes=minutes) if minutes else default


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    expires_in: int  # seconds, of the access token


def _make(*, user, kind, lifetime=None, name="", parent=None) -> tuple[str, ApiToken]:
    secret = new_secret({"access": "ufa", "refresh": "ufr", "personal": "ufp"}[kind])
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        name=name,
        prefix=secret[:10],
        key_hash=digest(secret),
        expires=timezone.now() + lifetime if lifetime else None,
        parent=parent,
    )
    return secret, token


def token_pair_issue(*, user) -> TokenPair:
    access_life = _lifetime("API_ACCESS_TOKEN_MINUTES", ACCESS_LIFETIME)
    refresh, refresh_row = _make(
        user=user, kind="refresh", lifetime=_lifetime("API_REFRESH_TOKEN_MINUTES", REFRESH_LIFETIME)
    )
    access, _row = _make(user=user, kind="access", lifetime=access_life, parent=refresh_row)
    return TokenPair(access=access, refresh=refresh, expires_in=int(access_life.total_seconds()))


def token_pair_refresh(*, refresh: str) -> TokenPair | None:
    """A new pair for a valid refresh token, which is used up (rotation). A
    refresh token presented again after use is a sign it was stolen: every
    token of its user made from refresh tokens is revoked."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            ApiToken.objects.select_for_update()
            .select_related("user")
            .filter(kind="refresh", key_hash=digest(refresh))
            .first()
        )
        if row is None:
            return None
        if row.revoked is not None:
            ApiToken.objects.filter(
                user=row.user, kind__in=["access", "refresh"], revoked__isnull=True
            ).update(revoked=now)
            return None
        if not row.active or not row.user.is_active:
            return None
        row.revoked = now
        row.save(update_fields=["revoked"])
        ApiToken.objects.filter(parent=row, revoked__isnull=True).update(revoked=now)
        return token_pair_issue(user=row.user)


def token_revoke(*, token: ApiToken) -> None:
    """Log-out: the token, its refresh token and that refresh's access tokens."""
    now = timezone.now()
    family = token.parent or token
    ApiToken.objects.filter(pk__in=[token.pk, family.pk], revoked__isnull=True).update(revoked=now)
    ApiToken.objects.filter(parent=family, revoked__isnull=True).update(revoked=now)


def personal_token_create(*, user, name: str, days: int | None = 365) -> tuple[str, ApiToken]:
    lifetime = dt.timedelta(days=days) if days else None
    return _make(user=user, kind="personal", lifetime=lifetime, name=name)


def api_key_create(*, name: str, scopes: list[str], org_unit, created_by=None) -> tuple[str, ApiKey]:
    known = {value for value, _label in ApiKey.SCOPES}
    unknown = sorted(set(scopes) - known)
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(unknown)}")
    secret = new_secret("ufk")
    key = ApiKey.objects.create(
        name=name,
        prefix=secret[:10],
        key_hash=digest(secret),
        scopes=sorted(set(scopes)),
        org_unit=org_unit,
        created_by=created_by,
    )
    return secret, key


def api_key_revoke(*, key: ApiKey) -> None:
    if key.revoked is None:
        key.revoked = timezone.now()
        key.save(update_fields=["revoked"])
