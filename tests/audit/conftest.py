"""Fixtures of the audit tests: a throwaway signing key, a settable clock, tampering helpers."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpRequest
from django.utils import translation
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (msgids); the platform's default language is Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    """Each test signs with its own key file, never the developer's var/ key."""
    path = tmp_path / "audit_ed25519.pem"
    settings.SUNSHINE = {**settings.SUNSHINE, "AUDIT_SIGNING_KEY_FILE": path}
    return path


class Clock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def set(self, *args) -> None:
        """clock.set(2026, 3, 1, 10, 0): a wall-clock time in Asia/Shanghai."""
        self.now = dt.datetime(*args, tzinfo=SHANGHAI)

    def __call__(self) -> dt.datetime:
        return self.now.astimezone(dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    """Freeze django.utils.timezone.now (settable); starts at 2026-03-01 10:00 Asia/Shanghai."""
    the_clock = Clock(dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI))
    monkeypatch.setattr("django.utils.timezone.now", the_clock)
    return the_clock


def raw(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class Attacker:
    """Someone with direct database access: lifts the append-only triggers, changes rows with raw
    SQL, and puts the triggers back so that nothing looks touched."""

    def __enter__(self):
        if connection.vendor == "sqlite":
            for table in ("audit_event", "audit_checkpoint"):
                for verb in ("update", "delete"):
                    raw(f"DROP TRIGGER {table}_no_{verb}")
        else:
            raw("ALTER TABLE audit_event DISABLE TRIGGER USER")
            raw("ALTER TABLE audit_checkpoint DISABLE TRIGGER USER")
        return self

    def sql(self, sql: str, params=None):
        raw(sql, params)

    def __exit__(self, *exc):
        if connection.vendor == "sqlite":
            from importlib import import_module

            migration = import_module("sunshine.audit.migrations.0003_append_only_triggers")
            for statement in migration.SQLITE_FORWARD:
                raw(statement)
        else:
            raw("ALTER TABLE audit_event ENABLE TRIGGER USER")
            raw("ALTER TABLE audit_checkpoint ENABLE TRIGGER USER")
        return False


@pytest.fixture
def attacker():
    return Attacker()


@pytest.fixture
def auditor_client(make_user):
    """A logged-in, two-factor-verified audit administrator."""
    user = make_user("audit_admin", username="auditor")
    client = APIClient()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    request = HttpRequest()
    request.user = user
    request.session = SessionStore(session_key=client.cookies["sessionid"].value)
    otp_login(request, device)
    request.session.save()
    client.user = user
    return client
