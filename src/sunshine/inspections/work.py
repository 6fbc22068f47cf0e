"""Cards for the staff home: the officer's inspection tasks still to record."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import selectors


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "inspections.task"):
        return []
    pending = selectors.my_tasks(user).filter(result="").count()
    return [
        {
            "title": _("Inspection tasks to record"),
            "value": pending,
            "url": reverse("inspections:my_tasks"),
            "note": _("Double-random inspection"),
            "variant": "warning" if pending else "secondary",
        }
    ]
