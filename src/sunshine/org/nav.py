"""The organisation's entry in the staff navigation (docs/conventions.md)."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Organisation"),
    "icon": "bi-diagram-3",
    "order": 90,
    "items": [
        (_("Units"), "org:unit_list", "org.view"),
        (_("Staff"), "org:staff_list", "org.view"),
        (_("Equipment"), "org:equipment_list", "org.view"),
        (_("Grids"), "org:grid_list", "org.view"),
    ],
}
