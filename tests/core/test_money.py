"""Amounts in Chinese capitals (大写金额) and yuan formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine.core.money import amount_in_chinese_capitals, format_yuan


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("0", "零元整"),
        ("0.00", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("0.55", "伍角伍分"),
        ("1", "壹元整"),
        ("1.05", "壹元零伍分"),
        ("10.00", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("100", "壹佰元整"),
        ("100.50", "壹佰元伍角"),
        ("200.00", "贰佰元整"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("1005", "壹仟零伍元整"),
        ("1005.30", "壹仟零伍元叁角"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("3000", "叁仟元整"),
        ("10000", "壹万元整"),
        ("10005", "壹万零伍元整"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("100010", "壹拾万零壹拾元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("1000100", "壹佰万零壹佰元整"),
        ("100000000", "壹亿元整"),
        ("100000005", "壹亿零伍元整"),
        ("100010000", "壹亿零壹万元整"),
        ("120000000000", "壹仟贰佰亿元整"),
    ],
)
def test_capitals_table(amount, capitals):
    assert amount_in_chinese_capitals(Decimal(amount)) == capitals


@pytest.mark.parametrize("bad", ["-1", "0.001", "NaN", "abc", "1e17"])
def test_refuses_what_is_not_an_amount(bad):
    with pytest.raises(ValueError):
        amount_in_chinese_capitals(bad)


DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _parse(text: str) -> int:
    """An independent reading of the capitals back to fen, for the round-trip property."""
    units = {"拾": 10, "佰": 100, "仟": 1000}
    total = section = number = 0
    cents = 0
    text = text.removesuffix("整")
    if "元" in text:
        integer, _, rest = text.partition("元")
    else:
        integer, rest = "", text
    for char in integer:
        if char in DIGITS:
            number = DIGITS.index(char)
        elif char in units:
            section += (number or 1) * units[char]
            number = 0
        elif char == "万":
            section += number
            total += section * 10_000
            section = number = 0
        elif char == "亿":
            section += number
            total = (total + section) * 100_000_000
            section = number = 0
    total += section + number
    rest = rest.removeprefix("零")
    if "角" in rest:
        jiao, _, rest = rest.partition("角")
        cents += DIGITS.index(jiao) * 10
    if "分" in rest:
        cents += DIGITS.index(rest.removesuffix("分"))
    return total * 100 + cents


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_capitals_round_trip(cents):
    amount = Decimal(cents) / 100
    text = amount_in_chinese_capitals(amount)
    assert _parse(text) == cents
    assert "零零" not in text
    assert not text.startswith("零") or text == "零元整"
    assert text.endswith("整") == (cents % 10 == 0 and cents % 100 == 0)


def test_format_yuan():
    assert format_yuan(Decimal("1234.5")) == "¥1,234.50"
    assert format_yuan(Decimal("0")) == "¥0.00"
    assert format_yuan(Decimal("200"), symbol=False) == "200.00"
    assert format_yuan(Decimal("-3.456")) == "-¥3.46"
