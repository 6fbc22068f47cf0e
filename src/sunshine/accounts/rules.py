"""The security baseline's rules (GB/T 22239-2019, level 3), as small pure functions.

Each rule cites the clause of GB/T 22239-2019 《信息安全技术 网络安全等级保护基本要求》 it implements;
a broken rule raises :class:`sunshine.core.errors.RuleViolation` with that citation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from .roles import ADMIN_ROLES, Role

CITE_IDENTIFICATION = _("GB/T 22239-2019 8.1.4.1 a)")
CITE_LOGIN_FAILURE = _("GB/T 22239-2019 8.1.4.1 b)")
CITE_TWO_FACTOR = _("GB/T 22239-2019 8.1.4.1 d)")
CITE_LEAST_PRIVILEGE = _("GB/T 22239-2019 8.1.4.2 d)")
CITE_REDUNDANT_ACCOUNTS = _("GB/T 22239-2019 8.1.4.2 c)")

# The lockout policy (enforced by django-axes, configured in settings to the same numbers).
LOCKOUT_FAILURES = 5
LOCKOUT_MINUTES = 15


def password_expired(
    *, changed_at: datetime, max_age_days: int, now: datetime, must_change: bool = False
) -> bool:
    """Whether a password must be changed before the user may do anything else.

    GB/T 22239-2019 8.1.4.1 a): authentication information "具有复杂度要求并定期更换" — the
    security administrator sets a maximum age (90 days is the usual figure; 0 turns expiry off).
    A password set at ``changed_at`` may be used while ``now < changed_at + max_age_days``; from
    that instant on it has expired. A reset by the security administrator (``must_change``)
    expires it at once.
    """
    if must_change:
        return True
    if not max_age_days:
        return False
    return now >= changed_at + timedelta(days=max_age_days)


def check_role_separation(roles: Iterable[str]) -> None:
    """The three administrators (三员) are kept apart and hold nothing else.

    GB/T 22239-2019 8.1.4.2 d): "应授予管理用户所需的最小权限，实现管理用户的权限分离" — a
    system, security or audit administrator account holds exactly that one role; combining two
    administrator roles, or an administrator role with a business role, is refused.
    """
    roles = set(roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise RuleViolation(
            "unknown_role",
            _("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))},
            CITE_LEAST_PRIVILEGE,
            field="roles",
        )
    admin = roles & ADMIN_ROLES
    if admin and len(roles) > 1:
        raise RuleViolation(
            "admin_role_not_separate",
            _(
                "An administrator role (system, security or audit) must be the account's only role:"
                " the three administrators are kept apart."
            ),
            CITE_LEAST_PRIVILEGE,
            field="roles",
        )


def check_not_self(*, actor, user) -> None:
    """The security administrator may not disable, re-role or reset their own account.

    GB/T 22239-2019 8.1.4.2 d) (separation of administrative duties): an administrator cannot
    widen, narrow or bypass their own privileges; another security administrator must do it.
    """
    if actor is not None and getattr(actor, "pk", None) == user.pk:
        raise RuleViolation(
            "self_administration",
            _(
                "You cannot change the roles, status, password or two-factor settings of your own"
                " account here; ask another security administrator."
            ),
            CITE_LEAST_PRIVILEGE,
        )


def check_two_factor_removable(*, required: bool) -> None:
    """Two-factor authentication cannot be switched off by a user who must use it.

    GB/T 22239-2019 8.1.4.1 d): administrators (and, by the bureau's policy, leaders) log in with
    two kinds of authentication, one of them cryptographic (the TOTP code). Only the security
    administrator can reset a lost authenticator.
    """
    if required:
        raise RuleViolation(
            "two_factor_required",
            _("Your role requires two-factor authentication, so it cannot be switched off."),
            CITE_TWO_FACTOR,
        )
