"""Masking of names, ID numbers, phones, addresses and free text for the public side."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine.core.masking import mask_address, mask_id_number, mask_name, mask_phone, scrub

ID_RE = re.compile(r"\d{17}[\dXx]")
MOBILE_RE = re.compile(r"1[3-9]\d{9}")


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张某某"),
        ("张三丰", "张某某"),
        ("欧阳娜娜", "欧阳某某"),
        ("司马光", "司马某某"),
        ("欧阳", "欧某某"),  # two characters: surname 欧, given name 阳
        ("王", "王某某"),
        ("Li Lei", "L**"),
        ("", ""),
    ],
)
def test_mask_individual_names(name, masked):
    assert mask_name(name) == masked


def test_organisation_names_are_unchanged():
    assert mask_name("新沂市某某餐饮有限公司", organisation=True) == "新沂市某某餐饮有限公司"


def test_mask_id_number():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("320381900101123") == "320381*****1123"  # the old 15-digit form
    assert mask_id_number("12") == "**"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("0516-88881234", "********1234"),
        ("110", "***"),
    ],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("江苏省徐州市新沂市新安街道钟吾路18号3栋201室", "江苏省徐州市新沂市新安街道钟吾路"),
        ("新沂市北沟街道人民大街东段66号", "新沂市北沟街道人民大街"),
        ("新沂市棋盘镇棋盘村3组15号", "新沂市棋盘镇棋盘村"),
        ("新沂市阿湖镇桃岭村五组", "新沂市阿湖镇桃岭村"),
        ("新沂市新安街道", "新沂市新安街道"),
    ],
)
def test_mask_address_keeps_the_street(address, masked):
    assert mask_address(address) == masked


def test_scrub_free_text():
    text = "当事人张三，身份证号11010519491231002X，电话13812345678，又称 +86 139 1234 5678。"
    assert scrub(text) == "当事人张三，身份证号110105********002X，电话138****5678，又称 139****5678。"
    assert scrub("罚款200元，案号2026第001号") == "罚款200元，案号2026第001号"
    assert scrub("账号6222021234567890123") == "账号622************0123"
    assert scrub("") == ""


_digits = st.text(alphabet="0123456789", min_size=1, max_size=25)
_noise = st.text(alphabet="0123456789Xx -+电话号码 ,，", max_size=30)


@given(st.lists(st.one_of(_digits, _noise, st.text(max_size=10)), max_size=8))
def test_scrubbed_text_never_contains_an_id_or_a_mobile(parts):
    text = "".join(parts)
    cleaned = scrub(text)
    assert not ID_RE.search(cleaned)
    assert not MOBILE_RE.search(cleaned)


@given(st.text())
def test_scrub_is_idempotent_and_keeps_text_without_numbers(text):
    once = scrub(text)
    assert scrub(once) == once
    if not re.search(r"\d", text):
        assert once == text
