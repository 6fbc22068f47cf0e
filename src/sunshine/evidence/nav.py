"""Evidence's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Evidence"),
    "icon": "bi-camera-video",
    "order": 35,
    "items": [
        (_("Evidence and recordings"), "evidence:index", "evidence.view"),
    ],
}
