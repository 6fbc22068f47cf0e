"""Staff pages of the power list."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from sunshine.audit.models import Event
from sunshine.catalog.models import RegionalSettings, ReviewCatalogRule
from sunshine.catalog.services import catalog_import
from tests.factories import make_matter

pytestmark = pytest.mark.django_db


def _verify_two_factor(client, user):
    """The system administrator is a two-factor role: mark the session OTP-verified."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    request = HttpRequest()
    request.user = user
    request.session = SessionStore(session_key=client.cookies["sessionid"].value)
    otp_login(request, device)
    request.session.save()


@pytest.fixture
def officer(client, make_user):
    client.force_login(make_user("officer"))
    return client


def test_power_list_search_and_category(officer):
    catalog_import()
    page = officer.get("/work/catalog/")
    assert page.status_code == 200
    assert page.context["total"] == 97
    html = page.content.decode()
    assert "GH-001" in html  # sorted by code
    assert "权责清单与裁量基准" in html  # zh-hans is the default language
    assert "城乡规划/违法建设" in html
    page = officer.get("/work/catalog/", {"q": "露天烧烤"})
    assert {m.code for m in page.context["page_obj"]} == {"HB-009", "HB-010"}
    page = officer.get("/work/catalog/", {"category": "commerce"})
    assert [m.code for m in page.context["page_obj"]] == ["GS-001", "GS-002"]
    page = officer.get("/work/catalog/", {"page": 4})
    assert len(page.context["page_obj"]) == 7


def test_matter_detail_quotes_the_law_and_shows_tiers(officer):
    version = make_matter("HB-009")
    ReviewCatalogRule.objects.create(title="露天烧烤大案", matter=version.matter, citation="目录第9项")
    page = officer.get("/work/catalog/matters/HB-009/")
    assert page.status_code == 200
    html = page.content.decode()
    assert version.penalty_text in html
    assert version.violated_text in html
    assert "《中华人民共和国大气污染防治法》第一百一十八条第三款" in html
    assert len(page.context["tiers"]) == 4
    assert "露天烧烤大案" in html
    assert "style=" not in html and "<script>" not in html


def test_matter_detail_older_version_and_404(officer):
    make_matter("HB-009")
    assert officer.get("/work/catalog/matters/HB-009/", {"version": 1}).status_code == 200
    assert officer.get("/work/catalog/matters/HB-009/", {"version": 7}).status_code == 404
    assert officer.get("/work/catalog/matters/NOPE/").status_code == 404


def test_review_catalog_and_settings_pages(officer):
    ReviewCatalogRule.objects.create(title="吊销许可证件的", penalty_kind="licence_revocation")
    html = officer.get("/work/catalog/review/").content.decode()
    assert "吊销许可证件的" in html
    assert "第五十八条第一款第（一）项" in html
    page = officer.get("/work/catalog/settings/")
    assert page.status_code == 200
    assert "10,000.00" in page.content.decode() or "10000.00" in page.content.decode()


def test_settings_edit_by_system_admin_only(client, make_user):
    client.force_login(make_user("officer"))
    assert (
        client.post("/work/catalog/settings/edit/", {"hearing_threshold_individual": "1"}).status_code == 403
    )
    assert RegionalSettings.current().hearing_threshold_individual == Decimal("10000")

    admin = make_user("system_admin")
    client.force_login(admin)
    _verify_two_factor(client, admin)
    data = {
        "hearing_threshold_individual": "2000",
        "hearing_threshold_org": "10000",
        "publication_years_individual": "2",
        "publication_years_org": "5",
        "ladder_window_months": "6",
        "decision_publication_working_days": "7",
        "other_decision_publication_working_days": "20",
    }
    response = client.post("/work/catalog/settings/edit/", data)
    assert response.status_code == 302
    settings = RegionalSettings.current()
    assert settings.hearing_threshold_individual == Decimal("2000")
    assert settings.ladder_window_months == 6
    assert settings.updated_by == admin
    event = Event.objects.filter(action="catalog.settings_update").get()
    payload = event.payload if isinstance(event.payload, dict) else json.loads(event.payload)
    assert payload["before"]["hearing_threshold_individual"] == "10000.00"
    bad = client.post("/work/catalog/settings/edit/", {**data, "ladder_window_months": "-1"})
    assert bad.status_code == 200
    assert RegionalSettings.current().ladder_window_months == 6


@pytest.mark.parametrize(
    ("amount", "ok"), [("8000", True), ("14000", True), ("7999.99", False), ("14000.01", False)]
)
def test_matter_detail_checks_a_proposed_penalty(officer, amount, ok):
    """《行政处罚法》第三十四条 on the page: the tier's bounds pass, a cent outside is refused, cited."""
    make_matter("HB-009")
    query = {"severity": "serious", "party_kind": "individual", "penalty_kinds": ["fine"], "amount": amount}
    page = officer.get("/work/catalog/matters/HB-009/", query)
    assert page.status_code == 200
    check = page.context["check"]
    assert check["ok"] is ok
    html = page.content.decode()
    if ok:
        assert check["tier"].severity == "serious"
        assert bool(check["hearing"]) is (Decimal(amount) >= Decimal("10000"))
    else:
        assert check["error"].code == "outside_benchmark"
        assert "第三十四条" in html


def test_matter_detail_check_form_bad_input_shows_no_result(officer):
    make_matter("HB-009")
    page = officer.get("/work/catalog/matters/HB-009/", {"severity": "huge", "amount": "-5"})
    assert page.status_code == 200
    assert page.context["check"] is None
