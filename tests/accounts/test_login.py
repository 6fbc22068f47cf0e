"""Login, logout, the generic failure message, the demo password and the lockout.

GB/T 22239-2019 8.1.4.1 b): login-failure handling.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from sunshine.audit.models import Event

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db

GENERIC = "用户名或密码错误。"


def test_login_page_is_chinese_by_default_and_has_a_language_switch(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert 'name="language"' in body
    assert 'name="viewport"' in body
    assert 'autocomplete="current-password"' in body


def test_login_succeeds_and_is_audited(client, officer):
    response = login(client, officer.username)
    assert response.status_code == 302
    assert response["Location"] == "/work/"
    assert client.get("/work/").status_code == 200
    event = Event.objects.filter(action="accounts.login").get()
    assert event.actor_id == officer.pk


def test_failure_message_is_the_same_for_unknown_users_and_wrong_passwords(client, officer):
    unknown = login(client, "nobody-here", "Wrong#Pass1")
    wrong = login(client, officer.username, "Wrong#Pass1")
    assert unknown.status_code == wrong.status_code == 200
    assert GENERIC in unknown.content.decode()
    assert GENERIC in wrong.content.decode()
    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_disabled_account_gets_the_generic_message(client, officer):
    officer.is_active = False
    officer.save()
    response = login(client, officer.username)
    assert response.status_code == 200
    assert GENERIC in response.content.decode()


def test_failed_login_is_audited_with_the_username_never_the_password(client, officer):
    login(client, officer.username, "Wrong#Pass1")
    event = Event.objects.filter(action="accounts.login_failed").get()
    payload = event.payload
    assert payload["username"] == officer.username
    assert payload["reason"] == "invalid_credentials"
    assert "Wrong#Pass1" not in event.record


def test_demo_password_refused_when_debug_is_off(client, make_user, settings):
    user = make_user("officer")  # the factories give the demo password
    settings.DEBUG = False
    response = login(client, user.username, settings.DEMO_PASSWORD)
    assert response.status_code == 200
    assert GENERIC in response.content.decode()
    event = Event.objects.filter(action="accounts.login_failed").get()
    assert event.payload["reason"] == "demo_password"


def test_demo_password_accepted_in_a_debug_demo(client, make_user, settings):
    user = make_user("officer")
    with override_settings(DEBUG=True):
        response = login(client, user.username, settings.DEMO_PASSWORD)
    assert response.status_code == 302


def test_logout_is_post_only_and_audited(client, officer):
    login(client, officer.username)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert Event.objects.filter(action="accounts.logout", actor_id=officer.pk).exists()
    assert client.get("/work/").status_code == 302


def fail(client, username, times):
    for _ in range(times):
        response = login(client, username, "Wrong#Pass1")
    return response


def test_four_failures_do_not_lock(client, officer):
    """GB/T 22239-2019 8.1.4.1 b): the fifth failure locks, not the fourth."""
    response = fail(client, officer.username, 4)
    assert response.status_code == 200
    assert login(client, officer.username).status_code == 302


def test_five_failures_lock_the_account_for_15_minutes(client, officer):
    """GB/T 22239-2019 8.1.4.1 b): five wrong passwords lock the account; then even the right one fails."""
    response = fail(client, officer.username, 5)
    assert response.status_code == 429
    assert "15" in response.content.decode()
    response = login(client, officer.username)
    assert response.status_code == 429
    assert client.get("/work/").status_code == 302  # not logged in
    assert Event.objects.filter(action="accounts.lockout").exists()


def _age_attempts(username, minutes, seconds=0):
    for attempt in AccessAttempt.objects.filter(username=username):
        attempt.attempt_time -= timedelta(minutes=minutes, seconds=seconds)
        attempt.save(update_fields=["attempt_time"])


def test_lock_still_holds_just_before_15_minutes(client, officer):
    fail(client, officer.username, 5)
    _age_attempts(officer.username, 14, 50)
    assert login(client, officer.username).status_code == 429


def test_lock_ends_after_15_minutes(client, officer):
    fail(client, officer.username, 5)
    _age_attempts(officer.username, 15, 1)
    assert login(client, officer.username).status_code == 302


def test_unknown_usernames_lock_the_same_way(client):
    """A lockout tells nothing about whether the account exists."""
    assert fail(client, "nobody-here", 5).status_code == 429


def test_token_endpoint_locks_out_with_the_json_error_shape(api_client, officer):
    for _ in range(4):
        response = api_client.post(
            "/api/v1/auth/token/", {"username": officer.username, "password": "Wrong#Pass1"}, format="json"
        )
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"
    response = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": "Wrong#Pass1"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    response = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429


def test_login_next_is_kept_and_foreign_hosts_refused(client, officer):
    response = client.post(
        "/accounts/login/?next=/work/org/",
        {"username": officer.username, "password": PASSWORD, "next": "/work/org/"},
    )
    assert response["Location"] == "/work/org/"
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/",
        {"username": officer.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/work/"
