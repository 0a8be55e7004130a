"""Staff (and applicant) accounts as administrators change them: create,
edit name / mobile / email / language / union, deactivate, reset password.

A reset password is generated here, returned once to be shown to the
administrator, and never stored or logged in clear."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engine.models import OrgUnit, User
from engine.studio.audit import change_record
from engine.studio.models import StudioChange

USERNAME = re.compile(r"^[\w.@+-]{1,150}$")
MOBILE = re.compile(r"^1\d{10}$")
# No 0/O, 1/l/I: the password is read off a screen and typed.
ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def account_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "mobile": user.mobile,
        "email": user.email,
        "language": user.language,
        "home_unit": user.home_unit.code if user.home_unit_id else None,
        "is_active": user.is_active,
    }


def one_time_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(12))


def account_values(values: dict) -> dict:
    """Checked values of the editable fields (the same rules for the form
    and for every imported row)."""
    mobile = str(values.get("mobile") or "").strip()
    if mobile and not MOBILE.match(mobile):
        raise ValidationError(_("手机号应为 1 开头的 11 位数字：%(m)s") % {"m": mobile})
    language = str(values.get("language") or settings.LANGUAGE_CODE)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("不支持的语言：%(l)s") % {"l": language})
    email = str(values.get("email") or "").strip()
    if email and ("@" not in email or len(email) > 254):
        raise ValidationError(_("邮箱格式不正确：%(e)s") % {"e": email})
    home_unit = values.get("home_unit")
    if home_unit is not None and not isinstance(home_unit, OrgUnit):
        raise ValidationError(_("所属工会无效。"))
    if home_unit is not None and home_unit.is_retired:
        raise ValidationError(_("“%(u)s”已撤销。") % {"u": home_unit.name})
    return {
        "display_name": str(values.get("display_name") or "").strip()[:64],
        "mobile": mobile,
        "email": email,
        "language": language,
        "home_unit": home_unit,
    }


def account_create(*, username: str, values: dict, actor, password: str = "") -> tuple[User, str]:
    """Returns the account and the password to show once (generated when
    none was given)."""
    username = (username or "").strip()
    if not USERNAME.match(username):
        raise ValidationError(_("用户名只能含字母、数字和 @ . + - _（最多 150 个字符）。"))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("用户名“%(u)s”已被使用。") % {"u": username})
    clean = account_values(values)
    password = password or one_time_password()
    user = User(username=username, **clean)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        change_record(
            actor=actor,
            action=StudioChange.Action.STAFF,
            obj_type="user",
            obj_id=user.pk,
            summary=_("新建账号 %(u)s") % {"u": user.username},
            after=account_snapshot(user),
        )
    return user, password


def account_update(*, user: User, values: dict, actor) -> User:
    clean = account_values(values)
    before = account_snapshot(user)
    with transaction.atomic():
        for name, value in clean.items():
            setattr(user, name, value)
        user.save(update_fields=list(clean))
        change_record(
            actor=actor,
            action=StudioChange.Action.STAFF,
            obj_type="user",
            obj_id=user.pk,
            summary=_("修改账号 %(u)s") % {"u": user.username},
            before=before,
            after=account_snapshot(user),
        )
    return user


def account_set_active(*, user: User, active: bool, actor) -> User:
    if not active and user.pk == getattr(actor, "pk", None):
        raise ValidationError(_("不能停用自己的账号。"))
    before = account_snapshot(user)
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        change_record(
            actor=actor,
            action=StudioChange.Action.STAFF,
            obj_type="user",
            obj_id=user.pk,
            summary=(_("启用账号 %(u)s") if active else _("停用账号 %(u)s")) % {"u": user.username},
            before=before,
            after=account_snapshot(user),
        )
    return user


def password_reset(*, user: User, actor, password: str = "") -> str:
    """Set a new password (the one given, or a generated one) and return it
    to be shown once. The audit says that it changed, not what to."""
    password = password or one_time_password()
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        change_record(
            actor=actor,
            action=StudioChange.Action.STAFF,
            obj_type="user",
            obj_id=user.pk,
            summary=_("重置密码 %(u)s") % {"u": user.username},
            after={"password": "******"},
        )
    return password
