"""The portal's front page, the staff home and the error pages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from sunshine.accounts.roles import Role, user_roles
from sunshine.audit.services import audit_append
from sunshine.org.models import Unit

from .navigation import navigation, portal_links, work_cards
from .permissions import capability_required


def portal_home(request):
    """The public front page: who the bureau is, how to reach it, and the public services."""
    bureau = Unit.objects.filter(kind=Unit.Kind.BUREAU, parent__isnull=True).order_by("path").first()
    squads = (
        Unit.objects.filter(kind=Unit.Kind.SQUAD).exclude(phone="").only("name", "phone", "address")
        if bureau
        else Unit.objects.none()
    )
    return render(
        request,
        "core/portal_home.html",
        {"bureau": bureau, "squads": list(squads[:12]), "links": portal_links()},
    )


portal_home.public = True


@capability_required("work.view")
def work_home(request):
    """The staff home: the user's own work from every app, and shortcuts to what they may open."""
    labels = dict(Role.choices)
    roles = [labels.get(role, role) for role in sorted(user_roles(request.user))]
    work = work_cards(request)
    shortcuts = [section for section in navigation(request.user, request.path) if section.key != "core"]
    return render(
        request,
        "core/work_home.html",
        {"roles": roles, "cards": work.cards, "failed": work.failed, "shortcuts": shortcuts},
    )


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
            "icon": "bi-shield-lock",
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
            "icon": "bi-signpost-split",
            "title": _("Not found"),
            "message": _("The page does not exist, or you may not see it."),
        },
        status=404,
    )


def server_error(request):
    """Rendered without the request context: the database or a context processor may be what failed."""
    template = loader.get_template("core/500.html")
    return HttpResponseServerError(template.render({"bureau_name": settings.SUNSHINE["BUREAU_NAME"]}))
