"""Enforcement documents' section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Enforcement documents"),
    "icon": "bi-file-earmark-text",
    "order": 35,
    "items": [
        (_("Documents"), "documents:document_list", "documents.view"),
        (_("Signatures, seals and bank"), "documents:manage", "documents.manage"),
    ],
}
