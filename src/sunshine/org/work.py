"""Cards for the staff home: my enforcement certificate and my training hours this year."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import rules, selectors
from .models import Staff

EXPIRY_WARNING_DAYS = 90


def cards(request) -> list[dict]:
    """At most two cards for an officer (three queries); none for people without a staff record."""
    user = request.user
    staff = selectors.user_staff(user)
    if staff is None or staff.kind != Staff.Kind.OFFICER:
        return []
    today = selectors.today()
    can_open = has_capability(user, "org.view")
    detail = reverse("org:staff_detail", args=[staff.pk]) if can_open else ""
    certificate = rules.certificate_for(staff, on=today)
    problems = rules.qualification_problems(staff, on=today)
    if certificate is None:
        card = {
            "title": _("My enforcement certificate"),
            "value": _("Not valid"),
            "note": str(problems[0]) if problems else "",
            "variant": "danger",
        }
    else:
        days_left = (certificate.expires_on - today).days
        card = {
            "title": _("My enforcement certificate"),
            "value": certificate.expires_on.isoformat(),
            "note": _("%(number)s, valid until this day (%(days)d days left)")
            % {"number": certificate.number, "days": days_left},
            "variant": "warning" if days_left <= EXPIRY_WARNING_DAYS or problems else "success",
        }
        if problems:
            card["note"] = str(problems[0])
    card["url"] = detail
    hours = rules.training_hours(staff, today.year)
    met = rules.training_commitment_met(hours)
    training_url = (
        reverse("org:staff_training", args=[staff.pk]) if has_capability(user, "org.view_training") else ""
    )
    return [
        card,
        {
            "title": _("My training hours in %(year)d") % {"year": today.year},
            "value": f"{hours:.1f} / {rules.TRAINING_HOURS_REQUIRED}",
            "url": training_url,
            "note": _("Commitment met")
            if met
            else _("Commitment not met yet") + f"（{rules.CITE_TRAINING}）",
            "variant": "success" if met else ("warning" if today < dt.date(today.year, 12, 1) else "danger"),
        },
    ]
