"""The collection rules, each named with its article, both sides of every boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.core.errors import RuleViolation
from sunshine.payments import rules

D = dt.date
FINE = Decimal("1000.00")
DUE = D(2026, 3, 16)


def test_payment_code_check_digit_catches_typing_errors():
    """国务院令第235号第七条: the code the bank keys in identifies the notice; a typo is caught."""
    code = rules.make_payment_code(2026, 42)
    assert len(code) == 20 and code.startswith("2026") and rules.payment_code_valid(code)
    for position in range(19):
        for digit in "0123456789":
            if digit == code[position]:
                continue
            typo = code[:position] + digit + code[position + 1 :]
            assert not rules.payment_code_valid(typo), typo
    swapped = code[:5] + code[6] + code[5] + code[7:]
    assert swapped == code or not rules.payment_code_valid(swapped)
    with pytest.raises(RuleViolation) as exc:
        rules.check_payment_code("2026000000000000042")  # 19 digits
    assert "第七条" in str(exc.value.citation)


@pytest.mark.django_db  # the period rolls past holidays: it reads the working-day calendar
def test_payment_period_is_15_days_from_receipt():
    """第六十七条: 15 days from receiving the decision (the case rule, reused)."""
    assert rules.payment_period(D(2026, 3, 2)).due == D(2026, 3, 17)


def _settle(payments, schedule=None, periods=(), as_of=None):
    return rules.settle(
        schedule=schedule or [(DUE, FINE)], payments=payments, periods=periods, as_of=as_of or D(2026, 12, 31)
    )


def test_surcharge_day_zero_and_day_one():
    """第七十二条: paid on the due date → no surcharge; the day after → 3% of the fine."""
    on_time = _settle([(DUE, FINE)])
    assert on_time.settled and on_time.surcharge == 0 and on_time.excess == 0
    late = _settle([(DUE + dt.timedelta(days=1), FINE)])
    # the fine paid on day 1 stops the surcharge; the 3% of that day is still owed
    assert not late.settled and late.outstanding == Decimal("30.00") and late.surcharge == Decimal("30.00")
    paid = _settle([(DUE + dt.timedelta(days=1), Decimal("1030.00"))])
    assert paid.settled and paid.surcharge == Decimal("30.00") and paid.excess == 0


def test_surcharge_cap_reached():
    """第七十二条: never more than the fine: 33 days = 99%, 34 days would be 102% → capped at 100%."""
    day33 = _settle([], as_of=DUE + dt.timedelta(days=33))
    assert day33.surcharge == Decimal("990.00") and day33.outstanding == Decimal("1990.00")
    day34 = _settle([], as_of=DUE + dt.timedelta(days=34))
    assert day34.surcharge == FINE and day34.outstanding == Decimal("2000.00")
    assert _settle([], as_of=DUE + dt.timedelta(days=400)).surcharge == FINE


def test_surcharge_suspended_while_remedy_pending():
    """第七十三条: the days a reconsideration or lawsuit is pending do not count."""
    pending = [(DUE + dt.timedelta(days=2), None)]  # only day 1 runs
    assert _settle([], periods=pending, as_of=DUE + dt.timedelta(days=10)).surcharge == Decimal("30.00")
    decided = [(DUE + dt.timedelta(days=2), DUE + dt.timedelta(days=7))]
    # days 1, 2 … and from the decision day on run: 10 days minus 5 suspended
    assert _settle([], periods=decided, as_of=DUE + dt.timedelta(days=10)).surcharge == Decimal("150.00")
    before_due = [(DUE - dt.timedelta(days=10), DUE - dt.timedelta(days=1))]
    assert _settle([], periods=before_due, as_of=DUE + dt.timedelta(days=1)).surcharge == Decimal("30.00")


def test_suspended_days_boundaries():
    """第七十三条: only the overlap with the surcharge period; the filing day counts, the decision day not."""
    assert rules.suspended_days(due=DUE, on=DUE, periods=[(DUE, None)]) == 0
    assert rules.suspended_days(due=DUE, on=DUE + dt.timedelta(days=1), periods=[(DUE, None)]) == 1
    one = [(DUE + dt.timedelta(days=1), DUE + dt.timedelta(days=2))]
    assert rules.suspended_days(due=DUE, on=DUE + dt.timedelta(days=5), periods=one) == 1
    overlapping = [
        (DUE + dt.timedelta(days=1), None),
        (DUE + dt.timedelta(days=2), DUE + dt.timedelta(days=4)),
    ]
    assert rules.suspended_days(due=DUE, on=DUE + dt.timedelta(days=5), periods=overlapping) == 5


def test_partial_and_over_payment():
    """第七十二条: a part payment leaves the rest owed; paying more leaves an excess to refund."""
    part = _settle([(DUE, Decimal("400.00"))], as_of=DUE)
    assert not part.settled and part.outstanding == Decimal("600.00")
    over = _settle([(DUE, Decimal("400.00")), (DUE, Decimal("700.00"))])
    assert (
        over.settled and over.excess == Decimal("100.00") and over.excess_by_payment == [0, Decimal("100.00")]
    )


def test_instalments_each_run_their_own_surcharge():
    """第六十六条, 第七十二条: the surcharge runs from each instalment's own date on that instalment."""
    schedule = [(D(2026, 4, 1), Decimal("500.00")), (D(2026, 5, 1), Decimal("500.00"))]
    on_time = _settle([(D(2026, 4, 1), Decimal("500.00")), (D(2026, 5, 1), Decimal("500.00"))], schedule)
    assert on_time.settled and on_time.surcharge == 0
    second_late = _settle([(D(2026, 4, 1), Decimal("500.00"))], schedule, as_of=D(2026, 5, 3))
    assert second_late.surcharge == Decimal("30.00")  # 2 days × 3% × 500
    assert second_late.outstanding == Decimal("530.00")
    first_late = _settle([(D(2026, 4, 2), Decimal("515.00"))], schedule, as_of=D(2026, 4, 2))
    assert first_late.instalments[0].settled_on == D(2026, 4, 2) and first_late.surcharge == Decimal("15.00")


