"""Objects for the permission matrix.

The payment pages are the bureau's finance section's and its leaders' (the finance role belongs to no
squad): notices, files, exception lines, arrangements and cash receipts are therefore UNSCOPED — every role
holding ``payments.view`` sees them all, and everyone else gets 403 (《行政处罚法》第七十四条: an officer
never reaches them). The case-scoped URLs (the officer's deferral request, a case's payment status) take a
case of the requesting squad ("own") or of the other squad ("other") and are scoped like the case itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from sunshine.cases.models import CaseParty, Decision
from sunshine.payments import services
from sunshine.payments.models import Arrangement, BankPayment, CashReceipt, Instalment, ReconciliationFile
from tests.factories import CaseFactory, PartyFactory


def _case(ctx):
    case = CaseFactory(unit=ctx.unit, handler=ctx.user, state="served")
    CaseParty.objects.create(case=case, party=PartyFactory())
    Decision.objects.create(
        case=case,
        kind="penalty",
        document_number=f"矩阵罚决字{case.pk}",
        penalty_kinds=["fine"],
        fine=Decimal("500.00"),
        decided_on=timezone.localdate(),
        approved_by=ctx.user,
        remedies_text="可在六十日内申请行政复议",
    )
    return case


def _notice(ctx):
    return services.notice_issue(case=_case(ctx), served_on=timezone.localdate(), actor=ctx.user)


def notice(ctx):
    return {"pk": _notice(ctx).pk}


def _file(ctx):
    return ReconciliationFile.objects.create(
        name=f"matrix-{ctx.which}.csv",
        sha256=f"{ctx.which}-{ReconciliationFile.objects.count()}".ljust(64, "0"),
        source="upload",
        imported_by=ctx.user,
        lines=1,
        summary={"counts": {"unknown": 1}},
    )


def reconciliation(ctx):
    return {"pk": _file(ctx).pk}


def exception(ctx):
    line = BankPayment.objects.create(
        file=_file(ctx),
        line_no=2,
        transaction_id=f"MX-{ctx.which}-{BankPayment.objects.count()}",
        code="20260000000000000000",
        amount=Decimal("10.00"),
        paid_on=timezone.localdate(),
        result=BankPayment.Result.UNKNOWN,
    )
    return {"pk": line.pk}


def arrangement(ctx):
    item = _notice(ctx)
    record = Arrangement.objects.create(
        notice=item, kind="deferral", reason="困难", requested_on=timezone.localdate(), recorded_by=ctx.user
    )
    Instalment.objects.create(
        arrangement=record, seq=1, due=item.due + dt.timedelta(days=30), amount=item.fine
    )
    return {"pk": record.pk}


def cash(ctx):
    receipt = CashReceipt.objects.create(
        case=_case(ctx),
        receipt_number=f"MX-PJ-{ctx.which}-{CashReceipt.objects.count()}",
        amount=Decimal("50.00"),
        party_name="当事人",
        collected_on=timezone.localdate(),
        handover_due=timezone.localdate() + dt.timedelta(days=2),
    )
    return {"pk": receipt.pk}


def case(ctx):
    return {"case_pk": _notice(ctx).case_id}


OBJECTS = {
    "payments:notice_detail": notice,
    "payments:notice_print": notice,
    "payments-api-notice": notice,
    "payments:file_detail": reconciliation,
    "payments-api-reconciliation": reconciliation,
    "payments:exception_resolve": exception,
    "payments-api-exception-resolve": exception,
    "payments:arrangement_decide": arrangement,
    "payments-api-arrangement-decide": arrangement,
    "payments:cash_confirm": cash,
    "payments:cash_deposit": cash,
    "payments:cash_receipt": cash,
    "payments-api-cash-confirm": cash,
    "payments-api-cash-deposit": cash,
    "payments:arrangement_request": case,
    "payments-api-case": case,
    "payments-api-case-arrangement": case,
}
UNSCOPED = {
    name
    for name in OBJECTS
    if name not in ("payments:arrangement_request", "payments-api-case", "payments-api-case-arrangement")
}
