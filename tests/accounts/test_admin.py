"""/admin/ follows the capabilities; the three administrators are kept apart; every change is audited."""

from __future__ import annotations

import pytest
from django.contrib import admin

from sunshine.accounts.admin_site import AuditedAdminMixin, SunshineAdminSite
from sunshine.accounts.backends import capability_for_app
from sunshine.accounts.services import user_set_roles
from sunshine.audit.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_user):
    def make(role):
        user = make_user(role)
        user_set_roles(actor=None, user=user, roles=[role])
        user.refresh_from_db()
        return user

    return make


def test_the_default_site_is_sunshines():
    assert isinstance(admin.site, SunshineAdminSite)
    assert all(isinstance(model_admin, AuditedAdminMixin) for model_admin in admin.site._registry.values())


def test_capability_map():
    assert capability_for_app("accounts") == "accounts.manage"
    assert capability_for_app("axes") == "accounts.manage"
    assert capability_for_app("otp_totp") == "accounts.manage"
    assert capability_for_app("audit") is None
    assert capability_for_app("org") == "config.manage"


def test_system_admin_configures_but_not_accounts(admin_user):
    user = admin_user("system_admin")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("org.change_unit")
    assert not user.has_perm("accounts.change_user")
    assert not user.has_perm("audit.view_event")


def test_security_admin_manages_accounts_but_not_configuration(admin_user):
    user = admin_user("security_admin")
    assert user.is_staff
    assert user.has_perm("accounts.change_user")
    assert user.has_perm("axes.delete_accessattempt")
    assert not user.has_perm("org.change_unit")
    assert not user.has_perm("audit.view_event")


def test_audit_admin_has_no_admin_site(admin_user, verified_client):
    user = admin_user("audit_admin")
    assert not user.is_staff
    assert not user.has_module_perms("audit")
    client = verified_client(user)
    assert client.get("/admin/", follow=True).status_code == 403


def test_superuser_flag_grants_nothing(make_user):
    user = make_user("officer")
    user.is_superuser = True
    user.save()
    assert not user.has_perm("org.change_unit")
    assert not user.has_perm("audit.view_event")


def test_admin_login_goes_through_the_platform_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_pages_follow_capabilities_for_the_security_admin(admin_user, verified_client):
    client = verified_client(admin_user("security_admin"))
    index = client.get("/admin/")
    assert index.status_code == 200
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert "accounts" in apps and "axes" in apps and "workdays" not in apps
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/workdays/calendarday/").status_code == 403


def test_admin_pages_follow_capabilities_for_the_system_admin(admin_user, verified_client):
    client = verified_client(admin_user("system_admin"))
    apps = {app["app_label"] for app in client.get("/admin/").context["app_list"]}
    assert "workdays" in apps and "accounts" not in apps and "axes" not in apps
    assert client.get("/admin/workdays/calendarday/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403


def test_admin_change_is_audited(admin_user, verified_client, make_user):
    target = make_user("officer", username="zhang")
    client = verified_client(admin_user("security_admin"))
    response = client.post(
        f"/admin/accounts/user/{target.pk}/change/",
        {"display_name": "张伟", "email": "zw@example.org"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.display_name == "张伟"
    event = Event.objects.filter(action="admin.change").get()
    assert event.object_type == "accounts.user" and event.object_id == str(target.pk)
    assert event.payload["message"] == [{"changed": {"fields": ["Display name", "Email address"]}}]
    update = Event.objects.filter(action="accounts.user_update").get()
    assert update.payload["display_name"][1] == "张伟"


def test_no_admin_page_shows_second_factor_or_token_secrets():
    labels = {model._meta.label for model in admin.site._registry}
    assert not labels & {
        "otp_totp.TOTPDevice",
        "otp_static.StaticDevice",
        "authtoken.TokenProxy",
        "auth.Group",
    }


def test_admin_delete_is_audited(admin_user, verified_client):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="x",
        ip_address="127.0.0.1",
        user_agent="t",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    client = verified_client(admin_user("security_admin"))
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert Event.objects.filter(action="admin.delete", object_type="axes.accessattempt").exists()
