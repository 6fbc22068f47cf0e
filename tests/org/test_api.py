"""The organisation's REST API: shapes, scoping, errors and query counts."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sunshine.accounts.roles import Role
from sunshine.org.models import Certificate, Staff

from ..factories import (
    BodyCameraFactory,
    CertificateFactory,
    GridFactory,
    StaffFactory,
    TrainingRecordFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[118.3, 34.3], [118.4, 34.3], [118.4, 34.4], [118.3, 34.4], [118.3, 34.3]]],
}


@pytest.fixture
def api(login):
    def make(user):
        return login(APIClient(), user)

    return make


def test_units_shape(api, make_user, bureau):
    data = api(make_user(Role.OFFICER)).get("/api/v1/org/units/").json()
    assert data["count"] == 6
    first = data["results"][0]
    assert set(first) == {
        "id", "code", "name", "short_name", "kind", "parent", "path", "phone", "address", "duties",
        "officers", "qualified", "auxiliaries", "civilians",
    }  # fmt: skip
    squad1 = next(u for u in data["results"] if u["code"] == "S1")
    assert (squad1["officers"], squad1["qualified"]) == (1, 1)


def test_staff_list_is_scoped_and_filtered(api, make_user, bureau):
    officer = make_user(Role.OFFICER)
    StaffFactory(unit=bureau["squad2"], name="邻队李")
    aux = StaffFactory(unit=bureau["squad1"], name="本队协管", kind=Staff.Kind.AUXILIARY)
    client = api(officer)
    names = {row["name"] for row in client.get("/api/v1/org/staff/").json()["results"]}
    assert "邻队李" not in names and "本队协管" in names
    rows = client.get("/api/v1/org/staff/?qualified=no").json()["results"]
    assert [r["id"] for r in rows] == [aux.pk]
    row = client.get("/api/v1/org/staff/?qualified=yes").json()["results"][0]
    assert row["qualified"] is True
    assert row["certificate"]["status"] == "valid"
    assert set(row["unit"]) == {"id", "code", "name"}


def test_staff_detail_with_qualification(api, make_user, bureau):
    client = api(make_user(Role.LEADER))
    person = StaffFactory(unit=bureau["squad2"], status=Staff.Status.STUDY_LEAVE)
    CertificateFactory(staff=person, status=Certificate.Status.SUSPENDED)
    TrainingRecordFactory(staff=person, hours=60, date=dt.date(2025, 4, 1))
    data = client.get(f"/api/v1/org/staff/{person.pk}/").json()
    assert data["qualified"] is False
    assert [p["code"] for p in data["qualification"]["problems"]] == [
        "org.not_active",
        "org.no_valid_certificate",
    ]
    assert all(p["citation"] for p in data["qualification"]["problems"])
    assert data["training"] == [{"year": 2025, "hours": "60.0", "required": "60", "met": True}]
    assert "id_number" not in data
    assert len(data["certificates"]) == 1


def test_staff_detail_of_another_squad_is_404(api, make_user, bureau):
    stranger = StaffFactory(unit=bureau["squad2"])
    client = api(make_user(Role.OFFICER))
    missing = client.get("/api/v1/org/staff/999999/")
    hidden = client.get(f"/api/v1/org/staff/{stranger.pk}/")
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()


@pytest.mark.parametrize("role", [Role.AUXILIARY, Role.SOCIAL_SUPERVISOR, Role.AUDIT_ADMIN])
def test_forbidden_roles(api, make_user, role):
    assert api(make_user(role)).get("/api/v1/org/staff/").status_code == 403


def test_anonymous(bureau):
    assert APIClient().get("/api/v1/org/staff/").status_code == 401


def test_grids_and_locate(api, make_user, bureau):
    client = api(make_user(Role.OFFICER))
    grid = GridFactory(
        code="G-A",
        squad=bureau["squad1"],
        polygon=SQUARE,
        min_lng=118.3,
        min_lat=34.3,
        max_lng=118.4,
        max_lat=34.4,
    )
    data = client.get("/api/v1/org/grids/").json()
    assert data["results"][0]["bbox"] == [118.3, 34.3, 118.4, 34.4]
    assert data["results"][0]["squad"]["code"] == "S1"
    found = client.get("/api/v1/org/grids/locate/?lng=118.35&lat=34.35").json()
    assert found["grid"]["id"] == grid.pk
    assert client.get("/api/v1/org/grids/locate/?lng=118.45&lat=34.35").json() == {"grid": None}
    bad = client.get("/api/v1/org/grids/locate/?lng=abc&lat=34.35")
    assert bad.status_code == 400
    assert "lng" in bad.json()["error"]["fields"]
    assert client.get("/api/v1/org/grids/locate/?lng=181&lat=34").status_code == 400


def test_equipment_scoped(api, make_user, bureau):
    officer = make_user(Role.OFFICER)
    BodyCameraFactory(unit=bureau["squad1"], serial="OWN", assigned_to=officer.staff)
    BodyCameraFactory(unit=bureau["squad2"], serial="OTHER")
    VehicleFactory(unit=bureau["squad2"], plate="苏C-OTHER")
    VehicleFactory(unit=bureau["squad1"], plate="苏C-OWN")
    client = api(officer)
    cameras = client.get("/api/v1/org/body-cameras/").json()["results"]
    assert [c["serial"] for c in cameras] == ["OWN"]
    assert cameras[0]["assigned_to"]["id"] == officer.staff.pk
    vehicles = client.get("/api/v1/org/vehicles/").json()["results"]
    assert [v["plate"] for v in vehicles] == ["苏C-OWN"]


@pytest.mark.parametrize(
    "path", ["/api/v1/org/staff/", "/api/v1/org/units/", "/api/v1/org/body-cameras/", "/api/v1/org/grids/"]
)
def test_list_query_counts_bounded(api, make_user, bureau, django_assert_max_num_queries, path):
    client = api(make_user(Role.LEADER))
    for _ in range(20):
        person = StaffFactory(unit=bureau["squad2"])
        CertificateFactory(staff=person)
        BodyCameraFactory(unit=bureau["squad2"], assigned_to=person)
        GridFactory(squad=bureau["squad2"])
    client.get(path)  # warm up
    with django_assert_max_num_queries(12):
        assert client.get(path).status_code == 200
