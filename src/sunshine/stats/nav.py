"""Statistics' section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Statistics"),
    "icon": "bi-bar-chart-line",
    "order": 90,
    "items": [
        (_("Figures"), "stats:index", "stats.view"),
        (_("Dashboard"), "stats:dashboard", "stats.view"),
        (_("Quarterly and annual reports"), "stats:reports", "stats.view"),
    ],
}
