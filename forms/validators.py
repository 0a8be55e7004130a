"""Validators for Chinese identity and payment numbers.

Each validator raises ValidationError with a Chinese message (translated to
English through gettext) so the applicant sees what to fix next to the field."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
CARD_PATTERN = re.compile(r"^\d{12,19}$")


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _birth_date(value: str) -> dt.date | None:
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    if born.year < 1900 or born > dt.date.today():
        return None
    return born


def validate_id_number(value: str) -> None:
    value = normalise_id_number(value)
    if not ID_PATTERN.match(value):
        raise ValidationError(_("身份证号应为 18 位，前 17 位是数字，最后一位是数字或 X。"), code="id_format")
    if _birth_date(value) is None:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth_date")
    if id_check_char(value[:17]) != value[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对后重新输入。"), code="id_checksum")


def id_number_info(value: str) -> tuple[dt.date, str]:
    """(birth date, sex) from a valid 18-digit ID number; sex is 'male' or
    'female' (the 17th digit is odd for men)."""
    value = normalise_id_number(value)
    validate_id_number(value)
    sex = "male" if int(value[16]) % 2 else "female"
    return _birth_date(value), sex


def validate_mobile(value: str) -> None:
    if not MOBILE_PATTERN.match((value or "").strip()):
        raise ValidationError(_("请输入 11 位中国大陆手机号，以 13–19 开头。"), code="mobile")


def normalise_card_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def validate_bank_card(value: str) -> None:
    digits = normalise_card_number(value)
    if not CARD_PATTERN.match(digits):
        raise ValidationError(_("银行卡号应为 12–19 位数字。"), code="card_format")
    if not luhn_valid(digits):
        raise ValidationError(_("银行卡号校验不通过，请核对后重新输入。"), code="card_checksum")
