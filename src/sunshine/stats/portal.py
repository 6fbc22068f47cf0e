"""The statistics entry on the public front page."""

from django.utils.translation import gettext_lazy as _

LINKS = [
    {
        "title": _("Enforcement statistics"),
        "description": _("The bureau's quarterly and annual enforcement figures, as tables, Excel and PDF."),
        "url": "stats_portal:index",
        "icon": "bi-bar-chart",
        "order": 40,
    },
]
