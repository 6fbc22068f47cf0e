"""Demo accounts' security set-up (runs after org/demo.py, which creates the users and their roles).

Every demo user whose role requires two-factor authentication gets a confirmed TOTP device with
one published key, :data:`DEMO_TOTP_KEY`, so the demo can be tried with any authenticator app
(or ``manage.py demo_totp <username>``). The demo password and this key are refused or useless in
production: the demo password is refused whenever DEBUG is off. Idempotent and deterministic.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityPolicy, User
from .roles import Role, needs_two_factor, user_roles
from .services import user_set_roles

# The published demo TOTP key (hex, 20 bytes). Base32 for authenticator apps: DEMO_TOTP_BASE32.
DEMO_TOTP_KEY = "53756e7368696e652044656d6f20324641206b65"
DEMO_TOTP_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
DEMO_DEVICE_NAME = "demo"

DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMIN),
    ("secadmin", Role.SECURITY_ADMIN),
    ("auditor", Role.AUDIT_ADMIN),
    ("leader", Role.LEADER),
    ("reviewer", Role.LEGAL_REVIEWER),
    ("squadleader", Role.SQUAD_LEADER),
    ("officer", Role.OFFICER),
    ("officer2", Role.OFFICER),
    ("auxiliary", Role.AUXILIARY),
    ("clerk", Role.INTAKE_CLERK),
    ("inspector", Role.INSPECTOR),
    ("finance", Role.FINANCE),
    ("supervisor", Role.SOCIAL_SUPERVISOR),
]


def ensure_demo_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice(user=user, name=DEMO_DEVICE_NAME)
    if device.key != DEMO_TOTP_KEY or not device.confirmed:
        device.key = DEMO_TOTP_KEY
        device.confirmed = True
        device.save()
    return device


def load(out) -> None:
    policy = SecurityPolicy.current()
    if policy.password_max_age_days == 0:
        # What the security administrator sets: passwords expire after 90 days.
        policy.password_max_age_days = 90
        policy.save(update_fields=["password_max_age_days", "updated_at"])
    users = {u.username: u for u in User.objects.filter(username__in=[name for name, _ in DEMO_USERS])}
    rows = []
    for username, role in DEMO_USERS:
        user = users.get(username)
        if user is None:
            continue
        if user.is_superuser or user.must_change_password:
            User.objects.filter(pk=user.pk).update(is_superuser=False, must_change_password=False)
            user.is_superuser = user.must_change_password = False
        # is_staff follows the roles (the system and security administrators enter /admin/).
        user_set_roles(actor=None, user=user, roles=user_roles(user) or {role})
        two_factor = needs_two_factor(user)
        if two_factor:
            ensure_demo_device(user)
        rows.append((username, role, two_factor))
    if not rows:
        out.write("accounts: no demo users yet (org demo not loaded)\n")
        return
    out.write(f"\nDemo logins (password {settings.DEMO_PASSWORD}, refused when DEBUG is off):\n")
    out.write(f"  {'username':<12} {'role':<18} two-factor\n")
    for username, role, two_factor in rows:
        out.write(f"  {username:<12} {role:<18} {'yes' if two_factor else '-'}\n")
    out.write(
        f"Two-factor users: add the demo key {DEMO_TOTP_BASE32} to an authenticator app, "
        "or run `manage.py demo_totp <username>` for the current code.\n"
    )
