"""The power list's REST API: shapes, filters, permissions and errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.catalog.models import Category, PenaltyKind, ReviewCatalogRule
from sunshine.catalog.services import version_publish
from tests.factories import MatterFactory, make_matter

pytestmark = pytest.mark.django_db

BASE = "/api/v1/catalog"


@pytest.fixture
def officer_client(api_client, make_user):
    api_client.force_authenticate(make_user("officer"))
    return api_client


@pytest.fixture
def matters():
    barbecue = make_matter("HB-009")
    road = make_matter("SZ-001", violated_law="城市道路管理条例", penalty_law="城市道路管理条例")
    road.matter.category = Category.MUNICIPAL
    road.matter.name = "对擅自占用城市道路的行政处罚"
    road.matter.save()
    return barbecue, road


def test_matter_list_shape_search_and_category(officer_client, matters):
    response = officer_client.get(f"{BASE}/matters/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["results"][0]
    assert set(first) == {"code", "name", "category", "category_label", "active", "current_version"}
    assert first["code"] == "HB-009"
    assert first["current_version"]["number"] == 1
    assert first["current_version"]["penalty_article"] == "第一百一十八条第三款"

    by_category = officer_client.get(f"{BASE}/matters/", {"category": "municipal"}).json()
    assert [m["code"] for m in by_category["results"]] == ["SZ-001"]
    by_law = officer_client.get(f"{BASE}/matters/", {"search": "城市道路"}).json()
    assert [m["code"] for m in by_law["results"]] == ["SZ-001"]
    by_code = officer_client.get(f"{BASE}/matters/", {"search": "hb-00"}).json()
    assert [m["code"] for m in by_code["results"]] == ["HB-009"]
    paged = officer_client.get(f"{BASE}/matters/", {"page_size": 1, "page": 2}).json()
    assert [m["code"] for m in paged["results"]] == ["SZ-001"]


def test_matter_list_unknown_category_is_400(officer_client, matters):
    response = officer_client.get(f"{BASE}/matters/", {"category": "space"})
    assert response.status_code == 400
    assert "category" in response.json()["error"]["fields"]


def test_matter_list_query_count_does_not_grow(officer_client):
    for number in range(3):
        make_matter(f"Q-{number}")
    officer_client.get(f"{BASE}/matters/")  # warm the per-user caches
    with CaptureQueriesContext(connection) as few:
        officer_client.get(f"{BASE}/matters/")
    for number in range(3, 15):
        make_matter(f"Q-{number}")
    with CaptureQueriesContext(connection) as many:
        assert officer_client.get(f"{BASE}/matters/").json()["count"] == 15
    assert len(many) == len(few)


def test_matter_detail_has_current_version_and_tiers(officer_client, matters):
    response = officer_client.get(f"{BASE}/matters/HB-009/")
    assert response.status_code == 200
    body = response.json()
    version = body["current_version"]
    assert version["penalty_law"] == "中华人民共和国大气污染防治法"
    assert version["penalty_text"].endswith("并处五百元以上二万元以下的罚款。")
    assert version["fine_individual_max"] == "20000.00"
    assert [t["severity"] for t in version["tiers"]] == ["minor", "ordinary", "serious", "grave"]
    assert version["tiers"][0]["first_violation_waiver"] is True


def test_matter_detail_unknown_is_404(officer_client):
    response = officer_client.get(f"{BASE}/matters/NOPE/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert officer_client.get(f"{BASE}/matters/NOPE/versions/").status_code == 404


def test_versions_newest_first(officer_client, matters):
    barbecue, _road = matters
    version_publish(
        actor=None,
        matter=barbecue.matter,
        effective_from=dt.date(2025, 1, 1),
        data={"violated_law": "中华人民共和国大气污染防治法", "penalty_law": "中华人民共和国大气污染防治法"},
    )
    body = officer_client.get(f"{BASE}/matters/HB-009/versions/").json()
    assert [v["number"] for v in body] == [2, 1]
    assert body[1]["effective_to"] == "2024-12-31"
    assert len(body[0]["tiers"]) == 4  # copied from version 1


def test_review_rules_and_settings(officer_client, matters):
    ReviewCatalogRule.objects.create(
        title="吊销许可证件的", citation="目录第3项", penalty_kind=PenaltyKind.LICENCE_REVOCATION
    )
    ReviewCatalogRule.objects.create(title="停用", penalty_kind=PenaltyKind.CLOSURE, active=False)
    rules = officer_client.get(f"{BASE}/review-rules/").json()
    assert [r["title"] for r in rules] == ["吊销许可证件的"]
    assert rules[0]["penalty_kind"] == "licence_revocation"
    settings = officer_client.get(f"{BASE}/settings/").json()
    assert settings["hearing_threshold_individual"] == "10000.00"
    assert settings["hearing_threshold_org"] == "100000.00"
    assert settings["publication_years_individual"] == 2
    assert settings["publication_years_org"] == 5
    assert settings["ladder_window_months"] == 12
    assert settings["decision_publication_working_days"] == 7


def _check(client, **data):
    payload = {
        "matter": "HB-009",
        "severity": "serious",
        "party_kind": "individual",
        "penalty_kinds": ["fine"],
        "amount": "8000",
    }
    payload.update(data)
    return client.post(f"{BASE}/check-penalty/", payload, format="json")


def test_check_penalty_ok(officer_client, matters):
    response = _check(officer_client, amount="14000")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["tier"]["severity"] == "serious"
    assert body["hearing_available"] is True  # ¥14,000 ≥ ¥10,000 (第六十三条)
    assert body["legal_review_required"] is False


def test_check_penalty_outside_benchmark_is_422_with_citation(officer_client, matters):
    response = _check(officer_client, amount="14000.01")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "outside_benchmark"
    assert "第三十四条" in error["citation"]
    assert "HB-009" in error["citation"]


def test_check_penalty_reports_review_reasons(officer_client, matters):
    ReviewCatalogRule.objects.create(
        title="大额罚款", penalty_kind=PenaltyKind.FINE, amount_individual_from=Decimal("10000")
    )
    body = _check(officer_client, amount="10000", hearing_held=True).json()
    assert body["legal_review_required"] is True
    assert [r["code"] for r in body["legal_review_reasons"]] == ["hearing_held", "catalog"]


def test_check_penalty_before_first_version_is_422(officer_client, matters):
    response = _check(officer_client, on="2023-12-31")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_version_in_force"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"severity": "huge"}, "severity"),
        ({"party_kind": "robot"}, "party_kind"),
        ({"penalty_kinds": []}, "penalty_kinds"),
        ({"penalty_kinds": ["flogging"]}, "penalty_kinds"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"matter": "NOPE"}, "matter"),
        ({"on": "2026-13-01"}, "on"),
    ],
)
def test_check_penalty_bad_input_is_400(officer_client, matters, data, field):
    response = _check(officer_client, **data)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 200),
        ("auxiliary", 200),
        ("legal_reviewer", 200),
        ("social_supervisor", 403),
        ("system_admin", 403),
        ("audit_admin", 403),
    ],
)
def test_catalog_view_capability(api_client, make_user, role, status):
    MatterFactory(code="P-1")
    api_client.force_authenticate(make_user(role))
    assert api_client.get(f"{BASE}/matters/").status_code == status
    assert api_client.get(f"{BASE}/settings/").status_code == status


def test_anonymous_is_401(api_client):
    assert api_client.get(f"{BASE}/matters/").status_code == 401
