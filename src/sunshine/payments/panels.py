"""The fine's collection status on the case page: paid or not, by when — never amounts collected
(《行政处罚法》第七十四条); finance and leaders get a link to the notice."""

from __future__ import annotations

from sunshine.accounts.roles import has_capability


def case_panel(request, case) -> dict | None:
    from .selectors import case_payment_status

    if not (has_capability(request.user, "cases.view") or has_capability(request.user, "payments.view")):
        return None
    status = case_payment_status(user=request.user, case=case)
    if status is None:
        return None
    notice_id = None
    if has_capability(request.user, "payments.view"):
        from .models import PaymentNotice

        notice_id = PaymentNotice.objects.filter(case=case).values_list("pk", flat=True).first()
    return {
        "template": "payments/_case_panel.html",
        "order": 30,
        "status": status,
        "notice_id": notice_id,
        "can_request": has_capability(request.user, "payments.request")
        and status.get("status") in ("open", "partial")
        and not status.get("arrangement_pending"),
    }
