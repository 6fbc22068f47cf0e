"""Exports (Excel header layout, PDF text), the staff pages, the public pages and the API."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from sunshine.stats import aggregate, exports, services
from sunshine.stats.metrics import TABLE_CODES
from sunshine.stats.models import BureauReport, UnitReport

from .conftest import make_rows

pytestmark = pytest.mark.django_db
IN_WINDOW = dt.date(2026, 9, 28)


@pytest.fixture
def published(city):
    make_rows(city, random.Random(11), 12)
    aggregate.fill()
    for key in ("squad1", "squad2"):
        report = services.unit_report_submit(actor=city["users"][key], year=2026, quarter=3, today=IN_WINDOW)
        services.unit_report_review(actor=city["users"]["legal"], report=report, accept=True)
    report = services.bureau_report_aggregate(
        actor=city["users"]["legal"], year=2026, quarter=3, today=IN_WINDOW
    )
    return services.bureau_report_publish(actor=city["users"]["leader"], report=report)


def _texts(ws) -> list[str]:
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_excel_has_the_government_table_header_with_merged_cells(published):
    wb = load_workbook(io.BytesIO(exports.xlsx(exports.bureau_sheet(published))))
    ws = wb.active
    texts = _texts(ws)
    for label in ("表号", "制表机关", "填报单位", "统计期", "填报人", "审核人", "报出日期"):
        assert any(label in t for t in texts), label
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:G1" in merged  # the title over every column (5 + two units)
    assert "A5:A6" in merged and "B5:C5" in merged and "F5:G5" in merged  # 序号, 指标, 其中
    assert ws["F6"].value == "一中队" and ws["G6"].value == "二中队"
    row = next(ws.iter_rows(min_row=7 + TABLE_CODES.index("cases.opened")))
    assert row[4].value == int(published.figures["cases.opened"])
    assert row[5].value + row[6].value == row[4].value


def test_unit_report_excel_and_pdf(city, published):
    report = UnitReport.objects.get(unit=city["units"]["squad1"])
    ws = load_workbook(io.BytesIO(exports.xlsx(exports.unit_sheet(report)))).active
    assert any("一中队" in t for t in _texts(ws))
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(exports.pdf(exports.unit_sheet(report)))).pages
    )
    assert "填报单位" in text and "一中队" in text and "2026" in text


def test_pdf_of_the_bureau_report_extracts(published):
    data = exports.pdf(exports.bureau_sheet(published))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "制表机关" in text and "新城市城市管理局" in text and "二中队" in text


def test_staff_pages_render(client, city, published):
    client.force_login(city["users"]["legal"])
    for name, kwargs in (
        ("stats:index", {}),
        ("stats:dashboard", {}),
        ("stats:reports", {}),
        ("stats:bureau_report", {"pk": published.pk}),
    ):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
    response = client.get(reverse("stats:index") + "?year=2026&quarter=3&unit=S2")
    assert response.status_code == 200
    assert "二中队" in response.content.decode()


def test_dashboard_data_comes_from_the_fact_tables(client, city, published, django_assert_max_num_queries):
    client.force_login(city["users"]["legal"])
    with django_assert_max_num_queries(25):
        data = client.get(reverse("stats:dashboard_data")).json()
    assert {"months", "trend", "ranking", "map", "overdue", "channels", "split_721"} <= set(data)
    assert len(data["months"]) == 12


def test_squad_leader_sees_only_their_squad(client, city, published):
    client.force_login(city["users"]["squad1"])
    other = UnitReport.objects.get(unit=city["units"]["squad2"])
    assert client.get(reverse("stats:unit_report", args=[other.pk])).status_code == 404
    assert client.get(reverse("stats:index") + "?unit=S2").status_code == 404
    own = UnitReport.objects.get(unit=city["units"]["squad1"])
    assert client.get(reverse("stats:unit_report", args=[own.pk])).status_code == 200


def test_web_review_shows_the_rule_and_saves_nothing(client, city):
    report = services.unit_report_submit(actor=city["users"]["squad1"], year=2026, quarter=3, today=IN_WINDOW)
    client.force_login(city["users"]["legal"])
    response = client.post(
        reverse("stats:unit_report_review", args=[report.pk]),
        {"decision": "return", "comments": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert UnitReport.objects.get().status == "submitted"
    assert "messages" in response.context and list(response.context["messages"])


def test_public_pages_show_only_published_reports(client, city, published):
    draft = BureauReport.objects.create(
        kind="quarterly", year=2026, quarter=2, status="aggregated", aggregated_by=city["users"]["legal"],
        aggregated_at=published.aggregated_at,
    )  # fmt: skip
    assert client.get(reverse("stats_portal:index")).status_code == 200
    assert client.get(reverse("stats_portal:report", args=[published.pk])).status_code == 200
    assert client.get(reverse("stats_portal:report", args=[draft.pk])).status_code == 404
    response = client.get(reverse("stats_portal:export", args=[published.pk, "xlsx"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(reverse("stats_portal:export", args=[published.pk, "doc"])).status_code == 404


def test_api_figures_and_reports(api_client, city, published):
    api_client.force_authenticate(city["users"]["leader"])
    data = api_client.get("/api/v1/stats/figures/", {"year": 2026, "quarter": 3}).json()
    assert data["start"] == "2026-07-01" and data["end"] == "2026-09-30"
    rows = {r["code"]: r["value"] for r in data["rows"]}
    assert rows["cases.opened"] == published.figures["cases.opened"]
    assert api_client.get("/api/v1/stats/figures/", {"start": "2026-09-01"}).status_code == 400
    assert api_client.get("/api/v1/stats/reports/bureau/").status_code == 200
    response = api_client.get(f"/api/v1/stats/reports/bureau/{published.pk}/export/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert api_client.get("/api/v1/stats/published/").json()[0]["id"] == published.pk


def test_api_submit_review_and_errors(api_client, city):
    api_client.force_authenticate(city["users"]["squad1"])
    response = api_client.post("/api/v1/stats/reports/units/", {"year": 2026, "quarter": 9}, format="json")
    assert response.status_code == 400
    response = api_client.post("/api/v1/stats/reports/units/", {"year": 2020, "quarter": 1}, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "stats.submission_late"
    response = api_client.post(
        "/api/v1/stats/reports/units/", {"year": 2020, "quarter": 1, "late_reason": "补报"}, format="json"
    )
    assert response.status_code == 201 and response.json()["late"] is True
    pk = response.json()["id"]
    api_client.force_authenticate(city["users"]["legal"])
    response = api_client.post(f"/api/v1/stats/reports/units/{pk}/review/", {"accept": False}, format="json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "stats.comments_required"
    response = api_client.post(
        f"/api/v1/stats/reports/units/{pk}/review/", {"accept": True, "comments": ""}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
