"""Cards for the staff home: case files to score (reviewers), ratings to follow up (inspectors)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import selectors


def cards(request) -> list[dict]:
    user = request.user
    out = []
    if has_capability(user, "evaluation.review"):
        pending = selectors.review_queue(user).count()
        out.append(
            {
                "title": _("Case files to score"),
                "value": pending,
                "url": reverse("evaluation:review_queue"),
                "note": _("Case-file review"),
                "variant": "warning" if pending else "secondary",
            }
        )
    if has_capability(user, "evaluation.follow_up"):
        waiting = selectors.follow_up_queue().count()
        out.append(
            {
                "title": _("Dissatisfied ratings to follow up"),
                "value": waiting,
                "url": reverse("evaluation:party_queue"),
                "note": _("Party evaluations"),
                "variant": "danger" if waiting else "secondary",
            }
        )
    return out
