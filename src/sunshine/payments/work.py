"""Cards for the staff home: finance's open exceptions and late cash; a leader's requests to decide."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from .models import Arrangement, BankPayment, CashReceipt
from .selectors import overdue_q


def cards(request) -> list[dict]:
    user = request.user
    result = []
    if has_capability(user, "payments.reconcile"):
        open_ = BankPayment.objects.filter(result__in=BankPayment.EXCEPTIONS, resolution="").count()
        late = CashReceipt.objects.filter(overdue_q(timezone.localdate())).count()
        result += [
            {
                "title": _("Bank payments needing attention"),
                "value": open_,
                "url": reverse("payments:exceptions"),
                "note": _("Fine collection"),
                "variant": "warning" if open_ else "secondary",
            },
            {
                "title": _("Cash hand-ins late or overdue"),
                "value": late,
                "url": reverse("payments:cash") + "?state=overdue",
                "note": _("《行政处罚法》第七十一条"),
                "variant": "danger" if late else "secondary",
            },
        ]
    if has_capability(user, "payments.approve"):
        pending = Arrangement.objects.filter(status=Arrangement.Status.PENDING).count()
        result.append(
            {
                "title": _("Deferral requests to decide"),
                "value": pending,
                "url": reverse("payments:arrangements"),
                "note": _("《行政处罚法》第六十六条"),
                "variant": "warning" if pending else "secondary",
            }
        )
    return result
