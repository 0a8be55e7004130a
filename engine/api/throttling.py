"""Rate limits: per credential (token, API key), else per signed-in user,
else per address. Rates are settings (REST_FRAMEWORK DEFAULT_THROTTLE_RATES)."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey, ApiToken


class CredentialRateThrottle(SimpleRateThrottle):
    scope = "credential"

    def get_cache_key(self, request, view):
        auth = request.auth
        if isinstance(auth, ApiToken):
            ident = f"token:{auth.pk}"
        elif isinstance(auth, ApiKey):
            ident = f"key:{auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"addr:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginRateThrottle(SimpleRateThrottle):
    """Token requests, per address (django-axes also locks per account)."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
