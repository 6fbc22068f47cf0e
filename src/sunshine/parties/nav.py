"""The parties app's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Street"),
    "icon": "bi-signpost-split",
    "order": 20,
    "items": [
        (_("Record a contact"), "parties:contact_record", "contacts.record"),
        (_("Field contacts"), "parties:contact_list", "parties.view"),
        (_("Parties"), "parties:party_list", "parties.view"),
        (_("Vending points"), "parties:point_list", "parties.view"),
        (_("Map"), "parties:map", "parties.view"),
        (_("721 summary"), "parties:summary", "parties.view"),
    ],
}
