"""Masking personal information before anything is shown to the public (国办发〔2018〕118号:
personal information in disclosed decisions is masked; 《个人信息保护法》第二十八条: ID numbers are
sensitive personal information).

- :func:`mask_name`: an individual's name becomes the surname and 某某 (张某某, 欧阳某某);
  organisations are published under their name.
- :func:`mask_id_number`: the division code and the last four characters stay (320381********123X).
- :func:`mask_phone`: a mobile keeps its first three and last four digits (138****5678).
- :func:`mask_address`: kept down to the street or road, house numbers dropped.
- :func:`scrub`: free text with any ID number, mobile number or other long run of digits masked.
"""

from __future__ import annotations

import re

MASK = "*"
# Two-character surnames (复姓) in common use.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "上官",
        "司马",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "闾丘",
        "澹台",
        "百里",
        "端木",
        "南宫",
        "西门",
        "独孤",
        "呼延",
        "申屠",
        "太史",
        "万俟",
        "赫连",
        "拓跋",
        "公羊",
        "淳于",
        "单于",
        "濮阳",
        "第五",
        "左丘",
    }
)

# An 18-character ID (possibly written 6-8-4 with spaces or hyphens), a mainland mobile number
# (optionally with +86), or any other run of eleven or more digits. ``\d`` matches full-width digits too.
_SENSITIVE = re.compile(
    r"(?<!\d)(?P<id>\d{6}[ \-]?\d{8}[ \-]?\d{3}[\dXx])(?!\d)"
    r"|(?<!\d)(?P<mobile>(?:\+?86[ \-]?)?1[3-9]\d[ \-]?\d{4}[ \-]?\d{4})(?!\d)"
    r"|(?P<run>\d{11,}[Xx]?)"
)
_ROAD = re.compile(r"^.*?(?:大道|大街|路|街(?!道)|巷|弄|胡同)")
_HOUSE = re.compile(r"[\d０-９一二三四五六七八九十百]+\s*(?:号|栋|幢|座|单元|室|楼|层|组|排|户)|\d")


def _digits(value: str) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit() or ch in "Xx")


def mask_name(name: str, *, organisation: bool = False) -> str:
    """张三 → 张某某, 欧阳娜娜 → 欧阳某某; an organisation's name is unchanged."""
    name = (name or "").strip()
    if organisation or not name:
        return name
    if not ("\u4e00" <= name[0] <= "\u9fff"):
        return name[0] + MASK * 2  # a name in Latin letters: its first letter only
    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[0]
    return surname + "某某"


def mask_id_number(value: str) -> str:
    """320381199001011234 → 320381********1234; shorter numbers keep only their last two characters."""
    digits = _digits(value).upper()
    if len(digits) >= 15:
        return digits[:6] + MASK * (len(digits) - 10) + digits[-4:]
    if len(digits) > 2:
        return MASK * (len(digits) - 2) + digits[-2:]
    return MASK * len(digits)


def mask_phone(value: str) -> str:
    """13812345678 (also +86 138 1234 5678) → 138****5678; a landline keeps its last four digits."""
    digits = _digits(value)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + MASK * 4 + digits[-4:]
    if len(digits) > 4:
        return MASK * (len(digits) - 4) + digits[-4:]
    return MASK * len(digits)


def mask_address(address: str) -> str:
    """Keep an address down to the street: 新沂市新安街道钟吾路18号3栋 → 新沂市新安街道钟吾路.

    Without a road name, it stops before the first house, building or group number
    (棋盘镇棋盘村3组15号 → 棋盘镇棋盘村).
    """
    address = (address or "").strip()
    road = _ROAD.match(address)
    if road:
        return road.group(0)
    house = _HOUSE.search(address)
    if house:
        return address[: house.start()].rstrip(" ,，")
    return address


def _mask_match(match: re.Match) -> str:
    if match.group("id"):
        return mask_id_number(match.group("id"))
    if match.group("mobile"):
        return mask_phone(match.group("mobile"))
    run = match.group("run")
    return run[:3] + MASK * (len(run) - 7) + run[-4:]


def scrub(text: str) -> str:
    """Mask ID numbers, mobile numbers and any other run of eleven or more digits in free text."""
    if not text:
        return text or ""
    return _SENSITIVE.sub(_mask_match, str(text))
