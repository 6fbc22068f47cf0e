"""Cards on the staff home: the security administrator's queue, and each user's own security state."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User
from .roles import has_capability
from .selectors import locked_usernames, password_expires_at, policy_for, two_factor_required


def cards(request) -> list[dict]:
    user = request.user
    result = []
    policy = policy_for(request)
    expires = password_expires_at(user, policy)
    if expires is not None:
        result.append(
            {
                "title": _("Password expires"),
                "value": expires.date().isoformat(),
                "url": reverse("accounts:password_change"),
                "note": _("Change it before then."),
                "variant": "secondary",
            }
        )
    if not two_factor_required(user, policy) and not user.is_verified():
        result.append(
            {
                "title": _("Two-factor authentication"),
                "value": _("Off"),
                "url": reverse("accounts:two_factor"),
                "note": _("Optional for your role, and recommended."),
                "variant": "info",
            }
        )
    if has_capability(user, "accounts.manage"):
        result.append(
            {
                "title": _("Locked accounts"),
                "value": len(locked_usernames()),
                "url": reverse("security:lockouts"),
                "note": _("Five wrong passwords lock an account for 15 minutes."),
                "variant": "danger",
            }
        )
        result.append(
            {
                "title": _("Disabled accounts"),
                "value": User.objects.filter(is_active=False).count(),
                "url": reverse("security:user_list") + "?status=disabled",
                "note": "",
                "variant": "dark",
            }
        )
    return result
