"""Cards on the staff home: the user's own cases needing action, and their overdue case deadlines."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from .selectors import my_cases_needing_action


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "cases.view"):
        return []
    waiting = my_cases_needing_action(user).count()
    return [
        {
            "title": _("My cases needing action"),
            "value": waiting,
            "url": reverse("cases:case_list_mine"),
            "note": _("Cases you handle, or waiting for your approval, review or decision."),
            "variant": "warning" if waiting else "success",
        }
    ]
