"""Cards for the staff home: decisions awaiting publication (legal reviewers decide hold-backs before the
deadline) and overdue ones."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import selectors


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "disclosure.review"):
        return []
    counts = selectors.queue_counts(user=user)
    return [
        {
            "title": _("Decisions awaiting publication"),
            "value": counts["pending"],
            "url": reverse("disclosure:list") + "?status=pending",
            "note": _("%(overdue)s past the 7-working-day deadline") % {"overdue": counts["overdue"]},
            "variant": "danger" if counts["overdue"] else ("warning" if counts["pending"] else "secondary"),
        }
    ]
