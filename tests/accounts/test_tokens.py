"""API tokens stop working API_TOKEN_TTL_HOURS after they are issued (settings.py; GB/T 22239-2019
8.1.4.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _issue(api_client, user):
    return api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )


def _age(token_key: str, hours: float) -> None:
    Token.objects.filter(key=token_key).update(created=timezone.now() - dt.timedelta(hours=hours))


def _me(api_client, key: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api_client.get("/api/v1/org/units/")


def test_the_token_response_says_when_it_expires(api_client, officer, settings):
    response = _issue(api_client, officer)
    assert response.status_code == 200
    expires = dt.datetime.fromisoformat(response.json()["expires_at"])
    expected = timezone.now() + dt.timedelta(hours=settings.API_TOKEN_TTL_HOURS)
    assert abs((expires - expected).total_seconds()) < 60


def test_a_token_works_until_its_lifetime_ends_and_not_after(api_client, officer, settings):
    settings.API_TOKEN_TTL_HOURS = 8
    key = _issue(api_client, officer).json()["token"]
    _age(key, 8 - 1 / 60)  # one minute left
    assert _me(api_client, key).status_code == 200
    _age(key, 8 + 1 / 60)  # one minute past
    response = _me(api_client, key)
    assert response.status_code in (401, 403)
    assert "expired" in response.json()["error"]["message"] or "过期" in response.json()["error"]["message"]
    assert not Token.objects.filter(key=key).exists()


def test_asking_again_gives_the_same_valid_token_and_a_new_one_after_expiry(api_client, officer):
    first = _issue(api_client, officer).json()["token"]
    assert _issue(api_client, officer).json()["token"] == first
    _age(first, 24 * 30)
    second = _issue(api_client, officer).json()["token"]
    assert second != first
    assert _me(api_client, second).status_code == 200
