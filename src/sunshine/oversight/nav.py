"""Oversight's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Oversight"),
    "icon": "bi-shield-check",
    "order": 70,
    "items": [
        (_("Overview"), "oversight:index", "oversight.view"),
        (_("Conduct checks"), "oversight:check_list", "oversight.view"),
        (_("Rectification tasks"), "oversight:finding_list", "oversight.view"),
        (_("Misconduct investigations"), "oversight:investigation_list", "misconduct.view"),
        (_("Accountability"), "oversight:action_list", "oversight.view"),
        (_("Enforcement faults"), "oversight:fault_list", "oversight.faults"),
        (_("Qualification"), "oversight:qualification", "oversight.qualification"),
        (_("Officer records"), "oversight:record_index", "oversight.view"),
    ],
}
