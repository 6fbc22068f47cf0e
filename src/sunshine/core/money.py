"""Money: amounts in Chinese capitals (大写) and yuan formatting. Money is always ``Decimal``.

The capitals follow the rules banks and accountants use (中国人民银行《支付结算办法》附件一
《正确填写票据和结算凭证的基本规定》; 财政部《会计基础工作规范》第五十二条):

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟, sections 万 and 亿; ten to nineteen keep 壹 (壹拾伍);
- zeros in the middle of the integer part are written as one 零, however many there are
  (1005 → 壹仟零伍, 100005 → 壹拾万零伍); trailing zeros of a section are not written;
- an amount to the yuan or to the jiao ends with 整 after 元; an amount with 分 has no 整
  (100.50 → 壹佰元伍角, 1005.30 → 壹仟零伍元叁角, 100.00 → 壹佰元整);
- when 角 is zero but 分 is not, 零 follows 元 (325.04 → 叁佰贰拾伍元零肆分);
- an amount under one yuan starts with its jiao or fen (0.05 → 伍分); zero is 零元整.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
SECTIONS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999999999.99")


def _to_cents(amount) -> int:
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    if value < 0:
        raise ValueError("amounts in capitals are never negative")
    if value > MAX_AMOUNT:
        raise ValueError("amount too large")
    cents = value.quantize(CENT)
    if cents != value:
        raise ValueError("an amount has at most two decimal places (fen)")
    return int(cents * 100)


def _section(number: int) -> str:
    """One four-digit section (0 < number < 10000), without leading 零."""
    text = ""
    pending_zero = False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            if text:
                pending_zero = True
            continue
        if pending_zero:
            text += "零"
            pending_zero = False
        text += DIGITS[digit] + UNITS[position]
    return text


def _integer(number: int) -> str:
    if number == 0:
        return ""
    sections = []
    while number:
        sections.append(number % 10000)
        number //= 10000
    text = ""
    zero_before = False  # a gap (zero digits) between the previous non-zero section and this one
    for index in range(len(sections) - 1, -1, -1):
        value = sections[index]
        if value == 0:
            zero_before = bool(text)
            continue
        if text and (zero_before or value < 1000):
            text += "零"
        text += _section(value) + SECTIONS[index]
        zero_before = False
    return text


def amount_in_chinese_capitals(amount: Decimal) -> str:
    """``Decimal("1005.30")`` → ``"壹仟零伍元叁角"``; ``Decimal("100")`` → ``"壹佰元整"``."""
    cents = _to_cents(amount)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    if cents == 0:
        return "零元整"
    text = _integer(yuan)
    if text:
        text += "元"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and text:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    elif not jiao:
        text += "整"
    return text


def format_yuan(amount: Decimal, *, symbol: bool = True) -> str:
    """``Decimal("1234.5")`` → ``"¥1,234.50"`` (always two decimal places, thousands separated)."""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    text = f"{abs(value):,.2f}"
    return f"{sign}¥{text}" if symbol else f"{sign}{text}"
