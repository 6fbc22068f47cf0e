"""Cards for the staff home: enforcement activities the user recorded that are not done yet (their
audio-visual material still to attach), and recordings from flagged devices in the user's cases."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from .models import Activity


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "evidence.add"):
        return []
    open_count = Activity.objects.filter(created_by=user, status=Activity.Status.OPEN).count()
    return [
        {
            "title": _("Activities still to complete"),
            "value": open_count,
            "url": reverse("evidence:index"),
            "note": _("Attach the audio-visual recordings, then mark them done"),
            "variant": "warning" if open_count else "secondary",
        }
    ]
