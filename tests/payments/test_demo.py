"""The demo: notices from the cases demo, an overdue one with a surcharge, a partial payment, an imported
reconciliation file, a pending deferral; loaded twice without adding anything."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from sunshine.payments.models import Arrangement, BankPayment, PaymentNotice, ReconciliationFile


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent():
    from sunshine.payments import demo, services

    out = io.StringIO()
    call_command(
        "demo_data",
        "--only",
        "org",
        "accounts",
        "workdays",
        "catalog",
        "parties",
        "evidence",
        "cases",
        stdout=out,
    )
    demo.load(out)
    assert ReconciliationFile.objects.filter(name=demo.DEMO_FILE).count() == 1
    overdue = PaymentNotice.objects.get(case__source_ref="DEMO-HIST-1")
    settlement = services.settlement_of(overdue)
    assert overdue.status == "open" and settlement.surcharge > 0
    partial = PaymentNotice.objects.get(case__source_ref="DEMO-HIST-2")
    assert partial.status == "partial"
    assert BankPayment.objects.filter(result="unknown").count() == 1
    assert Arrangement.objects.filter(status="pending").count() == 1
    assert PaymentNotice.objects.filter(status="paid").count() >= 1
    counts = (PaymentNotice.objects.count(), BankPayment.objects.count(), Arrangement.objects.count())
    demo.load(out)
    assert (PaymentNotice.objects.count(), BankPayment.objects.count(), Arrangement.objects.count()) == counts
