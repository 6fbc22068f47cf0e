"""How fine collection follows the case (registered in :class:`~sunshine.payments.apps.PaymentsConfig`).

:func:`on_case_acted` runs inside the case's transaction (:data:`sunshine.cases.hooks.case_acted`), so a
notice or a cash receipt is created with the decision or not at all:

- ``decide_on_spot`` with a fine: a payment notice (paid at the bank within 15 days, 第六十七条), or, when
  the fine was collected on the spot, the cash receipt to track (第七十条, 第七十一条);
- ``serve_decision`` of a penalty decision with a fine: a payment notice, the 15 days running from service;
- ``execute``: cash collected on the spot (a general-procedure decision in a remote area) is tracked; a
  payment the handlers recorded is marked on the notice;
- ``hand_over_cash``: the officer's hand-in date on the cash receipts;
- ``remedy_outcome``: a revoked decision cancels its notice; a changed fine changes an unpaid notice.

:func:`check_case_action` refuses on-the-spot collection without a receipt number, or with one already
used (《行政处罚法》第七十条).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from . import rules

WATCHED = {"decide_on_spot", "serve_decision", "execute", "hand_over_cash", "remedy_outcome"}


def _date(value, default: dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return default


def check_case_action(*, case, action, data, actor) -> None:
    collecting = (action == "decide_on_spot" and data.get("collected_on_spot")) or (
        action == "execute" and data.get("kind") == "collected_on_spot"
    )
    if not collecting:
        return
    from .models import CashReceipt

    number = (data.get("receipt_number") or "").strip()
    if not number:
        raise RuleViolation(
            "cash_receipt_missing",
            _("Cash collected on the spot needs the number of the official receipt given to the party."),
            rules.CIT_70,
            field="receipt_number",
        )
    if CashReceipt.objects.filter(receipt_number=number).exists():
        raise RuleViolation(
            "cash_receipt_used",
            _("Receipt number %(number)s has already been used.") % {"number": number},
            rules.CIT_70,
            field="receipt_number",
        )


def on_case_acted(sender, *, case, action, actor, data, **kwargs) -> None:
    if action not in WATCHED:
        return
    from sunshine.cases.models import Decision, Execution, Service

    from . import services
    from .models import PaymentNotice

    if action in ("decide_on_spot", "serve_decision"):
        decision = Decision.objects.filter(case=case).first()
        if decision is None or decision.kind != Decision.Kind.PENALTY or decision.fine <= 0:
            return
        collected = case.executions.filter(kind=Execution.Kind.COLLECTED_ON_SPOT).first()
        if action == "decide_on_spot" and collected is not None:
            services.cash_receipt_record(
                case=case,
                receipt_number=collected.receipt_number,
                amount=collected.amount,
                collected_on=collected.on,
                actor=actor,
            )
            return
        if action == "serve_decision":
            service = Service.objects.filter(pk=data.get("service")).first()
            served_on = service.served_on if service else decision.decided_on
        else:
            served_on = decision.decided_on
        services.notice_issue(case=case, served_on=served_on, actor=actor)
    elif action == "execute":
        if data.get("kind") == Execution.Kind.COLLECTED_ON_SPOT:
            collected = case.executions.filter(kind=Execution.Kind.COLLECTED_ON_SPOT).order_by("-id").first()
            if collected is not None:
                services.cash_receipt_record(
                    case=case,
                    receipt_number=collected.receipt_number,
                    amount=collected.amount,
                    collected_on=collected.on,
                    actor=actor,
                )
        elif data.get("kind") == Execution.Kind.PAID:
            PaymentNotice.objects.filter(case=case).update(
                execution=PaymentNotice.ExecutionStatus.RECORDED, execution_note=""
            )
    elif action == "hand_over_cash":
        services.cash_handed_in(case=case, on=_date(data.get("on"), timezone.localdate()))
    elif action == "remedy_outcome":
        notice = PaymentNotice.objects.filter(case=case).first()
        if notice is None:
            return
        outcome = data.get("outcome")
        if outcome == Decision.RemedyOutcome.REVOKED:
            services.notice_cancel(notice=notice, actor=actor, reason=str(_("The decision was revoked.")))
        elif outcome == Decision.RemedyOutcome.CHANGED:
            services.notice_fine_change(notice=notice, actor=actor)
