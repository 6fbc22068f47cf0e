"""The case page's evaluation card: the case-file review (if selected) and the party's evaluation link."""

from __future__ import annotations

from sunshine.accounts.roles import has_capability


def case_panel(request, case) -> dict | None:
    from .models import CaseFileReview, EvaluationInvite

    user = request.user
    can_link = has_capability(user, "evaluation.link")
    can_view = has_capability(user, "evaluation.view_reviews")
    if not (can_link or can_view):
        return None
    review = (
        CaseFileReview.objects.filter(case=case).only("id", "status", "score", "grade").first()
        if can_view
        else None
    )
    rated = EvaluationInvite.objects.filter(case=case, used_at__isnull=False).exists()
    return {
        "template": "evaluation/_case_panel.html",
        "order": 60,
        "review": review,
        "rated": rated,
        "can_link": can_link,
    }
