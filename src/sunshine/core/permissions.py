"""Declaring what a view needs, in one way for web views and API views.

Every staff view is wrapped by :func:`capability_required` and every API view sets
``required_capability`` and uses :class:`HasCapability`. The capability is kept on the view, so
the permission-matrix test enumerates the URL map and derives the expected answer for each role
from :data:`sunshine.accounts.roles.CAPABILITIES`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from sunshine.accounts.roles import has_capability


def capability_required(capability: str):
    """Login required; then the capability, else 403 (the denial is audited by the 403 handler)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator


class HasCapability(BasePermission):
    """DRF permission: the view's ``required_capability`` (a string, or a dict by HTTP method)."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        needed = getattr(view, "required_capability", None)
        if isinstance(needed, dict):
            needed = needed.get(request.method, needed.get("*"))
        if needed is None:
            return False
        return has_capability(request.user, needed)
