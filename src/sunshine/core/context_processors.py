from django.conf import settings

from sunshine.accounts.roles import CAPABILITIES, has_capability

from .navigation import navigation


class _Capabilities:
    """``{% if can.org_view %}`` in templates: capability names with dots written as underscores."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name):
        capability = name.replace("_", ".", 1)
        if capability not in CAPABILITIES:
            raise AttributeError(name)
        return has_capability(self._user, capability)


def sunshine(request):
    user = getattr(request, "user", None)

    def nav_sections():
        # Called by the template only when it renders the staff navigation.
        return navigation(user, request.path)

    return {
        "bureau_name": settings.SUNSHINE["BUREAU_NAME"],
        "hotline": settings.SUNSHINE.get("HOTLINE", "12319"),
        "can": _Capabilities(user),
        "nav_sections": nav_sections,
    }
