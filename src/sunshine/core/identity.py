"""Resident ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015).

``python-stdnum`` (``stdnum.cn.ric``, ``stdnum.cn.uscc``) computes the check characters; this module
checks in the order a person at a counter would want to hear about a mistake (length, characters,
birth date, check character) and answers with one translatable sentence naming what is wrong.

- Resident ID: 18 characters; the first 17 digits; characters 7–14 a real birth date (not in the
  future); the 18th the ISO 7064 MOD 11-2 check character (``0``–``9`` or ``X``).
- Unified social credit code: 18 characters from ``0123456789ABCDEFGHJKLMNPQRTUWXY``; characters
  3–8 the administrative-division code (digits); characters 9–17 an organisation code (GB 11714)
  with its own check character; the 18th the GB 32100 MOD 31 check character.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

RESIDENT_ID_LENGTH = 18
CREDIT_CODE_LENGTH = 18
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 11714-1997: weights of the eight body characters of an organisation code.
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# First two digits of a resident ID: the province-level division (GB/T 2260), 11 Beijing … 82 Macao.
_PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54}
    | {61, 62, 63, 64, 65, 71, 81, 82}
)
_SEPARATORS = re.compile(r"[\s\-]")


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", str(value or "")).upper()


def validate_resident_id(value: str) -> str:
    """Return the resident ID number in its clean form (upper-case ``X``) or raise ``ValidationError``.

    GB 11643-1999 公民身份号码: 18 characters, a real birth date, the MOD 11-2 check character.
    """
    number = _compact(value)
    if len(number) != RESIDENT_ID_LENGTH:
        raise ValidationError(
            _("A resident ID number has 18 characters; this one has %(count)d."),
            code="id_length",
            params={"count": len(number)},
        )
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise ValidationError(
            _("A resident ID number is 17 digits followed by a digit or X."), code="id_format"
        )
    if int(number[:2]) not in _PROVINCE_CODES:
        raise ValidationError(
            _("The first two digits of a resident ID number must be a province code; %(code)s is not."),
            code="id_region",
            params={"code": number[:2]},
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1880 or birth > timezone.localdate():
        raise ValidationError(
            _("Digits 7–14 of the resident ID number (%(digits)s) are not a possible birth date."),
            code="id_birth_date",
            params={"digits": number[6:14]},
        )
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(
            _("The check character of the resident ID number is wrong: %(given)s instead of %(expected)s."),
            code="id_check",
            params={"given": number[17], "expected": expected},
        )
    return number


def _org_code_check(body: str) -> str:
    """GB 11714-1997: the check character of an organisation code's eight body characters."""
    total = 0
    for char, weight in zip(body, _ORG_CODE_WEIGHTS, strict=True):
        total += (int(char) if char.isdigit() else ord(char) - ord("A") + 10) * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_credit_code(value: str) -> str:
    """Return the unified social credit code in its clean form or raise ``ValidationError``.

    GB 32100-2015 法人和其他组织统一社会信用代码编码规则: 18 characters, division code digits,
    an organisation code (GB 11714) with its own check, and the MOD 31 check character.
    """
    code = _compact(value)
    if len(code) != CREDIT_CODE_LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="uscc_length",
            params={"count": len(code)},
        )
    bad = sorted({char for char in code if char not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("A unified social credit code cannot contain %(chars)s (I, O, S, V and Z are never used)."),
            code="uscc_format",
            params={"chars": "".join(bad)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3–8 of a unified social credit code are the division code and must be digits."),
            code="uscc_region",
        )
    org_expected = _org_code_check(code[8:16])
    if code[16] != org_expected:
        raise ValidationError(
            _(
                "The organisation code inside the unified social credit code (characters 9–17) has a wrong "
                "check character: %(given)s instead of %(expected)s."
            ),
            code="uscc_org_check",
            params={"given": code[16], "expected": org_expected},
        )
    expected = uscc.calc_check_digit(code)
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of the unified social credit code is wrong: %(given)s instead of "
                "%(expected)s."
            ),
            code="uscc_check",
            params={"given": code[17], "expected": expected},
        )
    return code


def is_resident_id(value: str) -> bool:
    try:
        validate_resident_id(value)
    except ValidationError:
        return False
    return True


def is_credit_code(value: str) -> bool:
    try:
        validate_credit_code(value)
    except ValidationError:
        return False
    return True


def birth_date_from_id(id_number: str) -> dt.date:
    """The birth date encoded in a (valid) resident ID number."""
    number = validate_resident_id(id_number)
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender_from_id(id_number: str) -> str:
    """``"M"`` or ``"F"``: the 17th digit is odd for men and even for women (GB 11643-1999 4.3)."""
    number = validate_resident_id(id_number)
    return "M" if int(number[16]) % 2 else "F"


def age_on(id_number: str, on: dt.date) -> int:
    """Age in whole years on ``on`` (a birthday counts from the day itself; 29 Feb from 1 Mar)."""
    birth = birth_date_from_id(id_number)
    if on < birth:
        raise ValueError("the date is before the birth date")
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
