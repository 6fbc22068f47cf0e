"""Cards for the staff home: the quarterly report to submit, reports to review, reports to publish."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability
from sunshine.org.selectors import user_staff

from . import rules
from .models import BureauReport, UnitReport


def cards(request) -> list[dict]:
    user = request.user
    out = []
    url = reverse("stats:reports")
    if has_capability(user, "stats.submit"):
        staff = user_staff(user)
        today = timezone.localdate()
        year, quarter = rules.quarter_of(today)
        opens, closes = rules.submission_window(year, quarter)
        if staff is not None and opens <= today <= closes:
            done = UnitReport.objects.filter(unit=staff.unit, year=year, quarter=quarter).exclude(
                status=UnitReport.Status.RETURNED
            )
            if not done.exists():
                out.append(
                    {
                        "title": _("Quarterly figures to submit"),
                        "value": f"{year}Q{quarter}",
                        "url": url,
                        "note": _("Due by %(day)s") % {"day": closes.isoformat()},
                        "variant": "warning",
                    }
                )
        if staff is not None:
            returned = UnitReport.objects.filter(unit=staff.unit, status=UnitReport.Status.RETURNED).count()
            if returned:
                out.append(
                    {
                        "title": _("Quarterly reports returned"),
                        "value": returned,
                        "url": url,
                        "note": _("Correct and resubmit"),
                        "variant": "danger",
                    }
                )
    if has_capability(user, "stats.review"):
        waiting = UnitReport.objects.filter(status=UnitReport.Status.SUBMITTED).count()
        out.append(
            {
                "title": _("Quarterly reports to review"),
                "value": waiting,
                "url": url,
                "note": _("Statistics"),
                "variant": "warning" if waiting else "secondary",
            }
        )
    if has_capability(user, "stats.publish"):
        waiting = BureauReport.objects.filter(status=BureauReport.Status.AGGREGATED).count()
        out.append(
            {
                "title": _("Statistics reports to publish"),
                "value": waiting,
                "url": url,
                "note": _("Statistics"),
                "variant": "warning" if waiting else "secondary",
            }
        )
    return out
