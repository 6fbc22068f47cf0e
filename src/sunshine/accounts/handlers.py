"""Thin receivers that put authentication events into the audit log (GB/T 22239-2019 8.1.4.3).

Django and django-axes announce logins, logouts, failures and lockouts by signals wherever they
happen (the login page, the token endpoint, any other caller of ``authenticate``); each receiver
only appends one audit event. Passwords are never recorded — only the username attempted.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sunshine.audit.services import audit_append


def client_meta(request) -> dict:
    if request is None:
        return {}
    ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")
    return {
        "ip": ip,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        "path": request.path,
    }


@receiver(user_logged_in, dispatch_uid="sunshine_audit_login")
def audit_login(sender, request, user, **kwargs):
    audit_append(actor=user, action="accounts.login", obj=user, payload=client_meta(request))


@receiver(user_logged_out, dispatch_uid="sunshine_audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_append(actor=user, action="accounts.logout", obj=user, payload=client_meta(request))


@receiver(user_login_failed, dispatch_uid="sunshine_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    reason = getattr(request, "_sunshine_refusal", None) or (
        "locked_out" if getattr(request, "axes_locked_out", False) else "invalid_credentials"
    )
    audit_append(
        actor=None,
        action="accounts.login_failed",
        payload={
            "username": str(credentials.get("username", ""))[:150],
            "reason": reason,
            **client_meta(request),
        },
    )


@receiver(user_locked_out, dispatch_uid="sunshine_audit_lockout")
def audit_lockout(sender, request, username, ip_address, **kwargs):
    audit_append(
        actor=None,
        action="accounts.lockout",
        payload={"username": str(username or "")[:150], **client_meta(request)},
    )
