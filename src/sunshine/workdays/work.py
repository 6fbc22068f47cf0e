"""Cards for the staff home: the user's own deadlines, overdue and due soon (one query)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from .selectors import deadline_counts


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "deadlines.view"):
        return []
    counts = deadline_counts(user)
    url = reverse("workdays:board_mine")
    return [
        {
            "title": _("My deadlines overdue"),
            "value": counts["overdue"],
            "url": url,
            "note": _("%(open)s open in all") % {"open": counts["open"]},
            "variant": "danger" if counts["overdue"] else "success",
        },
        {
            "title": _("My deadlines due soon"),
            "value": counts["due_soon"],
            "url": url,
            "note": _("within %(days)s working days") % {"days": _due_soon_days()},
            "variant": "warning" if counts["due_soon"] else "secondary",
        },
    ]


def _due_soon_days() -> int:
    from .calendar import policy

    return policy().due_soon_working_days
