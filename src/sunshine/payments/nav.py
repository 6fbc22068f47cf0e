"""Fine collection's section of the staff navigation: finance and leaders only."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Fine collection"),
    "icon": "bi-bank",
    "order": 75,
    "items": [
        (_("Payment notices"), "payments:index", "payments.view"),
        (_("Reconciliation"), "payments:reconciliation", "payments.view"),
        (_("Exceptions"), "payments:exceptions", "payments.view"),
        (_("Deferral and instalments"), "payments:arrangements", "payments.view"),
        (_("Cash collected on the spot"), "payments:cash", "payments.view"),
    ],
}
