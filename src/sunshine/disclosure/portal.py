"""Entries on the public front page."""

from django.utils.translation import gettext_lazy as _

LINKS = [
    {
        "title": _("Penalty decisions"),
        "description": _("Every penalty decision, published within 7 working days, personal data masked."),
        "url": "disclosure_portal:decisions",
        "icon": "bi-file-earmark-text",
        "order": 10,
    },
    {
        "title": _("Enforcement disclosure"),
        "description": _(
            "Our units, officers and their certificates, powers, procedures and service guides."
        ),
        "url": "disclosure_portal:index",
        "icon": "bi-megaphone",
        "order": 11,
    },
    {
        "title": _("Find an officer"),
        "description": _("Check an officer's name, unit and enforcement certificate."),
        "url": "disclosure_portal:officers",
        "icon": "bi-person-badge",
        "order": 12,
    },
    {
        "title": _("Audit checkpoints"),
        "description": _("The signed daily checkpoints that show the enforcement record was not rewritten."),
        "url": "disclosure_portal:audit",
        "icon": "bi-shield-check",
        "order": 60,
    },
    {
        "title": _("Open data"),
        "description": _("Every public list as JSON and CSV."),
        "url": "disclosure_portal:data_index",
        "icon": "bi-download",
        "order": 70,
    },
]
