"""The evidence panel on the case page: items, enforcement activities and their recording, upload forms."""

from __future__ import annotations

from sunshine.accounts.roles import has_capability


def case_panel(request, case) -> dict | None:
    if not has_capability(request.user, "evidence.view"):
        return None
    from . import selectors
    from .forms import ActivityForm, UploadForm

    items = list(selectors.item_list(user=request.user, case=case)[:100])
    activities = list(selectors.case_activities(case)[:50])
    can_add = has_capability(request.user, "evidence.add")
    return {
        "template": "evidence/_case_panel.html",
        "order": 20,
        "items": items,
        "activities": activities,
        "fewer_devices": [a for a in activities if a.fewer_devices],
        "flagged": [i for i in items if i.device_flag],
        "can_add": can_add,
        "upload_form": UploadForm(case=case, prefix="ev") if can_add else None,
        "activity_form": ActivityForm(case=case, prefix="act") if can_add else None,
    }
