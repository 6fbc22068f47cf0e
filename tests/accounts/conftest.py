"""Helpers for the accounts tests.

The shared factories give every user the published demo password, which the login refuses while
DEBUG is off (as in the tests). Tests that log in through the login page therefore give their user
a password of their own with :func:`set_password`, or turn DEBUG on explicitly.
"""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP

PASSWORD = "Kx7#mPq2vLz"  # meets the policy; not the demo password


def set_password(user, password: str = PASSWORD):
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def login(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def officer(make_user):
    return set_password(make_user("officer"))


@pytest.fixture
def leader(make_user):
    return set_password(make_user("leader"))


@pytest.fixture
def secadmin(make_user):
    from sunshine.accounts.services import user_set_roles

    user = set_password(make_user("security_admin"))
    user_set_roles(actor=None, user=user, roles=["security_admin"])
    return user


@pytest.fixture
def verified_client(client):
    """A client logged in as the user and past the two-factor step (an enrolled demo-style device)."""

    def make(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return make
