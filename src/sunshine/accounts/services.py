"""Every change to accounts, credentials and the security policy (audited, one transaction each).

The security administrator's actions (create, enable/disable, roles, password reset, unlock,
two-factor reset, policy) check ``accounts.manage``; ``actor=None`` means the system itself
(management commands, the demo loader). A user's own actions (password change, two-factor
enrolment and removal, token issue) act on ``user`` only.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError

from . import rules, selectors
from .models import SecurityPolicy, User
from .roles import ADMIN_ROLES, Role, has_capability
from .selectors import two_factor_required

# Administrators who work in /admin/ (the audit administrator reads the log in /work/audit/ only).
ADMIN_SITE_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})
BACKUP_CODE_COUNT = 10
DEVICE_NAME = gettext_lazy("Authenticator app")


def _require_manager(actor) -> None:
    if actor is not None and not has_capability(actor, "accounts.manage"):
        raise PermissionDeniedError()


def generate_password(length: int = 14) -> str:
    """A random temporary password that meets the password policy (all four classes)."""
    alphabet = string.ascii_letters + string.digits + "@#%+=?!"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _i in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(c in "@#%+=?!" for c in candidate)
        ):
            return candidate


def _revoke_sessions(user: User) -> int:
    """End the user's server-side sessions; returns how many were ended."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def _revoke_access(user: User) -> int:
    """End the user's sessions and delete their API token; returns the number of sessions ended."""
    Token.objects.filter(user=user).delete()
    return _revoke_sessions(user)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    roles: Iterable[str],
    display_name: str = "",
    email: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create an account with its roles and a one-time password it must change at first login.

    GB/T 22239-2019 8.1.4.1 a) (unique identity, password policy) and 8.1.4.2 d) (role separation).
    Returns the user and the temporary password (shown once to the security administrator).
    """
    _require_manager(actor)
    roles = set(roles)
    rules.check_role_separation(roles)
    temporary = password or generate_password()
    user = User(username=username, display_name=display_name, email=email)
    validate_password(temporary, user)
    user.full_clean(exclude=["password"])
    user.set_password(temporary)
    user.password_changed_at = timezone.now()
    user.must_change_password = True
    user.is_staff = bool(roles & ADMIN_SITE_ROLES)
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    audit_append(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        payload={"username": username, "roles": sorted(roles), "display_name": display_name},
    )
    return user, temporary


@transaction.atomic
def user_update_profile(*, actor, user: User, display_name: str, email: str = "") -> User:
    """Change an account's display name and e-mail (the security administrator's action)."""
    _require_manager(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    changes = {}
    if user.display_name != display_name:
        changes["display_name"] = [user.display_name, display_name]
    if user.email != email:
        changes["email"] = [user.email, email]
    if not changes:
        return user
    user.display_name, user.email = display_name, email
    user.full_clean(exclude=["password"])
    user.save(update_fields=["display_name", "email"])
    audit_append(actor=actor, action="accounts.user_update", obj=user, payload=changes)
    return user


@transaction.atomic
def user_set_roles(*, actor, user: User, roles: Iterable[str]) -> User:
    """Give an account exactly these roles; the admin-site flag follows the roles.

    GB/T 22239-2019 8.1.4.2 d): administrator roles stay separate; only the system and security
    administrators enter /admin/ (``is_staff``), never as superusers. No event when nothing changes.
    """
    _require_manager(actor)
    rules.check_not_self(actor=actor, user=user)
    roles = set(roles)
    rules.check_role_separation(roles)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = set(user.groups.values_list("name", flat=True))
    is_staff = bool(roles & ADMIN_SITE_ROLES)
    if before == roles and user.is_staff == is_staff and not user.is_superuser:
        return user
    user.groups.set(Group.objects.filter(name__in=roles))
    user.is_staff = is_staff
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_sunshine_roles", None)
    audit_append(
        actor=actor,
        action="accounts.user_set_roles",
        obj=user,
        payload={"before": sorted(before), "after": sorted(roles), "is_staff": is_staff},
    )
    if before & ADMIN_ROLES != roles & ADMIN_ROLES:
        # Privileges changed shape: make the account log in again under its new roles.
        _revoke_sessions(user)
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    """Enable or disable an account. Disabling ends its sessions and deletes its API token at once.

    GB/T 22239-2019 8.1.4.2 c): surplus or expired accounts are disabled promptly (accounts are
    never deleted: the audit log refers to them).
    """
    _require_manager(actor)
    rules.check_not_self(actor=actor, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    ended = 0 if active else _revoke_access(user)
    audit_append(
        actor=actor,
        action="accounts.user_enable" if active else "accounts.user_disable",
        obj=user,
        payload={"sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    """Set a user's own new password after the policy's checks; records when it changed.

    GB/T 22239-2019 8.1.4.1 a): at least 8 characters of three classes, not the username, not a
    common password (the validators in settings), and not the current password. Clears
    ``must_change_password`` and restarts the expiry clock.
    """
    if actor is not None and actor.pk != user.pk:
        raise PermissionDeniedError()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.check_password(password):
        raise ValidationError(
            _("The new password must differ from the current one."), code="password_unchanged"
        )
    validate_password(password, user)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    Token.objects.filter(user=user).delete()
    audit_append(actor=user, action="accounts.password_change", obj=user, payload={})
    return user


@transaction.atomic
def user_reset_password(*, actor, user: User) -> str:
    """Give an account a one-time password that must be changed at the next login.

    GB/T 22239-2019 8.1.4.1 a). Ends the account's sessions and token. Returns the password once.
    """
    _require_manager(actor)
    rules.check_not_self(actor=actor, user=user)
    user = User.objects.select_for_update().get(pk=user.pk)
    temporary = generate_password()
    user.set_password(temporary)
    user.password_changed_at = timezone.now()
    user.must_change_password = True
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    ended = _revoke_access(user)
    audit_append(actor=actor, action="accounts.password_reset", obj=user, payload={"sessions_ended": ended})
    return temporary


@transaction.atomic
def user_unlock(*, actor, username: str) -> int:
    """Clear the failed-login record of a locked account (GB/T 22239-2019 8.1.4.1 b))."""
    _require_manager(actor)
    cleared = axes_reset(username=username)
    audit_append(
        actor=actor,
        action="accounts.user_unlock",
        object_type="accounts.user",
        object_id=User.objects.filter(username=username).values_list("pk", flat=True).first() or "",
        payload={"username": username, "records_cleared": cleared},
    )
    return cleared


@transaction.atomic
def user_reset_two_factor(*, actor, user: User) -> int:
    """Remove an account's authenticators (a lost phone); a required user enrols again at next login."""
    _require_manager(actor)
    rules.check_not_self(actor=actor, user=user)
    removed = _delete_devices(user)
    _revoke_access(user)
    audit_append(actor=actor, action="accounts.two_factor_reset", obj=user, payload={"devices": removed})
    return removed


