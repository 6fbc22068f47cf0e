"""Cards for the staff home: the officer's shift today or patrol under way; open conflict incidents for
leaders and squads, with those whose report to the government and superior department is overdue."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import rules, selectors
from .models import Incident


def cards(request) -> list[dict]:
    user = request.user
    out = []
    if has_capability(user, "patrols.log"):
        active = selectors.active_patrol(user)
        shifts = selectors.my_assignments(user).count()
        out.append(
            {
                "title": _("On patrol") if active else _("Shifts today"),
                "value": active.point_count if active else shifts,
                "url": reverse("patrols:patrol_detail", args=[active.pk])
                if active
                else reverse("patrols:index"),
                "note": _("track points recorded") if active else _("Grid patrols"),
                "variant": "success" if active else ("primary" if shifts else "secondary"),
            }
        )
    if has_capability(user, "incidents.view"):
        overdue_before = timezone.now() - timezone.timedelta(hours=rules.INCIDENT_INFORM_HOURS)
        counts = selectors.incidents(user).aggregate(
            open=Count("id", filter=Q(status=Incident.Status.OPEN)),
            late=Count(
                "id",
                filter=Q(status=Incident.Status.OPEN, reported_at__lt=overdue_before)
                & (Q(government_informed_at__isnull=True) | Q(superior_informed_at__isnull=True)),
            ),
        )
        if counts["open"] or has_capability(user, "incidents.manage"):
            out.append(
                {
                    "title": _("Conflict incidents being handled"),
                    "value": counts["open"],
                    "url": reverse("patrols:incident_list"),
                    "note": _("%(n)d not yet reported to the government and superior department in time")
                    % {"n": counts["late"]}
                    if counts["late"]
                    else _("Conflict incidents"),
                    "variant": "danger" if counts["late"] else ("warning" if counts["open"] else "secondary"),
                }
            )
    return out
