"""Fixtures for the payments tests: the cases team (tests/cases/conftest.py), a finance user, and helpers
that take a case to a served decision with a fine and import reconciliation files."""

from __future__ import annotations

import pytest

from sunshine.accounts.roles import Role
from tests.cases.conftest import act, create_case, team  # noqa: F401 (fixtures)
from tests.cases.test_summary import post, summary_payload, summary_version  # noqa: F401 (fixtures)
from tests.org.conftest import login  # noqa: F401 (fixture)


@pytest.fixture
def finance(make_user):
    return make_user(Role.FINANCE, username="finance1")


def make_served_case(t, *, fine="1000.00", served_on=None, unit=None):
    """A general-procedure case whose penalty decision with a fine was just served, built directly (the
    procedure before it is the cases app's, tested there), then the case's ``serve_decision`` hook sent
    exactly as ``case_act`` sends it."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from sunshine.cases import hooks, rules
    from sunshine.cases.models import CaseHandler, CaseParty, Decision, Service
    from tests.factories import CaseFactory

    today = timezone.localdate()
    served_on = served_on or today
    case = CaseFactory(
        unit=unit or t.bureau["squad1"],
        handler=t.officer1,
        state="served",
        matter_version=t.version,
        filed_on=served_on - dt.timedelta(days=20),
        decided_on=served_on,
    )
    CaseHandler.objects.create(case=case, staff=t.officer2.staff)
    CaseParty.objects.create(case=case, party=t.party)
    Decision.objects.create(
        case=case,
        kind="penalty",
        document_number=f"新城管罚决字〔2026〕{case.pk:05d}号",
        penalty_kinds=["fine"],
        fine=Decimal(fine),
        decided_on=served_on,
        approved_by=t.leader,
        remedies_text=rules.remedies_text(summary=False),
        payment_due=rules.payment_period(served_on).due,
    )
    service = Service.objects.create(case=case, method="direct", served_on=served_on, recipient=t.party.name)
    hooks.send_acted(
        case=case,
        action="serve_decision",
        actor=t.officer1,
        from_state="decided",
        to_state="served",
        data={"service": service.pk, "method": "direct"},
    )
    return case


@pytest.fixture
def served(team):  # noqa: F811
    """served(**kw) → the payment notice of a general-procedure case served with a fine of ¥1,000."""
    from sunshine.payments.models import PaymentNotice

    def do(**kw):
        return PaymentNotice.objects.get(case=make_served_case(team, **kw))

    return do


def csv_bytes(*lines: tuple) -> bytes:
    rows = ["transaction_id,payment_code,amount,paid_on,payer"]
    for line in lines:
        rows.append(",".join(str(v) for v in line))
    return ("\n".join(rows) + "\n").encode()


@pytest.fixture
def reconcile(finance):
    from sunshine.payments import services

    def do(*lines, name="bank.csv", actor=None):
        return services.reconciliation_import(
            actor=actor or finance, name=name, content=csv_bytes(*lines), source="upload"
        )

    return do
