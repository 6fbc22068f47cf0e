"""Authentication backend: the demo password is refused in production, and /admin/ permissions
follow the capabilities of :mod:`sunshine.accounts.roles` rather than Django's per-model permissions.

Which capability opens which part of /admin/ (GB/T 22239-2019 8.1.4.2 d), the three administrators):

- accounts, roles, two-factor devices, API tokens and lockout records → ``accounts.manage``
  (the security administrator);
- the audit log, sessions, content types and the admin's own log → nobody (the audit administrator
  reads the log in /work/audit/, read-only);
- every other app's configuration → ``config.manage`` (the system administrator).

Superusers get nothing extra (see :meth:`sunshine.accounts.models.User.has_perm`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .roles import has_capability

ACCOUNTS_APPS = frozenset({"auth", "accounts", "otp_totp", "otp_static", "django_otp", "axes", "authtoken"})
NOBODY_APPS = frozenset({"audit", "admin", "sessions", "contenttypes"})


def capability_for_app(app_label: str) -> str | None:
    if app_label in NOBODY_APPS:
        return None
    if app_label in ACCOUNTS_APPS:
        return "accounts.manage"
    return "config.manage"


class SunshineBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and password == settings.DEMO_PASSWORD and not settings.DEBUG:
            # The published demo password never opens an account outside a DEBUG demo. The
            # failure is reported (and audited) like any other, with this reason attached.
            if request is not None:
                request._sunshine_refusal = "demo_password"
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        capability = capability_for_app(perm.split(".", 1)[0])
        return capability is not None and has_capability(user_obj, capability)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active:
            return False
        capability = capability_for_app(app_label)
        return capability is not None and has_capability(user_obj, capability)
