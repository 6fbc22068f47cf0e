"""Reads about accounts and the security policy."""

from __future__ import annotations

import datetime
from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.core.errors import PermissionDeniedError

from . import rules
from .models import SecurityPolicy, User
from .roles import has_capability, needs_two_factor


def policy_for(request_or_none=None) -> SecurityPolicy:
    """The security policy, read once per request (cached on the request when one is given)."""
    if request_or_none is not None:
        cached = getattr(request_or_none, "_sunshine_policy", None)
        if cached is None:
            cached = SecurityPolicy.current()
            request_or_none._sunshine_policy = cached
        return cached
    return SecurityPolicy.current()


def two_factor_required(user, policy: SecurityPolicy | None = None) -> bool:
    """Administrators and leaders always; everyone when the policy says so (GB/T 22239-2019 8.1.4.1 d))."""
    if needs_two_factor(user):
        return True
    policy = policy or SecurityPolicy.current()
    return policy.require_2fa_for_all


def password_must_change(user, policy: SecurityPolicy | None = None) -> bool:
    policy = policy or SecurityPolicy.current()
    return rules.password_expired(
        changed_at=user.password_changed_at or user.date_joined,
        max_age_days=policy.password_max_age_days,
        now=timezone.now(),
        must_change=user.must_change_password,
    )


def password_expires_at(user, policy: SecurityPolicy | None = None):
    policy = policy or SecurityPolicy.current()
    if not policy.password_max_age_days:
        return None
    return (user.password_changed_at or user.date_joined) + timedelta(days=policy.password_max_age_days)


def _require_manager(user) -> None:
    if not has_capability(user, "accounts.manage"):
        raise PermissionDeniedError()


def lockout_threshold():
    return timezone.now() - timedelta(minutes=rules.LOCKOUT_MINUTES)


def locked_usernames(usernames=None) -> set[str]:
    """Usernames locked now: at least five failures whose latest is under fifteen minutes old."""
    qs = AccessAttempt.objects.filter(attempt_time__gt=lockout_threshold())
    if usernames is not None:
        qs = qs.filter(username__in=list(usernames))
    rows = qs.values("username").annotate(failures=Sum("failures_since_start"))
    return {row["username"] for row in rows if row["failures"] >= rules.LOCKOUT_FAILURES}


def user_list(*, user, q: str = "", role: str = "", status: str = ""):
    """Accounts for the security administrator's list, roles prefetched (two queries)."""
    _require_manager(user)
    qs = User.objects.order_by("username").prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name"))
    )
    if q:
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(display_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    if role:
        qs = qs.filter(groups__name=role)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "disabled":
        qs = qs.filter(is_active=False)
    elif status == "locked":
        qs = qs.filter(username__in=locked_usernames())
    return qs


def user_get(*, user, pk: int) -> User:
    from django.shortcuts import get_object_or_404

    _require_manager(user)
    return get_object_or_404(User.objects.prefetch_related("groups"), pk=pk)


def user_has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def users_with_two_factor(users) -> set[int]:
    ids = [u.pk for u in users]
    return set(TOTPDevice.objects.filter(user_id__in=ids, confirmed=True).values_list("user_id", flat=True))


def lockout_list(*, user, limit: int = 50):
    """Accounts with recent failures (current attempt records) and the latest failures."""
    _require_manager(user)
    attempts = (
        AccessAttempt.objects.values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"), clients=Count("id"))
        .order_by("-last")[:limit]
    )
    threshold = lockout_threshold()
    rows = [
        {
            **row,
            "locked": row["failures"] >= rules.LOCKOUT_FAILURES and row["last"] > threshold,
            "unlocks_at": row["last"] + timedelta(minutes=rules.LOCKOUT_MINUTES),
        }
        for row in attempts
    ]
    failures = AccessFailureLog.objects.order_by("-attempt_time")[:limit]
    return rows, failures


def home_url(user) -> str:
    """Where a user lands after login: the staff home, or the workspace of their administrator role."""
    from django.urls import reverse

    if has_capability(user, "work.view"):
        return reverse("core:work_home")
    if has_capability(user, "accounts.manage"):
        return reverse("security:user_list")
    if has_capability(user, "audit.view"):
        return reverse("audit:event_list")
    if has_capability(user, "config.manage"):
        return reverse("admin:index")
    return reverse("core:work_home")


def token_expires_at(token) -> datetime.datetime:
    """When an API token stops working: ``settings.API_TOKEN_TTL_HOURS`` after it was issued."""
    return token.created + datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def token_expired(token, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)
