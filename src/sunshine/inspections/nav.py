"""Double-random inspection's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Double-random inspection"),
    "icon": "bi-shuffle",
    "order": 60,
    "items": [
        (_("Plans and statistics"), "inspections:index", "inspections.view"),
        (_("Target directory"), "inspections:directory", "inspections.view"),
        (_("Inspector pool"), "inspections:inspector_pool", "inspections.view"),
        (_("My inspection tasks"), "inspections:my_tasks", "inspections.task"),
    ],
}
