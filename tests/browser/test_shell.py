"""Logging in and reaching the staff home on a phone and on a desk; two-factor; the portal; language."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.accounts.roles import Role

from .conftest import DESK, PHONE

# serialized_rollback: the groups (roles) and calendars made by data migrations survive the flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Not the published demo password: that one is refused whenever DEBUG is off.
PASSWORD = "Browser-Check-2026"
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESK, id="desk")]


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """The roles' groups come from a data migration; make sure a flush between tests did not drop them."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(watched, base_url: str, username: str):
    page = watched.page
    page.goto(f"{base_url}/accounts/login/")
    form = page.locator("form:has(input[name='password'])")
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(PASSWORD)
    form.locator("[type='submit']").click()
    page.wait_for_load_state()


def is_phone(watched) -> bool:
    return watched.page.viewport_size["width"] < 992


def open_menu_if_collapsed(watched):
    toggler = watched.page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        watched.page.locator("#nav-main.show").wait_for()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_officer_logs_in_reaches_work_and_logs_out(open_page, live_server, make_user, viewport):
    with_password(make_user("officer", username="officer"))
    watched = open_page(viewport)
    page = watched.page
    size = "phone" if viewport is PHONE else "desk"

    page.goto(f"{live_server.url}/work/")
    assert "/accounts/login/" in page.url  # the staff home needs a login
    watched.shot(f"login-{size}")
    log_in(watched, live_server.url, "officer")

    assert re.search(r"/work/$", page.url), page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").first.is_visible()
    assert page.locator("#work-empty, #work-cards").count() == 1
    no_horizontal_scroll(page)
    watched.shot(f"work-home-{size}")

    nav = page.locator("#nav-main")
    if is_phone(watched):
        assert not nav.is_visible()  # the menu collapses behind the toggler on a phone
        open_menu_if_collapsed(watched)
        assert nav.is_visible()
        watched.shot(f"work-home-menu-{size}")
    else:
        assert nav.is_visible()
        assert not page.locator(".navbar-toggler").is_visible()

    page.locator("[data-testid='user-menu']").click()
    page.locator("[data-testid='logout']").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    page.goto(f"{live_server.url}/work/")
    assert "/accounts/login/" in page.url  # the session really ended
    watched.assert_clean()


def test_leader_logs_in_with_a_totp_code(open_page, live_server, make_user):
    leader = with_password(make_user("leader", username="leader"))
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    watched = open_page(DESK)
    page = watched.page

    log_in(watched, live_server.url, "leader")
    assert "/accounts/two-factor/" in page.url, page.url  # leaders must give a second factor
    watched.shot("two-factor-desk")
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    page.locator("input[name='token']").fill(f"{totp.token():0{device.digits}d}")
    page.locator("form:has(input[name='token']) [type='submit']").click()
    page.wait_for_load_state()

    assert re.search(r"/work/$", page.url), page.url
    assert page.locator("#my-roles").is_visible()
    watched.shot("work-home-leader-desk")
    watched.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_portal_front_page(open_page, live_server, bureau, viewport):
    bureau["squad1"].phone = "0516-88921111"
    bureau["squad1"].save()
    watched = open_page(viewport)
    page = watched.page
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").first.is_visible()
    assert page.locator("a[href='tel:12319']").first.is_visible()
    no_horizontal_scroll(page)
    watched.shot(f"portal-{'phone' if viewport is PHONE else 'desk'}")
    watched.assert_clean()


def test_language_switch(open_page, live_server, make_user):
    with_password(make_user("officer", username="officer"))
    watched = open_page(PHONE)
    page = watched.page
    log_in(watched, live_server.url, "officer")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    open_menu_if_collapsed(watched)
    page.locator("#language-select").select_option("en")
    page.wait_for_load_state()
    page.locator("html[lang='en']").wait_for()
    assert re.search(r"/work/$", page.url)  # back on the same page
    assert "My work" in page.title()
    watched.shot("work-home-english-phone")
    watched.assert_clean()


def test_error_page(open_page, live_server):
    watched = open_page(PHONE)
    watched.page.goto(f"{live_server.url}/no-such-page/")
    assert watched.page.locator("h1").first.is_visible()
    watched.shot("not-found-phone")
    # The page's own 404 is reported (as a response and a console line); nothing else may appear.
    missing = f"{live_server.url}/no-such-page/"
    watched.errors = [error for error in watched.errors if not error.endswith(missing)]
    watched.assert_clean()


def no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {page.viewport_size['width']}px"
