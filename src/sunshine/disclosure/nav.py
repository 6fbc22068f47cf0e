"""Disclosure's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Public disclosure"),
    "icon": "bi-megaphone",
    "order": 80,
    "items": [
        (_("Decision publications"), "disclosure:list", "disclosure.view"),
        (_("Public portal"), "disclosure_portal:index", "disclosure.view"),
    ],
}
