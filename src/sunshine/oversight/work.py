"""Cards for the staff home: the officer's rectification tasks, the checker's answers to close, the
leader's actions to approve."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability

from . import selectors
from .models import AccountabilityAction, Finding


def cards(request) -> list[dict]:
    user = request.user
    out = []
    if has_capability(user, "oversight.respond"):
        me = selectors.viewer_staff(user)
        if me is not None:
            open_ = Finding.objects.filter(staff=me, status=Finding.Status.OPEN).count()
            out.append(
                {
                    "title": _("Problems to rectify"),
                    "value": open_,
                    "url": reverse("oversight:finding_list") + "?status=open",
                    "note": _("Conduct checks"),
                    "variant": "danger" if open_ else "secondary",
                }
            )
    if has_capability(user, "oversight.check"):
        answered = Finding.objects.filter(
            conduct_check__checked_by=user, status=Finding.Status.ANSWERED
        ).count()
        out.append(
            {
                "title": _("Rectifications to close"),
                "value": answered,
                "url": reverse("oversight:finding_list") + "?status=answered",
                "note": _("Conduct checks"),
                "variant": "warning" if answered else "secondary",
            }
        )
    if has_capability(user, "oversight.approve"):
        counts = AccountabilityAction.objects.aggregate(
            n=Count("id", filter=Q(status=AccountabilityAction.Status.PROPOSED) & ~Q(proposed_by=user))
        )
        out.append(
            {
                "title": _("Accountability actions to approve"),
                "value": counts["n"],
                "url": reverse("oversight:action_list") + "?status=proposed",
                "note": _("Oversight"),
                "variant": "warning" if counts["n"] else "secondary",
            }
        )
    return out
