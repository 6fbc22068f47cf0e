"""The demo accounts' security set-up, the demo_totp command, landing pages and the work cards."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.accounts import demo, work
from sunshine.accounts.models import SecurityPolicy, User
from sunshine.accounts.selectors import home_url

from .conftest import current_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(make_user):
    users = {}
    for username, role in demo.DEMO_USERS:
        users[username] = make_user(role, username=username)
    User.objects.filter(username="admin").update(is_superuser=True)
    return users


def test_load_gives_two_factor_users_the_published_key_idempotently(demo_users):
    out = io.StringIO()
    demo.load(out)
    demo.load(out)
    devices = TOTPDevice.objects.filter(name=demo.DEMO_DEVICE_NAME)
    assert sorted(devices.values_list("user__username", flat=True)) == [
        "admin",
        "auditor",
        "leader",
        "secadmin",
    ]
    assert {d.key for d in devices} == {demo.DEMO_TOTP_KEY}
    assert all(d.confirmed for d in devices)
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert User.objects.get(username="secadmin").is_staff
    assert not User.objects.get(username="auditor").is_staff
    assert not User.objects.get(username="officer").is_staff
    assert SecurityPolicy.current().password_max_age_days == 90
    text = out.getvalue()
    assert "leader" in text and demo.DEMO_TOTP_BASE32 in text and "demo_totp" in text


def test_load_keeps_a_policy_the_security_administrator_changed(demo_users):
    SecurityPolicy.objects.update_or_create(id=1, defaults={"password_max_age_days": 60})
    demo.load(io.StringIO())
    assert SecurityPolicy.current().password_max_age_days == 60


def test_load_without_users_says_so():
    out = io.StringIO()
    demo.load(out)
    assert "no demo users" in out.getvalue()


def test_demo_totp_prints_the_current_code(demo_users):
    demo.load(io.StringIO())
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo_totp", "leader", stdout=out)
    device = TOTPDevice.objects.get(user__username="leader")
    assert out.getvalue().strip() == current_code(device)


def test_demo_totp_is_refused_without_debug(demo_users):
    demo.load(io.StringIO())
    with pytest.raises(CommandError):
        call_command("demo_totp", "leader", stdout=io.StringIO())


def test_demo_login_end_to_end_in_debug(client, demo_users, settings):
    demo.load(io.StringIO())
    with override_settings(DEBUG=True):
        response = client.post(
            "/accounts/login/", {"username": "auditor", "password": settings.DEMO_PASSWORD}
        )
    assert response["Location"] == "/accounts/two-factor/?next=%2Fwork%2Faudit%2F"
    device = TOTPDevice.objects.get(user__username="auditor")
    response = client.post(response["Location"], {"token": current_code(device)})
    assert response["Location"] == "/work/audit/"


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("officer", "/work/"),
        ("security_admin", "/work/security/"),
        ("audit_admin", "/work/audit/"),
        ("system_admin", "/admin/"),
    ],
)
def test_home_url_by_role(make_user, role, url):
    assert home_url(make_user(role)) == url


def test_work_cards(make_user, secadmin):
    request = RequestFactory().get("/work/")
    request.user = make_user("officer")
    request.user.is_verified = lambda: False
    titles = [str(card["title"]) for card in work.cards(request)]
    assert titles == ["双因素认证"]
    SecurityPolicy.objects.update_or_create(id=1, defaults={"password_max_age_days": 90})
    request = RequestFactory().get("/work/")
    request.user = secadmin
    request.user.is_verified = lambda: True
    cards = work.cards(request)
    assert [str(c["title"]) for c in cards] == ["密码到期", "被锁定的账号", "已停用的账号"]
    assert cards[1]["value"] == 0
