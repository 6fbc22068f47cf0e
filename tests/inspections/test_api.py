"""The API: import with a report, plan to draw, the public draw JSON, tasks, statistics."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from sunshine.inspections import services, verifier
from sunshine.inspections.codes import make_credit_code
from sunshine.inspections.models import Task


def test_import_reports_bad_rows_with_422(api_client, people):
    api_client.force_authenticate(people["legal"])
    good = make_credit_code(5)
    content = f"credit_code,name,category\n{good},甲公司,市容\n123,乙公司,市容\n".encode()
    response = api_client.post(
        "/api/v1/inspections/targets/import/",
        {"file": SimpleUploadedFile("r.csv", content)},
        format="multipart",
    )
    assert response.status_code == 422
    assert [e[:2] for e in response.json()["errors"]] == [[3, "123"]]
    fixed = f"credit_code,name,category\n{good},甲公司,市容\n".encode()
    response = api_client.post(
        "/api/v1/inspections/targets/import/",
        {"file": SimpleUploadedFile("r.csv", fixed)},
        format="multipart",
    )
    assert response.status_code == 200 and response.json()["imported"] == 1


def test_officer_cannot_import(api_client, people):
    api_client.force_authenticate(people["officers"][0])
    response = api_client.post("/api/v1/inspections/targets/import/", {})
    assert response.status_code == 403


def test_plan_to_draw_and_public_json(api_client, people, setup, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 11, 20))
    api_client.force_authenticate(people["legal"])
    response = api_client.post(
        "/api/v1/inspections/plans/",
        {
            "code": "API-1",
            "title": "抽查",
            "unit": "L",
            "matters": [setup["matter"].code],
            "count": 4,
            "frequency": "每季度",
            "period_start": "2026-12-01",
            "period_end": "2026-12-31",
            "inspectors_per_target": 1,
            "public_value_source": "双色球",
            "public_value_date": "2026-11-30",
        },
        format="json",
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "inspections.two_inspectors"
    response = api_client.post(
        "/api/v1/inspections/plans/",
        {
            "code": "API-1",
            "title": "抽查",
            "unit": "L",
            "matters": [setup["matter"].code],
            "count": 4,
            "frequency": "每季度",
            "period_start": "2026-12-01",
            "period_end": "2026-12-31",
            "inspectors_per_target": 2,
            "public_value_source": "双色球",
            "public_value_date": "2026-11-30",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    api_client.force_authenticate(people["leader"])
    assert api_client.post(f"/api/v1/inspections/plans/{plan_id}/approve/").status_code == 200
    api_client.force_authenticate(people["legal"])
    draw_id = api_client.post(f"/api/v1/inspections/plans/{plan_id}/publish/").json()["draw"]
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 11, 30))
    assert (
        api_client.post(f"/api/v1/inspections/draws/{draw_id}/public-value/", {"value": "7 8 9"}).json()[
            "seed"
        ]
        is None
    )
    api_client.force_authenticate(people["leader"])
    assert api_client.post(f"/api/v1/inspections/draws/{draw_id}/public-value/", {"value": "7 8 9"}).json()[
        "seed"
    ]
    api_client.force_authenticate(None)
    published = api_client.get(f"/api/v1/inspections/draws/{draw_id}/").json()
    assert verifier.verify(published) == []

    task = Task.objects.filter(draw_id=draw_id).first()
    officer = task.inspectors.first().user
    api_client.force_authenticate(officer)
    assert any(t["id"] == task.pk for t in api_client.get("/api/v1/inspections/tasks/").json())
    response = api_client.post(
        f"/api/v1/inspections/tasks/{task.pk}/record/", {"result": "no_problem"}, format="json"
    )
    assert response.status_code == 200 and response.json()["result"] == "no_problem"
    stats = api_client.get("/api/v1/inspections/statistics/").json()
    unit = next(r for r in stats["by_unit"] if r["key"] == "L")
    assert unit["drawn"] == 4 and unit["done"] == 1 and unit["coverage"] == 25.0
