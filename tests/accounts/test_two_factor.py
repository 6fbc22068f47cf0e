"""Two-factor authentication: required for administrators and leaders, optional for others.

GB/T 22239-2019 8.1.4.1 d).
"""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.accounts.models import SecurityPolicy
from sunshine.audit.models import Event

from .conftest import PASSWORD, current_code, login

pytestmark = pytest.mark.django_db


def enrol(client):
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    assert page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/two-factor/", {"token": current_code(device)})
    assert response.status_code == 200
    return device, response.context["codes"]


def test_leader_is_held_until_enrolled_and_verified(client, leader):
    response = login(client, leader.username)
    assert response["Location"].startswith("/accounts/two-factor/")
    held = client.get("/work/")
    assert held.status_code == 302 and held["Location"].startswith("/accounts/two-factor/")
    assert client.get("/api/v1/me/").json()["error"]["code"] == "two_factor_required"
    device, backup = enrol(client)
    assert len(backup) == 10
    assert client.get("/work/").status_code == 200
    assert Event.objects.filter(action="accounts.two_factor_enrol", actor_id=leader.pk).exists()
    device.refresh_from_db()
    assert device.confirmed


def test_wrong_code_does_not_enrol(client, leader):
    login(client, leader.username)
    client.get("/accounts/two-factor/")
    response = client.post("/accounts/two-factor/", {"token": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not TOTPDevice.objects.filter(user=leader, confirmed=True).exists()
    assert client.get("/work/").status_code == 302


@pytest.mark.parametrize("role", ["system_admin", "security_admin", "audit_admin", "leader"])
def test_required_roles(client, make_user, role):
    from .conftest import set_password

    user = set_password(make_user(role))
    client.force_login(user)
    response = client.get("/work/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_optional_for_an_officer(client, officer):
    assert login(client, officer.username)["Location"] == "/work/"
    assert client.get("/work/").status_code == 200


def test_policy_can_require_it_for_everyone(client, officer):
    SecurityPolicy.objects.update_or_create(id=1, defaults={"require_2fa_for_all": True})
    client.force_login(officer)
    assert client.get("/work/")["Location"].startswith("/accounts/two-factor/")


def test_second_login_asks_for_the_code_then_accepts_a_backup_code_once(client, leader):
    login(client, leader.username)
    _device, backup = enrol(client)
    client.post("/accounts/logout/")
    response = login(client, leader.username)
    assert response["Location"].startswith("/accounts/two-factor/")
    page = client.get(response["Location"])
    assert "form" in page.context and "qr" not in page.context
    response = client.post("/accounts/two-factor/?next=/work/", {"token": backup[0]})
    assert response.status_code == 302 and response["Location"] == "/work/"
    assert client.get("/work/").status_code == 200
    assert not StaticToken.objects.filter(token=backup[0]).exists()
    client.post("/accounts/logout/")
    login(client, leader.username)
    response = client.post("/accounts/two-factor/", {"token": backup[0]})
    assert response.status_code == 200  # used up
    assert Event.objects.filter(action="accounts.two_factor_failed", actor_id=leader.pk).exists()


def test_officer_who_enrolled_is_asked_at_login_and_may_switch_it_off(client, officer):
    login(client, officer.username)
    client.get("/accounts/two-factor/")
    _device, backup = enrol(client)
    client.post("/accounts/logout/")
    assert login(client, officer.username)["Location"].startswith("/accounts/two-factor/")
    assert client.get("/work/").status_code == 302
    client.post("/accounts/two-factor/", {"token": backup[1]})
    response = client.post("/accounts/two-factor/disable/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert Event.objects.filter(action="accounts.two_factor_remove", actor_id=officer.pk).exists()
    assert client.get("/work/").status_code == 200


def test_leader_cannot_switch_it_off(client, leader):
    login(client, leader.username)
    enrol(client)
    response = client.post("/accounts/two-factor/disable/", follow=True)
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).exists()
    assert "8.1.4.1" in response.content.decode()


def test_admin_site_is_held_too(client, make_user):
    from sunshine.accounts.services import user_set_roles

    from .conftest import set_password

    user = set_password(make_user("system_admin"))
    user_set_roles(actor=None, user=user, roles=["system_admin"])
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")


def test_token_needs_the_code_for_two_factor_users(api_client, leader):
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    url = "/api/v1/auth/token/"
    response = api_client.post(url, {"username": leader.username, "password": PASSWORD}, format="json")
    assert response.status_code == 401 and response.json()["error"]["code"] == "otp_required"
    response = api_client.post(
        url, {"username": leader.username, "password": PASSWORD, "otp": "000000"}, format="json"
    )
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_credentials"
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    response = api_client.post(
        url, {"username": leader.username, "password": PASSWORD, "otp": current_code(device)}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    # A token request is never held by the two-factor step (the code was checked at issue).
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["username"] == leader.username


def test_token_for_an_officer_without_two_factor(api_client, officer):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": officer.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert Event.objects.filter(action="accounts.token_issue", actor_id=officer.pk).exists()


def test_token_endpoint_bad_input_uses_the_error_shape(api_client):
    response = api_client.post("/api/v1/auth/token/", {"username": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "password" in response.json()["error"]["fields"]


def test_a_session_cannot_skip_verification_with_a_bogus_token_header(client, leader):
    client.force_login(leader)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401


def test_qr_page_has_no_inline_script_or_style(client, leader):
    login(client, leader.username)
    body = client.get("/accounts/two-factor/").content.decode()
    assert "<script>" not in body and 'style="' not in body
    assert 'src="data:image/svg+xml' in body
