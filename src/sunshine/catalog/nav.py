from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Power list"),
    "icon": "bi-journal-text",
    "order": 20,
    "items": [
        (_("Power list"), "catalog:matter_list", "catalog.view"),
        (_("Review catalog"), "catalog:review_catalog", "catalog.view"),
        (_("Regional settings"), "catalog:settings", "catalog.view"),
        (_("Edit regional settings"), "catalog:settings_edit", "config.manage"),
    ],
}
