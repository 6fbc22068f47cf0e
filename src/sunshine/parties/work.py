"""Cards on the staff home: the user's own contacts today and the vending points that are full."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from .ladder import local_start
from .models import FieldContact, VendingPoint
from .selectors import active_q


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "parties.view"):
        return []
    today = timezone.localdate()
    result = []
    if has_capability(user, "contacts.record"):
        mine = FieldContact.objects.filter(
            recorded_by=user,
            occurred_at__gte=local_start(today),
            occurred_at__lt=local_start(today + dt.timedelta(days=1)),
        ).aggregate(total=Count("pk"), open=Count("pk", filter=Q(outcome=FieldContact.Outcome.NOT_COMPLIED)))
        result.append(
            {
                "title": _("My contacts today"),
                "value": mine["total"],
                "url": f"{reverse('parties:contact_list')}?mine=on&date_from={today.isoformat()}",
                "note": _("%(count)d did not comply") % {"count": mine["open"]}
                if mine["open"]
                else _("Record a contact in the street"),
                "variant": "warning" if mine["open"] else "primary",
            }
        )
    full = (
        VendingPoint.objects.filter(active=True)
        .annotate(occupied=Count("assignments", filter=active_q(today, "assignments__")))
        .filter(occupied__gte=F("capacity"))
        .count()
    )
    result.append(
        {
            "title": _("Full vending points"),
            "value": full,
            "url": reverse("parties:point_list"),
            "note": _("No free stall left for guidance"),
            "variant": "danger" if full else "success",
        }
    )
    return result
