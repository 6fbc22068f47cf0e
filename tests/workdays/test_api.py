"""The calendar API on good and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.workdays.services import deadline_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(api_client, make_user):
    api_client.force_authenticate(make_user("officer"))
    return api_client


def test_add_working_days_across_national_day(officer_client):
    response = officer_client.get(
        "/api/v1/calendar/add", {"start": "2026-09-29", "days": 5, "kind": "working"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2026-10-12"
    assert body["provisional"] is False
    assert (body["start"], body["days"], body["kind"]) == ("2026-09-29", 5, "working")
    assert "2026-10-12" in body["explanation"]


def test_add_calendar_days_rolls_forward_unless_told_not_to(officer_client):
    url = "/api/v1/calendar/add"
    body = officer_client.get(url, {"start": "2026-09-18", "days": 15, "kind": "calendar"}).json()
    assert (body["date"], body["rolled_from"]) == ("2026-10-08", "2026-10-03")
    body = officer_client.get(
        url, {"start": "2026-09-18", "days": 15, "kind": "calendar", "roll_forward": "false"}
    )
    assert body.json()["date"] == "2026-10-03"


def test_add_by_law(officer_client):
    body = officer_client.get(
        "/api/v1/calendar/add", {"start": "2026-09-29", "days": 5, "law": "penalty"}
    ).json()
    assert (body["date"], body["kind"], body["rule"]) == ("2026-10-12", "working", "penalty_law_85")
    body = officer_client.get(
        "/api/v1/calendar/add", {"start": "2026-09-18", "days": 15, "law": "penalty"}
    ).json()
    assert (body["date"], body["kind"]) == ("2026-10-08", "calendar")


def test_add_provisional_in_2027(officer_client):
    body = officer_client.get(
        "/api/v1/calendar/add", {"start": "2026-12-28", "days": 5, "kind": "working"}
    ).json()
    assert body["date"] == "2027-01-04"
    assert body["provisional"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-13-45", "days": 5, "kind": "working"}, "start"),
        ({"start": "yesterday", "days": 5, "kind": "working"}, "start"),
        ({"start": "9999-12-31", "days": 3660, "kind": "working"}, "start"),
        ({"start": "2026-09-29", "days": -1, "kind": "working"}, "days"),
        ({"start": "2026-09-29", "days": 3661, "kind": "working"}, "days"),
        ({"start": "2026-09-29", "days": 10**30, "kind": "working"}, "days"),
        ({"start": "2026-09-29", "days": "five", "kind": "working"}, "days"),
        ({"start": "2026-09-29", "days": 5, "kind": "fortnights"}, "kind"),
        ({"start": "2026-09-29", "days": 5}, "kind"),
        ({"start": "2026-09-29", "days": 5, "law": "traffic"}, "law"),
        ({"days": 5, "kind": "working"}, "start"),
        ({"start": "2026-09-29", "days": 5, "kind": "calendar", "roll_forward": "maybe"}, "roll_forward"),
    ],
)
def test_add_bad_input_is_400(officer_client, params, field):
    response = officer_client.get("/api/v1/calendar/add", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]


def test_add_largest_allowed_count(officer_client):
    response = officer_client.get(
        "/api/v1/calendar/add", {"start": "2150-12-31", "days": 3660, "kind": "working"}
    )
    assert response.status_code == 200
    assert response.json()["provisional"] is True


def test_add_needs_login_and_capability(api_client, make_user):
    assert (
        api_client.get(
            "/api/v1/calendar/add", {"start": "2026-09-29", "days": 5, "kind": "working"}
        ).status_code
        == 401
    )
    api_client.force_authenticate(make_user("audit_admin"))
    response = api_client.get("/api/v1/calendar/add", {"start": "2026-09-29", "days": 5, "kind": "working"})
    assert response.status_code == 403


def test_days_default_to_this_year(officer_client):
    from django.utils import timezone

    body = officer_client.get("/api/v1/calendar/days/").json()
    assert body["year"] == timezone.localdate().year


def test_days_of_2026(officer_client):
    body = officer_client.get("/api/v1/calendar/days/", {"year": 2026}).json()
    assert body["status"] == "official"
    assert len(body["days"]) == 365
    oct1 = next(d for d in body["days"] if d["date"] == "2026-10-01")
    assert oct1 == {"date": "2026-10-01", "kind": "holiday", "is_workday": False, "name": "国庆节"}
    only = officer_client.get("/api/v1/calendar/days/", {"year": 2026, "exceptions_only": "true"}).json()
    assert len(only["days"]) == 33 + 6
    assert officer_client.get("/api/v1/calendar/days/", {"year": 2027}).json()["status"] == "provisional"


@pytest.mark.parametrize("year", ["twenty", "1800", "99999", "2026.5"])
def test_days_bad_year_is_400(officer_client, year):
    response = officer_client.get("/api/v1/calendar/days/", {"year": year})
    assert response.status_code == 400
    assert "year" in response.json()["error"]["fields"]


def test_deadline_board_api(api_client, make_user, bureau):
    officer = make_user("officer")
    other = make_user("officer", unit="squad2", username="other")
    for user, key in ((officer, "mine"), (other, "theirs")):
        deadline_set(
            owner=bureau["squad1"],
            key=key,
            label=key,
            start=dt.date(2026, 9, 29),
            length=5,
            kind="working",
            responsible=user,
            actor=user,
        )
    api_client.force_authenticate(officer)
    body = api_client.get("/api/v1/calendar/deadlines/").json()
    assert [r["key"] for r in body["results"]] == ["mine"]
    row = body["results"][0]
    assert row["due"] == "2026-10-12"
    assert row["owner_type"] == "org.unit"
    assert row["provisional"] is False
    assert row["state"] in {"overdue", "due_soon", "ok"}
    assert api_client.get("/api/v1/calendar/deadlines/", {"scope": "unit"}).json()["count"] == 1
    unit2 = bureau["squad2"].pk
    assert api_client.get("/api/v1/calendar/deadlines/", {"scope": "unit", "unit": unit2}).status_code == 404
    assert api_client.get("/api/v1/calendar/deadlines/", {"scope": "everyone"}).status_code == 400
    api_client.force_authenticate(make_user("auxiliary"))
    assert api_client.get("/api/v1/calendar/deadlines/").status_code == 403


def test_year_put_api(api_client, make_user):
    payload = {
        "holidays": [{"date": "2027-10-01", "name": "国庆节"}],
        "makeup_workdays": [{"date": "2027-10-09", "name": "国庆节"}],
    }
    api_client.force_authenticate(make_user("officer"))
    assert api_client.put("/api/v1/calendar/years/2027/", payload, format="json").status_code == 403
    api_client.force_authenticate(make_user("system_admin"))
    response = api_client.put("/api/v1/calendar/years/2027/", payload, format="json")
    assert response.status_code == 200
    assert response.json() == {"year": 2027, "status": "official", "source": "administrator"}
    bad = {"holidays": [], "makeup_workdays": [{"date": "2027-10-08", "name": ""}]}
    response = api_client.put("/api/v1/calendar/years/2027/", bad, format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "makeup_not_weekend"
    bad = {"holidays": [{"date": "not a date"}], "makeup_workdays": []}
    assert api_client.put("/api/v1/calendar/years/2027/", bad, format="json").status_code == 400
