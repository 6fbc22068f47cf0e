"""罚缴分离: the bank collects the fine and the finance officer records it as the case's execution
(《行政处罚法》第六十七条); the surcharge period excludes only the days a remedy overlapped it
(第七十三条)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.cases import services
from sunshine.cases.models import Case, Execution, Remedy
from sunshine.core.errors import PermissionDeniedError, RuleViolation

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(make_user):
    return make_user(Role.FINANCE, username="finance1")


def test_finance_records_the_bank_payment_and_nothing_else(drive, team, finance):
    case = Case.objects.get(pk=drive("served"))
    with pytest.raises(PermissionDeniedError):
        services.case_act(case=case, action="close", actor=finance)
    services.case_act(
        case=case,
        action="record_bank_payment",
        actor=finance,
        data={"on": timezone.localdate().isoformat(), "amount": "1000.00", "receipt_number": "PAY-1"},
    )
    case.refresh_from_db()
    assert case.state == "executed"
    execution = Execution.objects.get(case=case)
    assert (execution.kind, execution.amount, execution.receipt_number) == (
        "paid",
        Decimal("1000.00"),
        "PAY-1",
    )


def test_an_officer_cannot_take_the_finance_action_and_a_short_payment_is_refused(drive, team, finance):
    case = Case.objects.get(pk=drive("served"))
    data = {"on": timezone.localdate().isoformat(), "amount": "999.99", "receipt_number": "PAY-2"}
    with pytest.raises(PermissionDeniedError):
        services.case_act(case=case, action="record_bank_payment", actor=team.officer1, data=data)
    with pytest.raises(RuleViolation) as exc:
        services.case_act(case=case, action="record_bank_payment", actor=finance, data=data)
    assert exc.value.code == "payment_short"


def test_the_notice_s_surcharge_is_used_when_given(drive, team, finance):
    """An approved deferral (第六十六条) moves the due date: the notice's surcharge is the one owed."""
    case = Case.objects.get(pk=drive("served"))
    case.decision.payment_due = timezone.localdate() - dt.timedelta(days=10)
    case.decision.save(update_fields=["payment_due"])
    data = {"on": timezone.localdate().isoformat(), "amount": "1000.00", "receipt_number": "PAY-3"}
    with pytest.raises(RuleViolation):  # 10 days late by the decision's own date: ¥300 owed
        services.case_act(case=case, action="record_bank_payment", actor=finance, data=data)
    services.case_act(
        case=case, action="record_bank_payment", actor=finance, data={**data, "surcharge": "0.00"}
    )
    assert Execution.objects.get(case=case).surcharge == Decimal("0.00")


def test_suspended_days_count_only_the_overlap_with_the_surcharge_period(drive, team):
    case = Case.objects.get(pk=drive("served"))
    due = dt.date(2026, 6, 15)
    # filed before the due date, decided 5 days after it: only 5 days suspend the surcharge
    Remedy.objects.create(
        case=case, kind="reconsideration", filed_on=dt.date(2026, 6, 1), decided_on=dt.date(2026, 6, 20)
    )
    assert services._suspended_days(case, due, dt.date(2026, 7, 1)) == 5
    # a remedy wholly before the due date suspends nothing
    Remedy.objects.all().delete()
    Remedy.objects.create(
        case=case, kind="reconsideration", filed_on=dt.date(2026, 5, 1), decided_on=dt.date(2026, 6, 10)
    )
    assert services._suspended_days(case, due, dt.date(2026, 7, 1)) == 0
