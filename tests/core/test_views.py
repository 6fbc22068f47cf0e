"""The portal front page, the staff home, the error pages, and what every page must respect (CSP)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import translation

from sunshine.accounts.roles import Role
from sunshine.audit.models import Event
from sunshine.core import navigation as nav
from sunshine.core import views

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EXTERNAL_ASSET = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def assert_csp_clean(html: str):
    assert not INLINE_SCRIPT.search(html), "inline <script> (the CSP allows script-src 'self' only)"
    assert not INLINE_STYLE.search(html), "inline style (the CSP allows style-src 'self' only)"
    assert not EXTERNAL_ASSET.search(html), "an asset from another host (serve everything locally)"


@pytest.fixture
def cards(monkeypatch):
    def install(*providers):
        found = tuple(
            (f"app{index}", SimpleNamespace(cards=provider)) for index, provider in enumerate(providers)
        )
        original = nav.app_modules
        monkeypatch.setattr(nav, "app_modules", lambda name: found if name == "work" else original(name))

    return install


def test_portal_home_is_public_and_shows_how_to_reach_the_bureau(client, bureau):
    bureau["bureau"].phone, bureau["bureau"].address = "0516-88920000", "新城市人民路1号"
    bureau["bureau"].save()
    bureau["squad1"].phone = "0516-88921111"
    bureau["squad1"].save()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:12319"' in html
    assert "0516-88920000" in html and "新城市人民路1号" in html
    assert "一中队" in html and "0516-88921111" in html
    assert "二中队" not in html  # a squad without a telephone is not listed
    assert 'href="/accounts/login/"' in html
    assert_csp_clean(html)


def test_portal_home_without_organisation_data(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "12319" in response.content.decode()


@override_settings(SUNSHINE={"BUREAU_NAME": "测试城管局", "HOTLINE": "0516-12319"})
def test_portal_hotline_comes_from_settings(client):
    html = client.get("/").content.decode()
    assert "测试城管局" in html and 'href="tel:0516-12319"' in html


def test_portal_shows_registered_links(client, monkeypatch):
    monkeypatch.setattr(
        views,
        "portal_links",
        lambda: [{"title": "办事指南", "description": "", "url": "/x/", "icon": "bi-book"}],
    )
    html = client.get("/").content.decode()
    assert 'href="/x/"' in html and "办事指南" in html


def test_portal_view_is_declared_public():
    assert views.portal_home.public is True


def test_work_home_empty_state(client, make_user, cards):
    cards()
    client.force_login(make_user("officer"))
    response = client.get("/work/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="work-empty"' in html and 'id="work-cards"' not in html
    with translation.override("zh-hans"):
        assert str(Role.OFFICER.label) in html  # the role's label, not its code
    assert_csp_clean(html)


def test_work_home_shows_cards_and_says_when_some_failed(client, make_user, cards):
    def broken(request):
        raise RuntimeError("boom")

    def mine(request):
        return [
            {
                "title": "即将到期",
                "value": 2,
                "url": "/work/org/units/",
                "note": "3日内",
                "variant": "warning",
            }
        ]

    cards(mine, broken)
    client.force_login(make_user("officer"))
    html = client.get("/work/").content.decode()
    assert 'id="work-cards"' in html and 'id="work-empty"' not in html
    assert "即将到期" in html and 'href="/work/org/units/"' in html and "3日内" in html
    assert "border-warning" in html
    assert 'class="alert alert-warning"' in html


def test_work_home_needs_login(client):
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_403_page_is_audited_and_offers_the_pages_the_user_may_open(client, make_user):
    user = make_user("auxiliary")
    client.force_login(user)
    before = Event.objects.filter(action="security.permission_denied").count()
    response = client.get("/work/org/units/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html  # "Permission denied" in Chinese, the default language
    assert 'href="/work/"' in html  # the auxiliary's own home
    assert Event.objects.filter(action="security.permission_denied", actor_id=user.pk).count() == before + 1
    assert_csp_clean(html)


def test_404_page(client, make_user):
    client.force_login(make_user("officer"))
    response = client.get("/work/no-such-page/")
    assert response.status_code == 404
    assert 'href="/"' in response.content.decode()


def test_404_page_for_visitors_uses_the_portal_layout(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="portal"' not in html  # the error page sets its own body class
    assert 'id="nav-portal"' in html
    assert_csp_clean(html)


def test_500_page_renders_without_the_database(rf, django_assert_num_queries):
    request = rf.get("/work/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "500" in html
    assert_csp_clean(html)


def test_brand_leads_administrators_to_a_page_they_may_open(client, make_user, monkeypatch):
    from django_otp import DEVICE_ID_SESSION_KEY

    audit_menu = SimpleNamespace(
        MENU={"label": "Audit", "items": [("Log", "audit:event_list", "audit.view")]}
    )
    monkeypatch.setattr(nav, "app_modules", lambda name: (("audit", audit_menu),) if name == "nav" else ())
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user("audit_admin")
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    html = client.get("/work/").content.decode()  # 403: the audit administrator has no staff home
    assert re.search(r'class="navbar-brand" href="/work/audit/"', html)


def test_staff_pages_send_a_content_security_policy(client, make_user):
    client.force_login(make_user("officer"))
    policy = client.get("/work/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


def test_the_layout_assets_are_served_locally():
    """Every stylesheet and script base.html links is found by the staticfiles finders (no CDN)."""
    from django.contrib.staticfiles import finders

    for asset in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
        "vendor/htmx/htmx.min.js",
        "css/sunshine.css",
        "js/sunshine.js",
    ):
        assert finders.find(asset), f"{asset} is not found: is src/sunshine/static in STATICFILES_DIRS?"
