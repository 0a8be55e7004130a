"""What the API views share: who is an applicant or staff, and the one way
to turn the engine's refusals into problem details."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission

from engine.roles import policy

from ..authentication import SystemPrincipal
from ..problems import Problem


class IsPerson(BasePermission):
    """A signed-in person (token or session), not a system's API key."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and not isinstance(user, SystemPrincipal))


class IsStaff(IsPerson):
    message = _("仅限工会工作人员。")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and policy.is_staff_member(request.user)


class HasScope(BasePermission):
    """A system's API key holding the view's `required_scope`."""

    def has_permission(self, request, view):
        user = request.user
        if not isinstance(user, SystemPrincipal):
            return False
        return view.required_scope in (user.key.scopes or [])


def int_param(value, *, name: str, default: int = 1, maximum: int = 10_000) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise Problem(
            400, _("参数 %(name)s 须为整数。") % {"name": name}, errors={name: [_("须为整数。")]}
        ) from error
    if not 1 <= number <= maximum:
        raise Problem(400, _("参数 %(name)s 超出范围。") % {"name": name}, errors={name: [_("超出范围。")]})
    return number


def plain_dict(value, *, name="data") -> dict:
    if not isinstance(value, dict):
        raise Problem(400, _("%(name)s 须为对象。") % {"name": name}, errors={name: [_("须为对象。")]})
    for key in value:
        if not isinstance(key, str) or not key or "\x00" in key:
            raise Problem(400, _("字段名无效。"), errors={name: [_("字段名无效。")]})
    return value
