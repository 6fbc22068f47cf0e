"""Enforce the security policy on every staff request: two-factor where required, password age."""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .models import SecurityPolicy
from .roles import needs_two_factor

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/v1/auth/")
GUARDED_PREFIXES = ("/work/", "/admin/", "/api/")


def password_expired(user) -> bool:
    if user.must_change_password:
        return True
    max_age = SecurityPolicy.current().password_max_age_days
    if not max_age:
        return False
    changed = user.password_changed_at or user.date_joined
    return timezone.now() - changed > timedelta(days=max_age)


class SecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if (
            user is not None
            and user.is_authenticated
            and path.startswith(GUARDED_PREFIXES)
            and not path.startswith(EXEMPT_PREFIXES)
            and not getattr(request, "_sunshine_token_auth", False)
        ):
            policy_2fa = needs_two_factor(user) or SecurityPolicy.current().require_2fa_for_all
            if policy_2fa and not user.is_verified():
                return redirect(f"{reverse('accounts:two_factor')}?next={path}")
            if password_expired(user):
                return redirect(f"{reverse('accounts:password_change')}?next={path}")
        return self.get_response(request)
