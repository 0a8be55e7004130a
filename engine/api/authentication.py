"""How API requests say who they are.

- `Authorization: Bearer <token>`: a person (applicant or staff), with an
  access token from /api/v1/auth/token or a personal token.
- `Authorization: ApiKey <key>` (or `X-Api-Key`): another system, with the
  scopes an administrator gave its key. The request's user is then a
  `SystemPrincipal` that holds no role anywhere: only endpoints that check
  the key's scopes let it in.
- The site's own session (with CSRF), for the site's JavaScript."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiKey, ApiToken, digest


class SystemPrincipal:
    """The user of a request made with an API key: authenticated, no roles."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None
    home_unit_id = None

    def __init__(self, key: ApiKey):
        self.key = key

    def __str__(self):
        return f"api-key:{self.key.name}"

    def has_perm(self, *args, **kwargs):
        return False


def _touch(row):
    # Written at most once a minute: a token used for every request of an app
    # would otherwise add an UPDATE to each.
    now = timezone.now()
    if row.last_used is None or (now - row.last_used).total_seconds() > 60:
        type(row).objects.filter(pk=row.pk).update(last_used=now)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确。"))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("令牌格式不正确。")) from error
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=digest(secret), kind__in=["access", "personal"])
            .first()
        )
        if token is None or not token.active or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效或已过期。"))
        _touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "ApiKey"

    def authenticate(self, request):
        secret = request.META.get("HTTP_X_API_KEY", "")
        if not secret:
            header = authentication.get_authorization_header(request).split()
            if not header or header[0].lower() != self.keyword.lower().encode():
                return None
            if len(header) != 2:
                raise exceptions.AuthenticationFailed(_("密钥格式不正确。"))
            try:
                secret = header[1].decode("ascii")
            except UnicodeDecodeError as error:
                raise exceptions.AuthenticationFailed(_("密钥格式不正确。")) from error
        key = ApiKey.objects.select_related("org_unit").filter(key_hash=digest(secret)).first()
        if key is None or key.revoked is not None:
            raise exceptions.AuthenticationFailed(_("密钥无效或已吊销。"))
        _touch(key)
        return SystemPrincipal(key), key


class CsrfSessionAuthentication(authentication.SessionAuthentication):
    """The site's session, with DRF's CSRF check on unsafe methods."""
