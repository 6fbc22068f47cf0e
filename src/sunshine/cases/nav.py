from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Cases"),
    "icon": "bi-folder2-open",
    "order": 30,
    "items": [
        (_("Case list"), "cases:case_list", "cases.view"),
        (_("My cases"), "cases:case_list_mine", "cases.view"),
        (_("Register a case"), "cases:case_new", "cases.create"),
        (_("Decide on the spot"), "cases:case_new_summary", "cases.create"),
        (_("Opened before the ladder reached “penalise”"), "cases:case_list_early", "cases.view"),
        (_("Deadline board"), "workdays:board_mine", "deadlines.view"),
    ],
}
