"""Fixtures for the calendar tests: a fresh calendar cache around every test."""

from __future__ import annotations

import pytest

from sunshine.workdays import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The calendar is cached per process; each test's database changes are rolled back, so the
    cache is dropped before and after each test."""
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def sysadmin(make_user):
    return make_user("system_admin")


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as ``user``, past the two-factor step for the roles
    that need it (administrators, leaders)."""

    def make(user):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from sunshine.accounts.roles import needs_two_factor

        client.force_login(user)
        if needs_two_factor(user):
            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make
