"""The security administrator's workspace and API (/work/security/, /api/v1/auth/users/)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sunshine.accounts import rules
from sunshine.accounts.models import SecurityPolicy, User
from sunshine.accounts.services import user_create
from sunshine.audit.models import Event
from sunshine.core.errors import RuleViolation

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def sec_client(secadmin, verified_client):
    return verified_client(secadmin)


@pytest.fixture
def sec_api(secadmin, api_client):
    api_client.force_authenticate(secadmin)
    return api_client


def test_role_separation_rule_both_sides():
    """GB/T 22239-2019 8.1.4.2 d): an administrator role stands alone."""
    rules.check_role_separation(["security_admin"])
    rules.check_role_separation(["officer", "squad_leader"])
    with pytest.raises(RuleViolation) as exc:
        rules.check_role_separation(["security_admin", "audit_admin"])
    assert exc.value.code == "admin_role_not_separate"
    assert "8.1.4.2" in str(exc.value.citation)
    with pytest.raises(RuleViolation):
        rules.check_role_separation(["system_admin", "officer"])


def test_list_and_search(sec_client, make_user):
    make_user("officer", username="wangfang")
    make_user("auxiliary", username="liqiang")
    response = sec_client.get("/work/security/?q=wang")
    assert response.status_code == 200
    names = [row["user"].username for row in response.context["rows"]]
    assert names == ["wangfang"]
    response = sec_client.get("/work/security/?role=auxiliary")
    assert [row["user"].username for row in response.context["rows"]] == ["liqiang"]


def test_list_query_count_does_not_grow_with_users(sec_client, make_user):
    for i in range(3):
        make_user("officer", username=f"a{i}")
    sec_client.get("/work/security/")  # warm up (policy row, session)
    with CaptureQueriesContext(connection) as few:
        sec_client.get("/work/security/")
    for i in range(10):
        make_user("officer", username=f"b{i}")
    with CaptureQueriesContext(connection) as many:
        sec_client.get("/work/security/")
    assert len(many) == len(few)


def test_create_user_gives_a_one_time_password(sec_client):
    response = sec_client.post(
        "/work/security/users/new/",
        {"username": "chenjing", "display_name": "陈静", "email": "", "roles": ["officer"]},
    )
    assert response.status_code == 200
    temporary = response.context["password"]
    user = User.objects.get(username="chenjing")
    assert user.must_change_password and list(user.groups.values_list("name", flat=True)) == ["officer"]
    assert Event.objects.filter(action="accounts.user_create", object_id=str(user.pk)).exists()
    assert temporary not in "".join(Event.objects.values_list("record", flat=True))
    # The new user logs in with it and is sent to change it first.
    client = Client()
    login(client, "chenjing", temporary)
    assert client.get("/work/")["Location"].startswith("/accounts/password/")


def test_create_refuses_mixed_admin_roles(sec_client):
    response = sec_client.post(
        "/work/security/users/new/",
        {"username": "mixed", "display_name": "x", "roles": ["system_admin", "audit_admin"]},
    )
    assert response.status_code == 200
    assert "8.1.4.2" in response.content.decode()
    assert not User.objects.filter(username="mixed").exists()


def test_roles_set_is_staff_for_admin_site_roles(sec_client, make_user):
    user = make_user("officer", username="tobe")
    response = sec_client.post(f"/work/security/users/{user.pk}/roles/", {"roles": ["system_admin"]})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["system_admin"]
    sec_client.post(f"/work/security/users/{user.pk}/roles/", {"roles": ["audit_admin"]})
    user.refresh_from_db()
    assert not user.is_staff
    payload = Event.objects.filter(action="accounts.user_set_roles").first().payload
    assert payload["after"] == ["audit_admin"]


def test_security_admin_cannot_change_their_own_account(sec_client, secadmin):
    response = sec_client.post(f"/work/security/users/{secadmin.pk}/disable/", follow=True)
    secadmin.refresh_from_db()
    assert secadmin.is_active
    assert "8.1.4.2" in response.content.decode()


def test_disable_enable_reset_password(sec_client, make_user):
    user = make_user("officer", username="zhao")
    sec_client.post(f"/work/security/users/{user.pk}/disable/")
    user.refresh_from_db()
    assert not user.is_active
    sec_client.post(f"/work/security/users/{user.pk}/enable/")
    user.refresh_from_db()
    assert user.is_active
    response = sec_client.post(f"/work/security/users/{user.pk}/reset-password/")
    temporary = response.context["password"]
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(temporary)
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"accounts.user_disable", "accounts.user_enable", "accounts.password_reset"} <= actions


def test_unlock_a_locked_account(sec_client, make_user):
    from .conftest import set_password

    client = Client()
    user = set_password(make_user("officer", username="locked1"))
    for _ in range(5):
        login(client, "locked1", "Wrong#Pass1")
    assert login(client, "locked1").status_code == 429
    page = sec_client.get("/work/security/lockouts/")
    assert [r["username"] for r in page.context["rows"] if r["locked"]] == ["locked1"]
    assert sec_client.get("/work/security/?status=locked").context["rows"][0]["user"] == user
    sec_client.post(f"/work/security/users/{user.pk}/unlock/")
    assert not AccessAttempt.objects.filter(username="locked1").exists()
    assert login(client, "locked1").status_code == 302
    assert Event.objects.filter(action="accounts.user_unlock").exists()


def test_policy_page_sets_90_days(sec_client):
    response = sec_client.post("/work/security/policy/", {"password_max_age_days": 90})
    assert response.status_code == 302
    assert SecurityPolicy.current().password_max_age_days == 90
    assert Event.objects.filter(action="accounts.policy_update").exists()


@pytest.mark.parametrize("role", ["officer", "leader", "system_admin", "audit_admin", "squad_leader"])
def test_other_roles_are_denied_and_the_denial_is_audited(role, make_user, verified_client, api_client):
    user = make_user(role)
    client = verified_client(user)
    assert client.get("/work/security/").status_code == 403
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/auth/users/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    denials = Event.objects.filter(action="security.permission_denied", actor_id=user.pk)
    assert denials.count() == 2
    assert any(e.payload.get("api") for e in denials)


def test_api_create_roles_disable_unlock(sec_api):
    response = sec_api.post(
        "/api/v1/auth/users/",
        {"username": "api1", "display_name": "接口用户", "roles": ["officer"]},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    pk = body["user"]["id"]
    assert body["user"]["must_change_password"] and body["temporary_password"]
    response = sec_api.post(
        f"/api/v1/auth/users/{pk}/roles/", {"roles": ["leader", "audit_admin"]}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "admin_role_not_separate"
    assert response.json()["error"]["citation"]
    response = sec_api.post(f"/api/v1/auth/users/{pk}/roles/", {"roles": ["leader"]}, format="json")
    assert response.json()["roles"] == ["leader"]
    assert sec_api.post(f"/api/v1/auth/users/{pk}/disable/").json()["is_active"] is False
    assert sec_api.post(f"/api/v1/auth/users/{pk}/unlock/").status_code == 200
    assert sec_api.post(f"/api/v1/auth/users/{pk}/reset-password/").json()["temporary_password"]
    listing = sec_api.get("/api/v1/auth/users/?q=api1").json()
    assert [u["username"] for u in listing["results"]] == ["api1"]
    assert sec_api.get("/api/v1/auth/users/999999/").status_code == 404
    assert (
        sec_api.patch(f"/api/v1/auth/users/{pk}/", {"display_name": "新名"}, format="json").json()[
            "display_name"
        ]
        == "新名"
    )
    assert sec_api.get("/api/v1/auth/lockouts/").status_code == 200


def test_api_create_validates_input(sec_api):
    response = sec_api.post("/api/v1/auth/users/", {"username": "bad name!", "roles": []}, format="json")
    assert response.status_code == 400
    assert {"username", "display_name"} <= set(response.json()["error"]["fields"])


def test_services_refuse_non_managers(make_user):
    from sunshine.core.errors import PermissionDeniedError

    officer = make_user("officer")
    with pytest.raises(PermissionDeniedError):
        user_create(actor=officer, username="x1", roles=["officer"])


def test_generated_passwords_always_meet_the_policy():
    from django.contrib.auth.password_validation import validate_password

    from sunshine.accounts.services import generate_password

    for _ in range(200):
        validate_password(generate_password())


def test_reset_two_factor_makes_a_required_user_enrol_again(secadmin, make_user, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sunshine.accounts.services import user_reset_two_factor

    leader = make_user("leader", username="lead1")
    TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    assert user_reset_two_factor(actor=secadmin, user=leader) == 1
    assert not TOTPDevice.objects.filter(user=leader).exists()
    client.force_login(leader)
    assert client.get("/work/")["Location"].startswith("/accounts/two-factor/")
    assert "qr" in client.get("/accounts/two-factor/").context
    assert Event.objects.filter(action="accounts.two_factor_reset").exists()


def test_unchanged_roles_or_profile_append_no_event(secadmin, make_user):
    from sunshine.accounts.services import user_set_roles, user_update_profile

    user = make_user("officer", username="same")
    before = Event.objects.count()
    user_set_roles(actor=secadmin, user=user, roles=["officer"])
    user_update_profile(actor=secadmin, user=user, display_name=user.display_name, email=user.email)
    assert Event.objects.count() == before


def test_a_change_of_administrator_role_ends_the_accounts_sessions(secadmin, make_user, client):
    from sunshine.accounts.services import user_set_roles

    user = make_user("officer", username="promoted")
    client.force_login(user)
    assert client.get("/work/").status_code == 200
    user_set_roles(actor=secadmin, user=user, roles=["audit_admin"])
    assert client.get("/work/")["Location"].startswith("/accounts/login/")
