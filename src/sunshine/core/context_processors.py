from django.conf import settings
from django.urls import reverse

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

    cache = []

    def nav_sections():
        # Computed when a template first asks for it (the staff navigation), then reused.
        if not cache:
            cache.append(navigation(user, request.path))
        return cache[0]

    def home_url():
        """Where the brand link leads: the staff home, or the first page the user may open."""
        if user is not None and user.is_authenticated:
            if has_capability(user, "work.view"):
                return reverse("core:work_home")
            sections = nav_sections()
            if sections:
                return sections[0].items[0].url
        return reverse("core:portal_home")

    return {
        "bureau_name": settings.SUNSHINE["BUREAU_NAME"],
        "hotline": settings.SUNSHINE.get("HOTLINE", "12319"),
        "can": _Capabilities(user),
        "nav_sections": nav_sections,
        "home_url": home_url,
    }
