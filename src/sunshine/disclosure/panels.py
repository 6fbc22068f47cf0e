"""The decision's publication, shown on the case page to those who see the disclosure queue."""

from __future__ import annotations

from sunshine.accounts.roles import has_capability


def case_panel(request, case) -> dict | None:
    from .models import Publication

    if not has_capability(request.user, "disclosure.view"):
        return None
    pub = Publication.objects.filter(case_id_ref=case.pk).first()
    if pub is None:
        return None
    return {"template": "disclosure/_case_panel.html", "order": 60, "pub": pub}
