import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from forms.validators import (
    id_number_info,
    luhn_valid,
    validate_bank_card,
    validate_id_number,
    validate_mobile,
)

MAN = "371482198503120512"  # 1985-03-12, 17th digit 1 (odd)
WOMAN = "11010519491231002X"  # 1949-12-31, 17th digit 2 (even), check char X


@pytest.mark.parametrize("value", [MAN, WOMAN, WOMAN.lower(), "440301200001010018"])
def test_valid_id_numbers_pass(value):
    validate_id_number(value)


@pytest.mark.parametrize(
    "value, code",
    [
        ("371482198503120513", "id_checksum"),  # last digit changed
        ("11010519491231002Y", "id_format"),
        ("37148219850312051", "id_format"),  # 17 characters
        ("371482198502300519", "id_birth_date"),  # 30 February
        ("371482290001010513", "id_birth_date"),  # born in 2900
    ],
)
def test_invalid_id_numbers_fail_with_reason(value, code):
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    assert info.value.code == code


def test_id_number_info_derives_birth_date_and_sex():
    assert id_number_info(MAN) == (dt.date(1985, 3, 12), "male")
    assert id_number_info(WOMAN.lower()) == (dt.date(1949, 12, 31), "female")


def test_id_number_info_refuses_a_wrong_checksum():
    with pytest.raises(ValidationError):
        id_number_info("371482198503120513")


@pytest.mark.parametrize("value", ["13800138000", "19912345678", "15000000000"])
def test_mobile_accepts_mainland_numbers(value):
    validate_mobile(value)


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "138001380001", "23800138000", "1380013800a"])
def test_mobile_rejects_others(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert luhn_valid("6222020200112233446")
    assert not luhn_valid("6222020200112233445")


def test_bank_card_accepts_spaces_and_checks_length_and_luhn():
    validate_bank_card("6222 0202 0011 2233 446")
    for bad in ("6222020200112233445", "41111111111", "41111111111111111111", "4111-1111-1111-111x"):
        with pytest.raises(ValidationError):
            validate_bank_card(bad)
