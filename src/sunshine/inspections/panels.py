"""The inspection behind a case, shown on the case page (the link from the case back to its task)."""

from __future__ import annotations

from sunshine.accounts.roles import has_capability


def case_panel(request, case) -> dict | None:
    from .models import Task

    if not has_capability(request.user, "inspections.view"):
        return None
    task = Task.objects.filter(case=case).select_related("draw__plan", "target").first()
    if task is None:
        return None
    return {"template": "inspections/_case_panel.html", "order": 40, "task": task}