def _arr(**kw):
    data = {
        "kind": rules.INSTALMENTS,
        "fine": FINE,
        "schedule": [(D(2026, 4, 1), Decimal("500")), (D(2026, 5, 1), Decimal("500"))],
        "requested_on": D(2026, 3, 10),
        "current_due": DUE,
        "reason": "经营困难，无力一次缴清",
        "already_paid": False,
    }
    data.update(kw)
    return rules.check_arrangement(**data)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"reason": " "}, "arrangement_reason_missing"),
        ({"already_paid": True}, "arrangement_already_paid"),
        ({"schedule": [(D(2026, 4, 1), Decimal("1000"))]}, "instalments_too_few"),
        ({"kind": rules.DEFERRAL}, "deferral_one_date"),
        (
            {"schedule": [(D(2026, 5, 1), Decimal("500")), (D(2026, 4, 1), Decimal("500"))]},
            "instalment_dates_order",
        ),
        ({"schedule": [(DUE, Decimal("500")), (D(2026, 5, 1), Decimal("500"))]}, "arrangement_not_later"),
        (
            {"schedule": [(D(2026, 4, 1), Decimal("500")), (D(2026, 5, 1), Decimal("499.99"))]},
            "instalments_sum",
        ),
        (
            {"schedule": [(D(2026, 4, 1), Decimal("1000")), (D(2026, 5, 1), Decimal("0"))]},
            "instalment_amount",
        ),
    ],
)
def test_arrangement_refused(changes, code):
    """第六十六条: a stated difficulty, later dates, amounts adding up to the fine."""
    with pytest.raises(RuleViolation) as exc:
        _arr(**changes)
    assert exc.value.code == code and "第六十六条" in str(exc.value.citation)


def test_arrangement_allowed_at_the_boundaries():
    """第六十六条: the day after the due date is later; the amounts add up to the cent."""
    _arr(schedule=[(DUE + dt.timedelta(days=1), Decimal("500.01")), (D(2026, 5, 1), Decimal("499.99"))])
    _arr(kind=rules.DEFERRAL, schedule=[(DUE + dt.timedelta(days=1), FINE)])


def test_arrangement_decider():
    """第六十六条: approved by the agency's leader, not by whoever recorded the request."""
    rules.check_arrangement_decider(decider_id=2, recorder_id=1, is_leader=True)
    with pytest.raises(RuleViolation):
        rules.check_arrangement_decider(decider_id=1, recorder_id=1, is_leader=True)
    with pytest.raises(RuleViolation):
        rules.check_arrangement_decider(decider_id=2, recorder_id=1, is_leader=False)


@pytest.mark.django_db
def test_cash_handover_and_bank_deposit_in_working_days():
    """第七十一条, 第八十五条: 2 working days each; collected Thu 30 Sep 2026 → hand in by Fri 9 Oct (National
    Day holiday 1–7 Oct; Sat 10 Oct is a make-up workday, but 8 Oct is the first working day)."""
    from sunshine.workdays.services import calendar_seed_from_package

    calendar_seed_from_package()
    handover = rules.cash_handover_period(D(2026, 9, 30)).due
    assert handover == rules.bank_deposit_period(D(2026, 9, 30)).due
    assert handover > D(2026, 10, 7)
    assert rules.cash_handover_period(D(2026, 3, 2)).due == D(2026, 3, 4)  # Mon → Wed


def test_is_late_boundary():
    """第七十一条: done on the last day is in time; the day after is late; not done and past it is late."""
    due = D(2026, 3, 4)
    assert not rules.is_late(due=due, done_on=due, today=D(2026, 3, 10))
    assert rules.is_late(due=due, done_on=due + dt.timedelta(days=1), today=D(2026, 3, 10))
    assert not rules.is_late(due=due, done_on=None, today=due)
    assert rules.is_late(due=due, done_on=None, today=due + dt.timedelta(days=1))


def test_cash_receipt_needs_number_and_amount():
    """第七十条: the official receipt, with its number and the amount."""
    rules.check_cash_receipt(receipt_number="PJ-1", amount=Decimal("0.01"))
    with pytest.raises(RuleViolation):
        rules.check_cash_receipt(receipt_number=" ", amount=Decimal("50"))
    with pytest.raises(RuleViolation):
        rules.check_cash_receipt(receipt_number="PJ-1", amount=Decimal("0"))