def _delete_devices(user: User) -> int:
    totp, _detail = TOTPDevice.objects.filter(user=user).delete()
    static, _detail = StaticDevice.objects.filter(user=user).delete()
    return totp + static


@transaction.atomic
def two_factor_enrol_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for the user to scan; it counts once confirmed by a code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=str(DEVICE_NAME), confirmed=False)


@transaction.atomic
def two_factor_enrol_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device when ``token`` is its current code; returns new backup codes, or None.

    GB/T 22239-2019 8.1.4.1 d): the second, cryptographic authentication factor.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit_append(actor=user, action="accounts.two_factor_enrol", obj=user, payload={"device": device.name})
    return codes


def _new_backup_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes (each works once)."""
    codes = _new_backup_codes(user)
    audit_append(actor=user, action="accounts.two_factor_backup_codes", obj=user, payload={})
    return codes


@transaction.atomic
def two_factor_remove(*, user: User) -> int:
    """Switch two-factor off for a user who may (GB/T 22239-2019 8.1.4.1 d))."""
    rules.check_two_factor_removable(required=two_factor_required(user))
    removed = _delete_devices(user)
    audit_append(actor=user, action="accounts.two_factor_remove", obj=user, payload={"devices": removed})
    return removed


@transaction.atomic
def security_policy_update(*, actor, password_max_age_days: int, require_2fa_for_all: bool) -> SecurityPolicy:
    """Set the password maximum age and whether everyone needs two-factor (GB/T 22239-2019 8.1.4.1)."""
    _require_manager(actor)
    policy = SecurityPolicy.current()
    policy = SecurityPolicy.objects.select_for_update().get(pk=policy.pk)
    before = {
        "password_max_age_days": policy.password_max_age_days,
        "require_2fa_for_all": policy.require_2fa_for_all,
    }
    policy.password_max_age_days = password_max_age_days
    policy.require_2fa_for_all = require_2fa_for_all
    policy.save()
    audit_append(
        actor=actor,
        action="accounts.policy_update",
        obj=policy,
        payload={
            "before": before,
            "after": {
                "password_max_age_days": password_max_age_days,
                "require_2fa_for_all": require_2fa_for_all,
            },
        },
    )
    return policy


@transaction.atomic
def token_issue(*, user: User, request_meta: dict | None = None) -> Token:
    """The user's API token: the current one while it is valid, a new one once it has expired
    (``settings.API_TOKEN_TTL_HOURS``); audited on every issue."""
    token = Token.objects.select_for_update().filter(user=user).first()
    created = False
    if token is not None and selectors.token_expired(token):
        token.delete()
        token = None
    if token is None:
        token, created = Token.objects.create(user=user), True
    audit_append(
        actor=user,
        action="accounts.token_issue",
        obj=user,
        payload={"created": created, "expires_at": selectors.token_expires_at(token), **(request_meta or {})},
    )
    return token
