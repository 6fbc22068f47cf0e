"""Helpers for the organisation's tests."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.accounts.roles import needs_two_factor


@pytest.fixture
def login():
    """login(client, user): force_login, and pass two-factor for the roles that need it."""

    def do(client, user):
        client.force_login(user)
        if needs_two_factor(user):
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            request = HttpRequest()
            request.user = user
            request.session = SessionStore(session_key=client.cookies["sessionid"].value)
            otp_login(request, device)
            request.session.save()
        return client

    return do
