"""Password rules beyond Django's own validators (configured together in
AUTH_PASSWORD_VALIDATORS). Reusable by any form that sets a password: pass
the user (an unsaved one is fine) so the mobile number can be compared."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MOBILE = re.compile(r"1\d{10}")


def _mobiles_of(user) -> set[str]:
    if user is None:
        return set()
    found = set()
    for attribute in ("mobile", "username"):
        value = str(getattr(user, attribute, "") or "")
        found.update(MOBILE.findall(value))
    return found


class MobileNumberValidator:
    """Not the mobile number (the applicant's login name), not containing
    it, and not a short run of digits only: an 8-digit number falls to an
    offline guess in seconds, and a mobile number is public."""

    def __init__(self, min_digits_only: int = 12):
        self.min_digits_only = min_digits_only

    def validate(self, password, user=None):
        digits = re.sub(r"\D", "", password or "")
        for mobile in _mobiles_of(user):
            if mobile in digits or mobile[-8:] == digits:
                raise ValidationError(_("密码不能是手机号，也不能包含手机号。"), code="password_is_mobile")
        if password and password.isdigit() and len(password) < self.min_digits_only:
            raise ValidationError(
                _("纯数字的密码至少需要 %(n)d 位；请加入字母或符号。") % {"n": self.min_digits_only},
                code="password_short_digits",
            )

    def get_help_text(self):
        return _("密码不能是手机号；纯数字的密码至少需要 %(n)d 位。") % {"n": self.min_digits_only}
