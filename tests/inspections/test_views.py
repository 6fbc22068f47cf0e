"""Staff pages and the public portal render; the portal re-runs a draw live."""

from __future__ import annotations

import datetime as dt

from sunshine.inspections import services
from sunshine.inspections.models import Draw, Task


def _draw(people, make_plan, monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 11, 20))
    plan = make_plan()
    services.plan_approve(actor=people["leader"], plan=plan)
    draw = services.plan_publish(actor=people["legal"], plan=plan)
    monkeypatch.setattr(services, "_today", lambda: plan.public_value_date)
    services.public_value_enter(actor=people["legal"], draw=draw, value="5 6 7")
    services.public_value_enter(actor=people["leader"], draw=draw, value="5 6 7")
    return draw


def test_portal_reruns_a_draw(client, people, make_plan, monkeypatch):
    draw = _draw(people, make_plan, monkeypatch)
    assert client.get("/inspections/").status_code == 200
    response = client.get(f"/inspections/draws/{draw.pk}/")
    assert response.status_code == 200 and "alert-success" in response.content.decode()
    Draw.objects.filter(pk=draw.pk).update(seed="0" * 64)
    assert "alert-danger" in client.get(f"/inspections/draws/{draw.pk}/").content.decode()


def test_staff_pages(client, people, make_plan, monkeypatch):
    draw = _draw(people, make_plan, monkeypatch)
    client.force_login(people["legal"])
    for url in (
        "/work/inspections/",
        "/work/inspections/directory/",
        f"/work/inspections/plans/{draw.plan_id}/",
    ):
        assert client.get(url).status_code == 200, url
    task = Task.objects.filter(draw=draw).first()
    officer = task.inspectors.first().user
    client.force_login(officer)
    assert client.get("/work/inspections/tasks/").status_code == 200
    assert client.get(f"/work/inspections/tasks/{task.pk}/").status_code == 200
    response = client.post(
        f"/work/inspections/tasks/{task.pk}/", {"result": "corrected", "findings": "门前堆物，已整改"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.result == "corrected" and task.publish_due


def test_import_report_download(client, people):
    client.force_login(people["legal"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/work/inspections/directory/import/",
        {"file": SimpleUploadedFile("r.csv", "credit_code,name,category\nBAD,甲,市容\n".encode())},
    )
    assert response.status_code == 422 and b"BAD" in response.content


def test_work_card_counts_tasks_to_record(rf, people, make_plan, monkeypatch):
    from sunshine.inspections.work import cards

    draw = _draw(people, make_plan, monkeypatch)
    task = Task.objects.filter(draw=draw).first()
    request = rf.get("/work/")
    request.user = task.inspectors.first().user
    assert cards(request)[0]["value"] == Task.objects.filter(draw=draw, inspectors__user=request.user).count()
    request.user = people["legal"]
    assert cards(request) == []


def test_plan_form_and_result_publication(client, people, setup, make_plan, monkeypatch):
    client.force_login(people["legal"])
    assert client.get("/work/inspections/plans/new/").status_code == 200
    response = client.post(
        "/work/inspections/plans/new/",
        {
            "code": "WEB-1",
            "title": "网页计划",
            "unit": setup["bureau"]["legal"].pk,
            "matters": [setup["matter"].pk],
            "count": 3,
            "frequency": "每季度",
            "period_start": "2026-12-01",
            "period_end": "2026-12-31",
            "inspectors_per_target": 1,
            "public_value_source": "双色球",
            "public_value_date": "2026-12-01",
        },
    )
    assert response.status_code == 200 and "至少两名" in response.content.decode()
    draw = _draw(people, make_plan, monkeypatch)
    task = Task.objects.filter(draw=draw).first()
    services.task_record(actor=task.inspectors.first().user, task=task, result="no_problem")
    client.post(f"/work/inspections/tasks/{task.pk}/publish/")
    task.refresh_from_db()
    assert task.published_at is not None
    from sunshine.inspections.selectors import published_results

    results = published_results()
    assert [r["credit_code"] for r in results] == [task.target.credit_code]
    assert results[0]["target"] in client.get("/inspections/").content.decode()
