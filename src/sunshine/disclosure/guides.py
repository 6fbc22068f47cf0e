"""Service guides for the public (seed 001: 服务指南 published with the power list): what a citizen or
business can do, how, within which time limit, and the rule that sets it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GUIDES = [
    {
        "key": "report",
        "title": _("Report a problem or make a complaint"),
        "how": _(
            "Call the hotline, come to the service window or submit the form online. Whoever first receives "
            "your request is responsible for it until it is handled or passed to the right department, and "
            "you always get a reply. Keep the tracking number to follow it online."
        ),
        "limit": _("Registered and answered within the time limits of the request type."),
        "citation": _("First-inquiry responsibility; 《信访工作条例》第二十二条"),
        "url": "service_portal:submit",
    },
    {
        "key": "statement",
        "title": _("State your case and defend yourself"),
        "how": _(
            "Before a penalty is decided you are told the facts, the grounds, the legal basis and the "
            "proposed penalty. You may state your case and defend yourself in writing or orally; the "
            "bureau must re-examine what you say and may not increase the penalty because you defended "
            "yourself."
        ),
        "limit": _("Within the period stated in the advance notice."),
        "citation": _("《行政处罚法》第四十四条, 第四十五条"),
        "url": "",
    },
    {
        "key": "hearing",
        "title": _("Ask for a hearing"),
        "how": _(
            "For a large fine, confiscation of a large value, suspension of business, revocation of a "
            "licence and other serious penalties you may ask for a hearing. It is free of charge and held in "
            "public unless secrets or privacy are involved."
        ),
        "limit": _("Within 5 working days of being told of the right to a hearing."),
        "citation": _("《行政处罚法》第六十三条, 第六十四条, 第八十五条"),
        "url": "",
    },
    {
        "key": "payment",
        "title": _("Pay a fine"),
        "how": _(
            "Fines are paid at the bank or by the online payment channel named on the decision, never to "
            "the officer, except for the small amounts the law allows to be collected on the spot against an "
            "official receipt."
        ),
        "limit": _("Within 15 days of receiving the decision; after that a surcharge of 3% a day is added."),
        "citation": _("《行政处罚法》第六十七条, 第六十八条, 第七十二条"),
        "url": "",
    },
    {
        "key": "reconsideration",
        "title": _("Apply for administrative reconsideration"),
        "how": _(
            "If you think a decision is unlawful or inappropriate, apply to the people's government at the "
            "same level. A decision changed or revoked is withdrawn from this portal with the reason."
        ),
        "limit": _("Within 60 days of learning of the decision."),
        "citation": _("《行政复议法》第二十条"),
        "url": "",
    },
    {
        "key": "litigation",
        "title": _("Bring an administrative lawsuit"),
        "how": _("You may sue in the people's court, directly or after reconsideration."),
        "limit": _("Within 6 months of learning of the decision; 15 days after a reconsideration decision."),
        "citation": _("《行政诉讼法》第四十五条, 第四十六条"),
        "url": "",
    },
    {
        "key": "verify",
        "title": _("Check that a document is genuine"),
        "how": _(
            "Enter the verification code printed on an enforcement document to see whether the bureau "
            "issued it."
        ),
        "limit": _("At any time."),
        "citation": _("国办发〔2018〕118号"),
        "url": "documents_portal:verify",
    },
]
