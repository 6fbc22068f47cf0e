"""Cards for the staff home: the user's open citizen requests and the overdue ones."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import selectors
from .models import OPEN_STATUSES


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "service.view"):
        return []
    counts = (
        selectors.visible_requests(user)
        .filter(status__in=OPEN_STATUSES, first_receiver=user)
        .aggregate(open=Count("id"), overdue=Count("id", filter=Q(due_at__lt=timezone.now())))
    )
    return [
        {
            "title": _("My open citizen requests"),
            "value": counts["open"],
            "url": reverse("service:board") + "?mine=1",
            "note": _("%(n)s past the time limit") % {"n": counts["overdue"]},
            "variant": "danger" if counts["overdue"] else "primary",
        }
    ]
