"""Idle timeout and cutting a disabled account's sessions and tokens.

GB/T 22239-2019 8.1.4.1 b) (connection timeout) and 8.1.4.2 c) (disabling accounts).
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from sunshine.accounts.services import user_set_active

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


def later(minutes):
    real_now = timezone.now()
    return mock.patch("django.utils.timezone.now", return_value=real_now + timedelta(minutes=minutes))


def test_session_cookie_age_is_30_minutes_renewed_on_every_request(client, officer, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    login(client, officer.username)
    assert client.get("/work/").status_code == 200
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60


def test_session_survives_29_idle_minutes(client, officer):
    login(client, officer.username)
    with later(29):
        assert client.get("/work/").status_code == 200


def test_session_ends_after_31_idle_minutes(client, officer):
    login(client, officer.username)
    with later(31):
        response = client.get("/work/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_activity_renews_the_idle_clock(client, officer):
    login(client, officer.username)
    with later(20):
        assert client.get("/work/").status_code == 200
    with later(45):  # 25 minutes after the last request
        assert client.get("/work/").status_code == 200


def test_disabling_an_account_cuts_its_sessions_and_token_at_once(client, api_client, officer, secadmin):
    login(client, officer.username)
    assert client.get("/work/").status_code == 200
    token = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD}, format="json"
    ).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").status_code == 200

    user_set_active(actor=secadmin, user=officer, active=False)

    assert client.get("/work/").status_code == 302
    assert api_client.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(user=officer).exists()


def test_a_disabled_account_is_refused_even_if_its_session_row_survived(client, officer):
    from sunshine.accounts.models import User

    client.force_login(officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)  # e.g. disabled in the database
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_old_token_of_a_disabled_account_is_refused(api_client, officer):
    from sunshine.accounts.models import User

    token = Token.objects.create(user=officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_token_stops_when_the_password_must_be_changed(api_client, officer):
    from sunshine.accounts.models import User

    token = Token.objects.create(user=officer)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api_client.get("/api/v1/me/").status_code == 200
    User.objects.filter(pk=officer.pk).update(must_change_password=True)
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "密码" in response.json()["error"]["message"]


def test_token_requests_are_recognised_by_header_in_any_case(api_client, leader):
    """A two-factor user's token (code checked at issue) is not held by the session's two-factor step."""
    token = Token.objects.create(user=leader)
    api_client.credentials(HTTP_AUTHORIZATION=f"token {token.key}")
    assert api_client.get("/api/v1/me/").status_code == 200


def test_changing_the_password_deletes_the_token(officer):
    from sunshine.accounts.services import user_set_password

    Token.objects.create(user=officer)
    user_set_password(actor=officer, user=officer, password="Another#Pass9")
    assert not Token.objects.filter(user=officer).exists()
