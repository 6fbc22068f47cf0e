"""The portal's front page, the staff home and the error pages."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from sunshine.accounts.roles import user_roles
from sunshine.audit.services import audit_append

from .permissions import capability_required


def portal_home(request):
    return render(request, "core/portal_home.html")


@capability_required("work.view")
def work_home(request):
    return render(request, "core/work_home.html", {"roles": sorted(user_roles(request.user))})


def permission_denied(request, exception=None):
    if request.user.is_authenticated:
        audit_append(
            actor=request.user,
            action="security.permission_denied",
            payload={"path": request.path, "method": request.method},
        )
    return render(
        request,
        "core/error.html",
        {
            "status": 403,
            "title": _("Permission denied"),
            "message": _("You do not have permission to open this page."),
        },
        status=403,
    )


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {
            "status": 404,
            "title": _("Not found"),
            "message": _("The page does not exist, or you may not see it."),
        },
        status=404,
    )


def server_error(request):
    return render(
        request,
        "core/error.html",
        {
            "status": 500,
            "title": _("Server error"),
            "message": _("Something went wrong on our side. The error has been logged."),
        },
        status=500,
    )
