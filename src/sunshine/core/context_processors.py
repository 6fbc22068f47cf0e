from django.conf import settings

from sunshine.accounts.roles import CAPABILITIES, has_capability


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
    return {
        "bureau_name": settings.SUNSHINE["BUREAU_NAME"],
        "can": _Capabilities(getattr(request, "user", None)),
    }
