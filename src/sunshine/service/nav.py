"""Citizen service's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Citizen service"),
    "icon": "bi-telephone-inbound",
    "order": 40,
    "items": [
        (_("Register a request"), "service:register", "service.register"),
        (_("Request board"), "service:board", "service.view"),
        (_("Hot spots"), "service:hotspots", "service.view"),
        (_("Supervision items"), "service:supervision_list", "service.view"),
        (_("Vendor self-governance groups"), "service:vendor_groups", "service.view"),
        (_("Report as a supervisor"), "service:supervisor_home", "supervisors.report"),
        (_("Misconduct reports"), "service:misconduct_list", "misconduct.view"),
    ],
}
