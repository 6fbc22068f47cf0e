"""Hold every staff request until the security policy is met: two-factor, then the password.

Guarded paths are /work/, /admin/ and /api/. A logged-in user whose role (or the policy) requires
two-factor authentication, or who has enrolled an authenticator, is sent to the verification
step until verified; then a user whose password was reset or has expired is sent to the password
change page (GB/T 22239-2019 8.1.4.1 a) and d)). API requests get a JSON 403 instead of a redirect.

Token-authenticated API requests are never held: Django middleware runs before DRF authenticates,
so a request that carries ``Authorization: Token …`` is recognised by the header. DRF's token
authentication comes first in ``DEFAULT_AUTHENTICATION_CLASSES`` and rejects a bad token with 401
rather than falling back to the session, so the header cannot be used to skip verification; the
one-time code was checked when the token was issued.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import password_must_change, policy_for, two_factor_required

GUARDED_PREFIXES = ("/work/", "/admin/", "/api/")
EXEMPT_PREFIXES = ("/api/v1/auth/token/",)
ENROLLED_SESSION_KEY = "sunshine_2fa_enrolled"


def is_token_request(request) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return request.path.startswith("/api/") and header[:6].lower() == "token "


def needs_verification(request, user, policy) -> bool:
    if user.is_verified():
        return False
    return two_factor_required(user, policy) or bool(request.session.get(ENROLLED_SESSION_KEY))


class SecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(GUARDED_PREFIXES)
            and not path.startswith(EXEMPT_PREFIXES)
            and not is_token_request(request)
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                held = self._hold(request, user, path)
                if held is not None:
                    return held
        return self.get_response(request)

    def _hold(self, request, user, path):
        policy = policy_for(request)
        is_api = path.startswith("/api/")
        if needs_verification(request, user, policy):
            if is_api:
                return _api_error("two_factor_required", _("Complete two-factor verification first."))
            return redirect(
                f"{reverse('accounts:two_factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        if password_must_change(user, policy):
            if is_api:
                return _api_error("password_change_required", _("Change your password first."))
            return redirect(
                f"{reverse('accounts:password_change')}?{urlencode({'next': request.get_full_path()})}"
            )
        return None


def _api_error(code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=403)
