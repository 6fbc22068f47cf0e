"""Staff pages, the public portal pages and the API of citizen requests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sunshine.service import services
from sunshine.service.models import Request, Status

pytestmark = pytest.mark.django_db


def test_register_page_and_detail(clerk, login):
    client = login(clerk)
    assert client.get(reverse("service:register")).status_code == 200
    resp = client.post(
        reverse("service:register"),
        {
            "channel": "visit",
            "kind": "complaint",
            "urgency": "ordinary",
            "content": "噪音扰民",
            "citizen_phone": "13900001111",
        },
    )
    req = Request.objects.get()
    assert resp.status_code == 302 and req.first_receiver == clerk
    page = client.get(reverse("service:detail", args=[req.pk]))
    assert req.tracking_no in page.content.decode()
    board = client.get(reverse("service:board"))
    assert req.tracking_no in board.content.decode()


def test_reply_action_requires_content(clerk, login):
    req = services.request_register(actor=clerk, channel="phone", kind="inquiry", content="问询")
    client = login(clerk)
    client.post(reverse("service:act", args=[req.pk, "reply"]), {"channel": "phone", "content": ""})
    req.refresh_from_db()
    assert req.status == Status.REGISTERED
    client.post(reverse("service:act", args=[req.pk, "reply"]), {"channel": "phone", "content": "已答复"})
    req.refresh_from_db()
    assert req.status == Status.REPLIED


def test_other_squad_officer_gets_404(clerk, bureau, make_user, login):
    req = services.request_register(actor=clerk, channel="phone", kind="complaint", content="x")
    services.request_dispatch(actor=clerk, request=req, unit=bureau["squad1"])
    other = make_user("officer", unit="squad2", username="o2")
    assert login(other).get(reverse("service:detail", args=[req.pk])).status_code == 404


def test_portal_submit_track_without_personal_data_and_rate(client, clerk):
    resp = client.post(
        reverse("service_portal:submit"),
        {
            "kind": "complaint",
            "content": "夜间施工噪音",
            "address": "解放南路88号",
            "citizen_name": "张三丰",
            "citizen_phone": "13912345678",
        },
    )
    req = Request.objects.get()
    assert resp.status_code == 302 and req.channel == "web" and req.first_receiver is None
    page = client.get(reverse("service_portal:track_no", args=[req.tracking_no])).content.decode()
    assert req.tracking_no in page
    assert "张三丰" not in page and "13912345678" not in page and "解放南路88号" not in page
    services.request_claim(actor=clerk, request=req)
    services.request_reply(actor=clerk, request=req, channel="phone", content="已责令停工")
    client.post(
        reverse("service_portal:track_no", args=[req.tracking_no]),
        {"phone_tail": "5678", "satisfaction": "5"},
    )
    req.refresh_from_db()
    assert req.satisfaction == 5


def test_portal_rate_limit(client):
    from django.core.cache import cache

    cache.clear()
    data = {"kind": "suggestion", "content": "建议", "address": "路口"}
    for _ in range(5):
        assert client.post(reverse("service_portal:submit"), data).status_code == 302
    assert client.post(reverse("service_portal:submit"), data).status_code == 200
    assert Request.objects.count() == 5
    cache.clear()


def test_api_register_reply_and_rule_error(clerk, api_client):
    api_client.force_authenticate(clerk)
    resp = api_client.post(
        "/api/v1/service/requests/",
        {"channel": "hotline", "kind": "complaint", "content": "渣土撒漏"},
        format="json",
    )
    assert resp.status_code == 201
    pk = resp.json()["id"]
    resp = api_client.post(
        f"/api/v1/service/requests/{pk}/reply/", {"channel": "phone", "content": " "}, format="json"
    )
    assert resp.status_code == 422 and resp.json()["error"]["code"] == "reply_required"
    resp = api_client.post(
        f"/api/v1/service/requests/{pk}/refer/",
        {"department": "交通局", "contact": "", "told": "x"},
        format="json",
    )
    assert resp.status_code == 422
    resp = api_client.post(
        f"/api/v1/service/requests/{pk}/reply/", {"channel": "phone", "content": "已处理"}, format="json"
    )
    assert resp.status_code == 200 and resp.json()["status"] == "replied"
    board = api_client.get("/api/v1/service/requests/?status=")
    assert board.json()["results"][0]["id"] == pk


def test_board_query_count(clerk, login, django_assert_max_num_queries):
    for i in range(30):
        services.request_register(actor=clerk, channel="phone", kind="complaint", content=f"诉求{i}")
    client = login(clerk)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("service:board")).status_code == 200


def test_hotspots_table_and_map_data(clerk, bureau, login):
    from tests.factories import GridFactory, MatterFactory

    grid = GridFactory(squad=bureau["squad1"], min_lng=118.0, max_lng=118.1, min_lat=34.0, max_lat=34.1)
    matter = MatterFactory(code="SR-018", name="占道经营")
    for _ in range(3):
        services.request_register(
            actor=clerk,
            channel="hotline",
            kind="complaint",
            content="占道",
            matter=matter,
            lng=118.05,
            lat=34.02,
        )
    client = login(clerk)
    page = client.get(reverse("service:hotspots") + "?period=month").content.decode()
    assert "占道经营" in page and grid.name in page
    data = client.get(reverse("service:hotspot_data") + "?period=week").json()
    assert len(data["points"]) == 3 and data["geojson"]["features"][0]["properties"]["name"] == grid.name
    old = client.get(reverse("service:hotspot_data") + "?period=week&day=2001-01-01").json()
    assert old["points"] == []
