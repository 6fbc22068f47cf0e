"""Entry on the public front page: verifying an enforcement document."""

from django.utils.translation import gettext_lazy as _

LINKS = [
    {
        "title": _("Verify a document"),
        "description": _(
            "Check with its code or QR code that a document is authentic and still in force, and its hash."
        ),
        "url": "documents_portal:verify_form",
        "icon": "bi-qr-code-scan",
        "order": 15,
    },
]
