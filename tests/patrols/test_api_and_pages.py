"""The patrols API and pages: a patrol from start to end on the phone, an incident from report to close."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from sunshine.patrols.models import Incident, Patrol

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_patrol_through_the_api(team):
    api = _client(team.officer)
    started = api.post("/api/v1/patrols/", {}, format="json")
    assert started.status_code == 201, started.content
    pk = started.json()["id"]
    Patrol.objects.filter(pk=pk).update(started_at=timezone.now() - dt.timedelta(minutes=20))
    at = timezone.now() - dt.timedelta(minutes=5)
    points = [
        {"at": at.isoformat(), "lng": 118.005, "lat": 34.005, "accuracy": 8},
        {"at": int((at + dt.timedelta(seconds=30)).timestamp() * 1000), "lng": 118.006, "lat": 34.005},
    ]
    response = api.post(f"/api/v1/patrols/{pk}/points/", {"points": points}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["point_count"] == 2
    bad = api.post(
        f"/api/v1/patrols/{pk}/points/", {"points": [{"at": "x", "lng": 1, "lat": 1}]}, format="json"
    )
    assert bad.status_code == 400
    assert "points" in bad.json()["error"]["fields"]
    finding = api.post(f"/api/v1/patrols/{pk}/findings/", {"description": "占道经营"}, format="json")
    assert finding.status_code == 201
    link = api.post(
        f"/api/v1/patrols/findings/{finding.json()['id']}/link/", {"nothing_reason": "已劝离"}, format="json"
    )
    assert link.json()["outcome"] == "nothing"
    assert api.post(f"/api/v1/patrols/{pk}/end/", {}, format="json").json()["status"] == "ended"
    again = api.post(f"/api/v1/patrols/{pk}/end/", {}, format="json")
    assert again.status_code == 422 and again.json()["error"]["code"] == "patrol_ended"
    coverage = _client(team.squad_leader).get("/api/v1/patrols/coverage/").json()
    assert {g["grid"]: g["covered"] for g in coverage["grids"]} == {"A1": True, "A2": False}
    # another squad's officer cannot see it at all
    assert _client(team.other_officer).get(f"/api/v1/patrols/{pk}/").status_code == 404


def test_an_incident_through_the_api(team):
    api = _client(team.officer)
    response = api.post(
        "/api/v1/patrols/incidents/",
        {
            "occurred_at": (timezone.now() - dt.timedelta(minutes=10)).isoformat(),
            "place": "建设路",
            "description": "围观人员阻挠执法",
            "staff": [team.officer.staff.pk, team.officer2.staff.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    closing = _client(team.leader).post(
        f"/api/v1/patrols/incidents/{pk}/close/", {"outcome": "x"}, format="json"
    )
    error = closing.json()["error"]
    assert closing.status_code == 422 and error["code"] == "incident_not_reported"
    assert "004" in error["citation"]
    now = timezone.now().isoformat()
    api.post(
        f"/api/v1/patrols/incidents/{pk}/inform/", {"government_at": now, "superior_at": now}, format="json"
    )
    api.post(f"/api/v1/patrols/incidents/{pk}/follow-up/", {"text": "已走访当事人"}, format="json")
    closed = _client(team.leader).post(
        f"/api/v1/patrols/incidents/{pk}/close/", {"outcome": "依法处理"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert len(closed.json()["updates"]) == 1
    assert (
        _client(team.squad_leader)
        .post(f"/api/v1/patrols/incidents/{pk}/close/", {"outcome": "x"}, format="json")
        .status_code
        == 403
    )


def test_the_pages_on_a_phone_flow(client, team):
    client.force_login(team.officer)
    assert client.get("/work/patrols/").status_code == 200
    response = client.post("/work/patrols/start/")
    patrol = Patrol.objects.get(staff=team.officer.staff)
    assert response["Location"] == f"/work/patrols/{patrol.pk}/"
    page = client.get(f"/work/patrols/{patrol.pk}/")
    assert b'id="recorder"' in page.content and b"patrol-track" in page.content
    refused = client.post(f"/work/patrols/{patrol.pk}/", {"description": ""})
    assert refused.status_code == 422
    assert client.post(f"/work/patrols/{patrol.pk}/", {"description": "乱堆物料"}).status_code == 302
    finding = patrol.findings.get()
    assert client.get(f"/work/patrols/findings/{finding.pk}/").status_code == 200
    linked = client.post(
        f"/work/patrols/findings/{finding.pk}/", {"as": "link", "l-nothing_reason": "已清理"}
    )
    assert linked.status_code == 302
    client.post(f"/work/patrols/{patrol.pk}/end/")
    patrol.refresh_from_db()
    assert patrol.status == Patrol.Status.ENDED


def test_assigning_a_shift_and_reporting_an_incident_on_the_pages(client, team):
    client.force_login(team.squad_leader)
    response = client.post(
        "/work/patrols/assignments/",
        {
            "grid": team.grid_a.pk,
            "day": timezone.localdate().isoformat(),
            "starts_at": "08:00",
            "ends_at": "12:00",
            "staff": [team.officer.staff.pk],
        },
    )
    assert response.status_code == 302
    refused = client.post(
        "/work/patrols/assignments/",
        {
            "grid": team.grid_a.pk,
            "day": timezone.localdate().isoformat(),
            "starts_at": "08:00",
            "ends_at": "12:00",
            "staff": [team.officer.staff.pk],
        },
    )
    assert refused.status_code == 422  # the same shift twice
    assert client.get("/work/patrols/coverage/").status_code == 200
    client.force_login(team.officer)
    response = client.post(
        "/work/patrols/incidents/new/",
        {
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "人民路",
            "description": "争执",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    page = client.get(f"/work/patrols/incidents/{incident.pk}/")
    assert page.status_code == 200 and "Close the incident" not in page.content.decode()
    from django.test import RequestFactory

    from sunshine.patrols.work import cards

    request = RequestFactory().get("/work/")
    request.user = team.leader
    (card,) = [c for c in cards(request) if c["url"] == "/work/patrols/incidents/"]
    assert card["value"] == 1 and card["variant"] == "warning"
    Incident.objects.update(reported_at=timezone.now() - dt.timedelta(hours=3))  # past the time to inform
    (card,) = [c for c in cards(request) if c["url"] == "/work/patrols/incidents/"]
    assert card["variant"] == "danger"
