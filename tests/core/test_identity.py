"""GB 11643 resident ID numbers and GB 32100 unified social credit codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from sunshine.core.identity import (
    age_on,
    birth_date_from_id,
    gender_from_id,
    is_credit_code,
    is_resident_id,
    validate_credit_code,
    validate_resident_id,
)


def _error_code(func, value):
    with pytest.raises(ValidationError) as info:
        func(value)
    return info.value.code


def test_valid_resident_id_is_returned_clean():
    assert validate_resident_id("11010519491231002X") == "11010519491231002X"
    assert validate_resident_id(" 110105 19491231 002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11010519491231002", "id_length"),
        ("11010519491231002X1", "id_length"),
        ("", "id_length"),
        ("1101051949123100AX", "id_format"),
        ("11010519491231002Y", "id_format"),
        ("11010519491231002", "id_length"),
        ("110105194912310021", "id_check"),
        ("110105194912310028", "id_check"),
        ("00010519491231002X", "id_region"),
    ],
)
def test_invalid_resident_ids_name_the_problem(value, code):
    assert _error_code(validate_resident_id, value) == code


def _with_check(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def test_impossible_birth_dates_are_refused_even_with_a_correct_check_character():
    assert _error_code(validate_resident_id, _with_check("11010519491331002")) == "id_birth_date"
    assert _error_code(validate_resident_id, _with_check("11010520230229002")) == "id_birth_date"  # no 29 Feb
    assert validate_resident_id(_with_check("11010520240229002"))  # leap year
    future = timezone.localdate().replace(day=1) + dt.timedelta(days=40)
    assert _error_code(validate_resident_id, _with_check(f"110105{future:%Y%m%d}002")) == "id_birth_date"


def test_error_message_is_a_sentence_with_the_details():
    with pytest.raises(ValidationError) as info:
        validate_resident_id("110105194912310021")
    assert "X" in info.value.messages[0] and "1" in info.value.messages[0]


def test_birth_date_gender_and_age():
    number = "11010519491231002X"
    assert birth_date_from_id(number) == dt.date(1949, 12, 31)
    assert gender_from_id(number) == "F"  # 17th digit 2 is even
    assert gender_from_id(_with_check("32038119900101001")) == "M"
    assert age_on(number, dt.date(1950, 12, 30)) == 0
    assert age_on(number, dt.date(1950, 12, 31)) == 1
    # 《行政处罚法》第三十条 boundary: 14 on the birthday, 13 the day before
    minor = _with_check("32038120100615001")
    assert age_on(minor, dt.date(2024, 6, 14)) == 13
    assert age_on(minor, dt.date(2024, 6, 15)) == 14
    with pytest.raises(ValueError):
        age_on(minor, dt.date(2009, 1, 1))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)), st.integers(0, 999))
def test_any_generated_id_round_trips(birth, serial):
    number = _with_check(f"320381{birth:%Y%m%d}{serial:03d}")
    assert is_resident_id(number)
    assert birth_date_from_id(number) == birth
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert not is_resident_id(wrong)


def test_valid_credit_code():
    assert validate_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    assert validate_credit_code("9135 0100-m000100y43") == "91350100M000100Y43"
    assert is_credit_code("91110000600037341L")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91350100M000100Y4", "uscc_length"),
        ("91350100M000100Y433", "uscc_length"),
        ("91350100M000100O43", "uscc_format"),
        ("91350100I000100Y43", "uscc_format"),
        ("913501A0M000100Y43", "uscc_region"),
        ("91350100M000100Y53", "uscc_org_check"),
        ("91350100M000100Y44", "uscc_check"),
    ],
)
def test_invalid_credit_codes_name_the_problem(value, code):
    assert _error_code(validate_credit_code, value) == code
    assert not is_credit_code(value)
