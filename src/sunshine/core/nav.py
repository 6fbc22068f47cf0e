"""The core's entries in the staff navigation: the staff home and the configuration site."""

from django.utils.translation import gettext_lazy as _

MENU = [
    {
        "label": _("My work"),
        "icon": "bi-house-door",
        "order": 0,
        "items": [(_("My work"), "core:work_home", "work.view")],
    },
    {
        "label": _("Configuration"),
        "icon": "bi-gear",
        "order": 900,
        "items": [(_("Configuration site"), "admin:index", ("config.manage", "accounts.manage"))],
    },
]
