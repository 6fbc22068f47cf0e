"""Evaluation's section of the staff navigation."""

from django.utils.translation import gettext_lazy as _

MENU = {
    "label": _("Evaluation"),
    "icon": "bi-clipboard-check",
    "order": 75,
    "items": [
        (_("Unit rankings"), "evaluation:rankings", "evaluation.view"),
        (_("Case-file review queue"), "evaluation:review_queue", "evaluation.review"),
        (_("Sampling case files"), "evaluation:draws", "evaluation.manage"),
        (_("Scoring rubric"), "evaluation:rubric_list", "evaluation.view_reviews"),
        (_("My scores"), "evaluation:mine", "evaluation.own"),
        (_("Dissatisfied ratings"), "evaluation:party_queue", "evaluation.follow_up"),
    ],
}
