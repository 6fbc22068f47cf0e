"""The rules of separated fine collection (罚缴分离), one small pure function each.

The periods and the surcharge itself are the case rules' (:mod:`sunshine.cases.rules`): the 15-day payment
period (``payment_period``, 第六十七条), the 2-working-day cash hand-over (``cash_handover_period``,
第七十一条) and the late surcharge (``late_surcharge``, 第七十二条). They are imported here, never copied;
this module adds what collection needs on top of them: the payment code, the days a pending remedy
suspends the surcharge (第七十三条), how payments settle a schedule of instalments (第六十六条, 第七十二条),
deferral and instalment requests (第六十六条) and the bank deposit of collected cash (第七十一条).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

from sunshine.cases.rules import (
    CASH_HANDOVER_WORKING_DAYS,
    CIT_67,
    CIT_71,
    CIT_72_73,
    cash_handover_period,
    late_surcharge,
    money,
    payment_period,
)
from sunshine.core.errors import RuleViolation

__all__ = [
    "CIT_66",
    "CIT_67",
    "CIT_71",
    "CIT_72_73",
    "CIT_74",
    "Settlement",
    "bank_deposit_period",
    "cash_handover_period",
    "check_arrangement",
    "check_arrangement_decider",
    "check_payment_code",
    "late_surcharge",
    "make_payment_code",
    "payment_code_valid",
    "payment_period",
    "settle",
    "suspended_days",
]

CIT_66 = _("《行政处罚法》第六十六条")
CIT_70 = _("《行政处罚法》第七十条")
CIT_74 = _("《行政处罚法》第七十四条")
CIT_235_7 = _("《罚款决定与罚款收缴分离实施办法》（国务院令第235号）第七条")

# 第七十一条: the agency pays collected cash into the designated bank within 2 (working) days of receiving
# it — the same length as the officer's hand-over (第八十五条: "二日" are working days).
BANK_DEPOSIT_WORKING_DAYS = CASH_HANDOVER_WORKING_DAYS
# A payment code: 4-digit year, 15-digit sequence, 1 check digit (Luhn, ISO/IEC 7812-1), 20 digits in all,
# the length of the non-tax revenue payment codes (非税收入缴款码) banks already key in.
CODE_LENGTH = 20


# --- payment code -----------------------------------------------------------------------------


def _luhn_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # every second digit from the right, starting with the rightmost payload digit
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def make_payment_code(year: int, sequence: int) -> str:
    """The payment code of the ``sequence``-th notice of ``year``: year, sequence, check digit.

    The check digit (Luhn) catches every single mistyped digit and almost every swap of two neighbours, so
    a bank clerk's typing error shows up as "check digit wrong", never as another party's payment.
    """
    if not (1000 <= year <= 9999) or not (0 < sequence < 10**15):
        raise ValueError("year or sequence out of range")
    payload = f"{year:04d}{sequence:015d}"
    return payload + _luhn_digit(payload)


def payment_code_valid(code: str) -> bool:
    code = (code or "").strip()
    return len(code) == CODE_LENGTH and code.isdigit() and _luhn_digit(code[:-1]) == code[-1]


def check_payment_code(code: str) -> None:
    """A payment code has 20 digits and a correct check digit (国务院令第235号第七条: the notice tells the
    party where and how to pay; the code is how the bank tells the agency who paid)."""
    if not payment_code_valid(code):
        raise RuleViolation(
            "payment_code_invalid",
            _("“%(code)s” is not a valid payment code (20 digits with a check digit).") % {"code": code},
            CIT_235_7,
            field="code",
        )


# --- suspension and settlement -----------------------------------------------------------------


def suspended_days(*, due: dt.date, on: dt.date, periods: Iterable[tuple[dt.date, dt.date | None]]) -> int:
    """Days of the surcharge period (the day after ``due`` to ``on``) during which a reconsideration or a
    lawsuit was pending (filed on ``start``, decided on ``end`` or still pending): the surcharge is not
    counted for them (《行政处罚法》第七十三条).

    Only the overlap with the surcharge period counts: a remedy filed and decided before the due date
    suspends nothing. The filing day counts as suspended, the decision day does not (the surcharge runs
    again from the day of the decision). Overlapping remedies are counted once.
    """
    first, last = due + dt.timedelta(days=1), on
    if last < first:
        return 0
    days: set[dt.date] = set()
    for start, end in periods:
        stop = (end - dt.timedelta(days=1)) if end else last
        lo, hi = max(start, first), min(stop, last)
        day = lo
        while day <= hi:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days)


@dataclass
class InstalmentState:
    due: dt.date
    amount: Decimal
    principal_paid: Decimal = Decimal("0.00")
    surcharge_paid: Decimal = Decimal("0.00")
    surcharge: Decimal = Decimal("0.00")  # owed on it: fixed once the principal is paid, else as of the day
    frozen: bool = False
    settled_on: dt.date | None = None

    @property
    def paid(self) -> Decimal:
        return self.principal_paid + self.surcharge_paid

    @property
    def owed(self) -> Decimal:
        return max(Decimal("0.00"), self.amount + self.surcharge - self.paid)


@dataclass
class Settlement:
    instalments: list[InstalmentState]
    paid: Decimal
    surcharge: Decimal
    outstanding: Decimal
    excess: Decimal
    settled_on: dt.date | None
    # per payment (in the order given): how much of it was excess
    excess_by_payment: list[Decimal] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        return self.settled_on is not None


def settle(
    *,
    schedule: Sequence[tuple[dt.date, Decimal]],
    payments: Sequence[tuple[dt.date, Decimal]],
    periods: Iterable[tuple[dt.date, dt.date | None]] = (),
    as_of: dt.date,
) -> Settlement:
    """Apply ``payments`` (date, amount; in the order received) to ``schedule`` (due date, amount — one
    entry, or the instalments approved under 第六十六条) and say what is paid, owed and in excess.

    Each instalment owes its amount plus the late surcharge on it: 3% of the instalment per day from the day
    after its own date until the day the instalment itself is paid, capped at the instalment (so all
    together never more than the fine), without the days a remedy was pending (《行政处罚法》第七十二条,
    第七十三条; the surcharge is :func:`sunshine.cases.rules.late_surcharge`). A payment goes to the
    earliest instalment, its amount first and then its surcharge (which stops growing once the amount is
    paid). What is still owed is counted as of ``as_of``; what is paid beyond the last instalment and its
    surcharge is excess (an over-payment to refund).
    """
    periods = list(periods)
    states = [InstalmentState(due=due, amount=money(amount)) for due, amount in sorted(schedule)]
    excess_by_payment = []
    index = 0

    def surcharge_on(item: InstalmentState, day: dt.date) -> Decimal:
        return late_surcharge(
            fine=item.amount,
            due=item.due,
            paid_on=day,
            suspended_days=suspended_days(due=item.due, on=day, periods=periods),
        )

    for day, amount in payments:
        left = money(amount)
        while left > 0 and index < len(states):
            item = states[index]
            take = min(left, item.amount - item.principal_paid)
            item.principal_paid += take
            left -= take
            if item.principal_paid < item.amount:
                break
            if not item.frozen:
                item.surcharge = surcharge_on(item, day)
                item.frozen = True
            take = min(left, item.surcharge - item.surcharge_paid)
            item.surcharge_paid += take
            left -= take
            if item.surcharge_paid < item.surcharge:
                break
            item.settled_on = day
            index += 1
        excess_by_payment.append(left)
    for item in states[index:]:
        if not item.frozen:
            item.surcharge = surcharge_on(item, max(as_of, item.due))
    paid = sum((item.paid for item in states), Decimal("0.00"))
    surcharge = sum((item.surcharge for item in states), Decimal("0.00"))
    outstanding = sum((item.owed for item in states), Decimal("0.00"))
    settled_on = states[-1].settled_on if states and all(s.settled_on for s in states) else None
    return Settlement(
        instalments=states,
        paid=paid,
        surcharge=surcharge,
        outstanding=outstanding,
        excess=sum(excess_by_payment, Decimal("0.00")),
        settled_on=settled_on,
        excess_by_payment=excess_by_payment,
    )


# --- deferral and instalments ----------------------------------------------------------------

DEFERRAL = "deferral"
INSTALMENTS = "instalments"


def check_arrangement(
    *,
    kind: str,
    fine: Decimal,
    schedule: Sequence[tuple[dt.date, Decimal]],
    requested_on: dt.date,
    current_due: dt.date,
    reason: str,
    already_paid: bool,
) -> None:
    """A party in real economic difficulty may pay later (暂缓) or in instalments (分期), on the party's
    request and with the agency's approval (《行政处罚法》第六十六条):

    - the request states the difficulty (``reason``) and the fine is not already paid;
    - a deferral is one later date; instalments are two or more dates, strictly increasing;
    - every date is after the current due date (otherwise nothing is deferred) and the amounts are positive
      and add up exactly to the fine (the surcharge is never deferred away).
    """
    if already_paid:
        raise RuleViolation(
            "arrangement_already_paid", _("The fine is already paid: there is nothing to defer."), CIT_66
        )
    if not (reason or "").strip():
        raise RuleViolation(
            "arrangement_reason_missing",
            _("State the party's economic difficulty: deferral and instalments need it."),
            CIT_66,
            field="reason",
        )
    dates = [due for due, _amount in schedule]
    if kind == DEFERRAL and len(schedule) != 1:
        raise RuleViolation(
            "deferral_one_date", _("A deferral has exactly one new due date."), CIT_66, field="schedule"
        )
    if kind == INSTALMENTS and len(schedule) < 2:
        raise RuleViolation(
            "instalments_too_few", _("Instalments need at least two dates."), CIT_66, field="schedule"
        )
    if kind not in (DEFERRAL, INSTALMENTS):
        raise RuleViolation("arrangement_kind", _("Unknown kind of arrangement."), CIT_66, field="kind")
    if any(b <= a for a, b in pairwise(dates)):
        raise RuleViolation(
            "instalment_dates_order",
            _("The instalment dates must be different and in order."),
            CIT_66,
            field="schedule",
        )
    if dates[0] <= max(current_due, requested_on):
        raise RuleViolation(
            "arrangement_not_later",
            _("Every new date must be after the current due date %(due)s.")
            % {"due": max(current_due, requested_on).isoformat()},
            CIT_66,
            field="schedule",
        )
    amounts = [money(amount) for _due, amount in schedule]
    if any(amount <= 0 for amount in amounts):
        raise RuleViolation(
            "instalment_amount", _("Every instalment needs a positive amount."), CIT_66, field="schedule"
        )
    if sum(amounts, Decimal("0.00")) != money(fine):
        raise RuleViolation(
            "instalments_sum",
            _("The amounts add up to ¥%(sum)s, not to the fine of ¥%(fine)s.")
            % {"sum": sum(amounts, Decimal("0.00")), "fine": money(fine)},
            CIT_66,
            field="schedule",
        )


def check_arrangement_decider(*, decider_id: int, recorder_id: int, is_leader: bool) -> None:
    """Deferral and instalments are approved by the agency (《行政处罚法》第六十六条): a bureau leader, never
    the person who recorded the request."""
    if not is_leader:
        raise RuleViolation(
            "arrangement_not_leader", _("Only a bureau leader approves deferral or instalments."), CIT_66
        )
    if decider_id == recorder_id:
        raise RuleViolation(
            "arrangement_self_approval",
            _("The person who recorded the request cannot also decide on it."),
            CIT_66,
        )


# --- cash collected on the spot ---------------------------------------------------------------


def bank_deposit_period(received_on: dt.date):
    """The agency pays cash collected on the spot into the designated bank within 2 working days of
    receiving it (《行政处罚法》第七十一条, 第八十五条)."""
    from sunshine.workdays import calendar

    return calendar.compute(received_on, BANK_DEPOSIT_WORKING_DAYS, "working", citation=CIT_71)


def is_late(*, due: dt.date | None, done_on: dt.date | None, today: dt.date) -> bool:
    """A period is missed when it was done after its last day, or is not done and its last day has passed:
    done on the last day is in time, the day after is late."""
    if due is None:
        return False
    return (done_on or today) > due


def check_cash_receipt(*, receipt_number: str, amount: Decimal) -> None:
    """Cash collected on the spot is acknowledged with the official receipt (专用票据) — a number and the
    amount (《行政处罚法》第七十条)."""
    if not (receipt_number or "").strip():
        raise RuleViolation(
            "cash_receipt_missing",
            _("Cash collected on the spot needs the number of the official receipt given to the party."),
            CIT_70,
            field="receipt_number",
        )
    if money(amount) <= 0:
        raise RuleViolation(
            "cash_amount_missing", _("The receipt needs the amount collected."), CIT_70, field="amount"
        )
