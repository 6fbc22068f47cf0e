"""Fixtures for the citizen-service tests."""

from __future__ import annotations

import pytest

from sunshine.workdays import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def clerk(make_user):
    return make_user("intake_clerk")


@pytest.fixture
def login(client):
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
