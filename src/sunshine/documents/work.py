"""Cards for the staff home: documents the user's cases may issue now (decisions not yet issued)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.accounts.roles import has_capability
from sunshine.cases.models import Decision

from . import selectors
from .models import Status


def cards(request) -> list[dict]:
    user = request.user
    if not has_capability(user, "documents.issue"):
        return []
    from sunshine.cases.selectors import case_queryset

    cases = case_queryset(user)
    issued = selectors.document_queryset(user).filter(
        status=Status.CURRENT, kind__in=["penalty_decision", "summary_decision", "no_penalty_decision"]
    )
    pending = (
        Decision.objects.filter(case__in=cases.values("pk"))
        .exclude(case_id__in=issued.values("case_id"))
        .count()
    )
    return [
        {
            "title": _("Decisions without an issued document"),
            "value": pending,
            "url": reverse("documents:document_list"),
            "note": _("Enforcement documents"),
            "variant": "warning" if pending else "secondary",
        }
    ]
