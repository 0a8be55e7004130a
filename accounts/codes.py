"""Services for one-time codes: request (throttled per number and per
address, then sent through the SMS backend) and check (hash compared in
constant time, expiry, a limited number of tries, used once)."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from .models import OneTimeCode
from .sms import send_sms
from .throttle import Throttled, throttle_hit, wait_text

CODE_LENGTH = 6


def _setting(name, default):
    return getattr(settings, name, default)


class CodeRefused(Exception):
    """A request or a check that failed; the message is for the applicant."""


def _hash(mobile: str, purpose: str, code: str) -> str:
    return salted_hmac("accounts.one-time-code", f"{purpose}:{mobile}:{code}", algorithm="sha256").hexdigest()


def code_request_limits(*, mobile: str, address: str) -> None:
    """Count one code request against the limits of the number and of the
    address; raise CodeRefused with the wait time when one is used up."""
    limits = [
        (f"sms:mobile:{mobile}:short", _setting("SMS_CODE_INTERVAL", 60), 1),
        (f"sms:mobile:{mobile}:hour", 3600, _setting("SMS_CODES_PER_MOBILE_HOUR", 5)),
        (f"sms:address:{address}:hour", 3600, _setting("SMS_CODES_PER_ADDRESS_HOUR", 20)),
    ]
    for key, window, limit in limits:
        try:
            throttle_hit(key, limit=limit, window=window)
        except Throttled as refusal:
            raise CodeRefused(
                _("获取验证码过于频繁，请 %(wait)s后再试。") % {"wait": wait_text(refusal.wait)}
            ) from None


def code_request(*, mobile: str, purpose: str, address: str) -> OneTimeCode:
    """Make a new code for (mobile, purpose) and send it. Earlier unused
    codes of the same pair stop working. Raises CodeRefused with the wait
    time when the number or the address asked too often."""
    code_request_limits(mobile=mobile, address=address)
    code = "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))
    minutes = _setting("SMS_CODE_MINUTES", 10)
    with transaction.atomic():
        OneTimeCode.objects.filter(mobile=mobile, purpose=purpose, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        record = OneTimeCode.objects.create(
            mobile=mobile,
            purpose=purpose,
            code_hash=_hash(mobile, purpose, code),
            expires=timezone.now() + dt.timedelta(minutes=minutes),
        )
    what = OneTimeCode.Purpose(purpose).label
    text = _("【工会服务平台】您的%(what)s验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。") % {
        "what": what,
        "code": code,
        "minutes": minutes,
    }
    # After the row is committed (the block above): a code that arrives works.
    send_sms(mobile, text, purpose=purpose, params={"code": code, "minutes": minutes})
    return record


def code_check(*, mobile: str, purpose: str, code: str) -> None:
    """Use up the newest code of (mobile, purpose) if `code` matches it.
    Raises CodeRefused saying why (wrong, expired, too many tries)."""
    max_attempts = _setting("SMS_CODE_ATTEMPTS", 5)
    # The refusal is raised after the block: a wrong try must stay counted.
    refusal = None
    with transaction.atomic():
        record = (
            OneTimeCode.objects.select_for_update()
            .filter(mobile=mobile, purpose=purpose, used_at__isnull=True)
            .order_by("-created")
            .first()
        )
        if record is None:
            refusal = _("请先获取验证码。")
        elif record.expires <= timezone.now():
            refusal = _("验证码已过期，请重新获取。")
        elif record.attempts >= max_attempts:
            refusal = _("验证码错误次数过多，请重新获取。")
        elif not constant_time_compare(record.code_hash, _hash(mobile, purpose, (code or "").strip())):
            record.attempts += 1
            record.save(update_fields=["attempts"])
            left = max_attempts - record.attempts
            refusal = (
                _("验证码不正确，还可以再试 %(n)s 次。") % {"n": left}
                if left > 0
                else _("验证码错误次数过多，请重新获取。")
            )
        else:
            record.used_at = timezone.now()
            record.save(update_fields=["used_at"])
    if refusal:
        raise CodeRefused(refusal)
