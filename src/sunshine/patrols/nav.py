"""Patrols' section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Patrols"),
    "icon": "bi-signpost-split",
    "order": 25,
    "items": [
        (_("My patrol"), "patrols:index", "patrols.view"),
        (_("Shifts"), "patrols:assignment_list", "patrols.view"),
        (_("Grid coverage"), "patrols:coverage", "patrols.view"),
        (_("Conflict incidents"), "patrols:incident_list", "incidents.view"),
    ],
}
