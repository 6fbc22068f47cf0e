"""The audit log's entry in the staff navigation (docs/conventions.md): the audit administrator only."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Audit log"),
    "icon": "bi-shield-check",
    "order": 95,
    "items": [
        (_("Events"), "audit:event_list", "audit.view"),
        (_("Checkpoints"), "audit:checkpoint_list", "audit.view"),
    ],
}
