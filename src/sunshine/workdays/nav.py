"""The calendar's entry in the staff navigation (see docs/conventions.md)."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Calendar"),
    "icon": "bi-calendar3",
    "order": 80,
    "items": [
        (_("Working-day calendar"), "workdays:calendar", "calendar.view"),
        (_("My deadlines"), "workdays:board_mine", "deadlines.view"),
        (_("Squad deadlines"), "workdays:board_unit", "deadlines.view"),
        (_("Calendar years"), "workdays:year_list", "calendar.manage"),
    ],
}
