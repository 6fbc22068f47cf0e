"""Reads of fine collection. The payment pages are for finance and the bureau's leaders, who see every
notice (collection is the bureau's, not a squad's); an officer sees only whether a fine of a case they
may see is paid (:func:`case_payment_status`), never amounts collected per officer (《行政处罚法》第七十四条).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sunshine.accounts.roles import has_capability

from .models import Arrangement, BankPayment, CashReceipt, PaymentNotice, ReconciliationFile

NOTICE_FILTERS = ("status", "overdue", "q", "execution")


def _require_view(user) -> None:
    if not has_capability(user, "payments.view"):
        raise Http404


def notice_list(*, user, filters: dict | None = None) -> QuerySet[PaymentNotice]:
    """Notices, newest first; filters: ``status``, ``overdue=1`` (unpaid after the due date), ``q``
    (payment code, case or decision number, party), ``execution`` (``pending``)."""
    _require_view(user)
    filters = filters or {}
    qs = PaymentNotice.objects.select_related("case")
    status = filters.get("status")
    if status in PaymentNotice.Status.values:
        qs = qs.filter(status=status)
    if str(filters.get("overdue") or "") in ("1", "true"):
        qs = qs.filter(
            status__in=[PaymentNotice.Status.OPEN, PaymentNotice.Status.PARTIAL], due__lt=timezone.localdate()
        )
    if filters.get("execution") in PaymentNotice.ExecutionStatus.values and filters.get("execution"):
        qs = qs.filter(execution=filters["execution"])
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(code__startswith=q)
            | Q(case__number__contains=q)
            | Q(decision_number__contains=q)
            | Q(party_name__contains=q)
        )
    return qs.order_by("-issued_at", "-id")


def notice_get(*, user, pk: int) -> PaymentNotice:
    _require_view(user)
    notice = PaymentNotice.objects.select_related("case").filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def file_list(*, user) -> QuerySet[ReconciliationFile]:
    _require_view(user)
    return ReconciliationFile.objects.select_related("imported_by").order_by("-imported_at", "-id")


def file_get(*, user, pk: int) -> ReconciliationFile:
    _require_view(user)
    record = ReconciliationFile.objects.filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def exception_list(*, user, include_resolved: bool = False) -> QuerySet[BankPayment]:
    """Lines needing finance's attention: partial and over-payments, unknown codes, payments to a
    cancelled notice."""
    _require_view(user)
    qs = BankPayment.objects.filter(result__in=BankPayment.EXCEPTIONS).select_related("notice", "file")
    if not include_resolved:
        qs = qs.filter(resolution="")
    return qs.order_by("paid_on", "id")


def exception_get(*, user, pk: int) -> BankPayment:
    _require_view(user)
    payment = BankPayment.objects.filter(pk=pk, result__in=BankPayment.EXCEPTIONS).first()
    if payment is None:
        raise Http404
    return payment


def arrangement_list(*, user, status: str | None = None) -> QuerySet[Arrangement]:
    _require_view(user)
    qs = Arrangement.objects.select_related("notice__case", "recorded_by", "decided_by").prefetch_related(
        "instalments"
    )
    if status in Arrangement.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-requested_on", "-id")


def arrangement_get(*, user, pk: int) -> Arrangement:
    _require_view(user)
    arrangement = Arrangement.objects.select_related("notice__case").filter(pk=pk).first()
    if arrangement is None:
        raise Http404
    return arrangement


def cash_list(*, user, filters: dict | None = None) -> QuerySet[CashReceipt]:
    """Cash collected on the spot; ``state``: ``outstanding`` (not yet received by finance),
    ``overdue`` (hand-in or deposit late or overdue), ``undeposited``."""
    _require_view(user)
    filters = filters or {}
    today = timezone.localdate()
    qs = CashReceipt.objects.select_related("case")
    state = filters.get("state")
    if state == "outstanding":
        qs = qs.filter(received_on__isnull=True)
    elif state == "overdue":
        qs = qs.filter(overdue_q(today))
    elif state == "undeposited":
        qs = qs.filter(received_on__isnull=False, deposited_on__isnull=True)
    return qs.order_by("-collected_on", "-id")


def overdue_q(today: dt.date) -> Q:
    """Hand-in late or overdue (第七十一条: 2 working days), or the bank deposit late or overdue."""
    from django.db.models import F

    return (
        Q(handed_in_on__isnull=True, handover_due__lt=today)
        | Q(handed_in_on__gt=F("handover_due"))
        | Q(deposited_on__isnull=True, deposit_due__lt=today)
        | Q(deposited_on__gt=F("deposit_due"))
    )


def cash_get(*, user, pk: int) -> CashReceipt:
    _require_view(user)
    receipt = CashReceipt.objects.select_related("case").filter(pk=pk).first()
    if receipt is None:
        raise Http404
    return receipt


def case_payment_status(*, user, case) -> dict | None:
    """What anyone who may see the case learns about its fine: whether it is paid, the due date, whether
    it is overdue, and a pending deferral — no amounts received, no bank details (第七十四条)."""
    notice = PaymentNotice.objects.filter(case=case).first()
    receipts = list(CashReceipt.objects.filter(case=case))
    if notice is None and not receipts:
        return None
    today = timezone.localdate()
    result: dict = {"case": case.pk}
    if notice is not None:
        from .services import schedule_of

        schedule = schedule_of(notice)
        open_ = notice.status in (PaymentNotice.Status.OPEN, PaymentNotice.Status.PARTIAL)
        result.update(
            {
                "paid": notice.status == PaymentNotice.Status.PAID,
                "status": notice.status,
                "status_display": str(notice.get_status_display()),
                "due": max(d for d, _a in schedule),
                "next_due": min(d for d, _a in schedule),
                "overdue": open_ and any(d < today for d, _a in schedule),
                "paid_on": notice.paid_on,
                "execution": notice.execution,
                "execution_display": str(notice.get_execution_display()) if notice.execution else "",
                "arrangement_pending": notice.arrangements.filter(status=Arrangement.Status.PENDING).exists(),
                "arrangement_approved": len(schedule) > 1 or schedule[0][0] != notice.due,
            }
        )
    if receipts:
        from .rules import is_late

        result["cash"] = [
            {
                "receipt_number": r.receipt_number,
                "handover_due": r.handover_due,
                "handed_in_on": r.handed_in_on,
                "received": r.received_on is not None,
                "late": is_late(due=r.handover_due, done_on=r.handed_in_on, today=today),
            }
            for r in receipts
        ]
    return result
