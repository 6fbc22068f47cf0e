"""The parties API: parties, recommendation, contacts (scoped, auxiliary-limited), vending points, 721."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.org.models import Staff
from sunshine.parties import ladder, services
from sunshine.parties.models import FieldContact, Party, Step
from tests.factories import PartyFactory

from .test_services import PNG, VALID_ID, record

API = "/api/v1/parties/"


@pytest.fixture
def as_user(api_client):
    def login(user):
        api_client.force_authenticate(user)
        return api_client

    return login


def test_party_search_and_create(as_user, officer):
    client = as_user(officer)
    response = client.post(API, {"name": "张三", "id_number": VALID_ID, "laid_off": True})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["gender"] == "F" and body["vulnerable"] is True and body["duplicate"] is False
    again = client.post(API, {"name": "张叁", "id_number": VALID_ID})
    assert again.status_code == 200 and again.json()["duplicate"] is True and again.json()["id"] == body["id"]
    bad = client.post(API, {"name": "张三", "id_number": "110105194912310021"})
    assert bad.status_code == 400 and "id_number" in bad.json()["error"]["fields"]
    PartyFactory(name="李四")
    found = client.get(API, {"q": "张"}).json()
    assert [p["name"] for p in found["results"]] == ["张三"]
    assert client.get(API, {"q": VALID_ID}).json()["count"] == 1
    assert client.get(API, {"vulnerable": "1"}).json()["count"] == 1


def test_party_detail_and_patch(as_user, officer, party):
    client = as_user(officer)
    assert client.get(f"{API}{party.pk}/").json()["name"] == "王五"
    response = client.patch(f"{API}{party.pk}/", {"disabled": True}, format="json")
    assert response.status_code == 200 and response.json()["vulnerable"] is True
    assert client.get(f"{API}999999/").status_code == 404


def test_party_api_permissions(as_user, make_user, party):
    clerk = as_user(make_user(Role.INTAKE_CLERK))
    assert clerk.get(API).status_code == 403
    inspector = as_user(make_user(Role.INSPECTOR))
    assert inspector.get(API).status_code == 200
    assert inspector.post(API, {"name": "张三"}).status_code == 403
    assert not Party.objects.filter(name="张三").exists()


def test_recommendation_endpoint(as_user, officer, party, matter):
    client = as_user(officer)
    url = f"{API}{party.pk}/recommendation/"
    assert client.get(url, {"matter": matter.code}).json()["step"] == "persuade"
    record(officer, matter, party=party)
    body = client.get(url, {"matter": matter.code}).json()
    assert body["step"] == "educate" and body["history"][0]["step"] == "persuade" and body["citation"]
    assert client.get(url, {"matter": "NOPE"}).status_code == 400
    every = client.get(url).json()["recommendations"]
    assert [(r["matter"], r["step"]) for r in every] == [(matter.code, "educate")]


def test_record_contact_via_api(as_user, officer, party, matter, grids):
    client = as_user(officer)
    response = client.post(
        f"{API}contacts/",
        {
            "party": party.pk,
            "matter": matter.code,
            "step": "persuade",
            "outcome": "complied",
            "lng": 118.05,
            "lat": 34.05,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["grid"] == "GA" and body["recommended_step"] == "persuade"
    assert body["officers"] == [
        {"id": Staff.objects.get(user=officer).pk, "name": Staff.objects.get(user=officer).name}
    ]


def test_auxiliary_warn_is_refused_with_422(as_user, auxiliary, officer, party, matter):
    client = as_user(auxiliary)
    staff = [Staff.objects.get(user=auxiliary).pk, Staff.objects.get(user=officer).pk]
    response = client.post(
        f"{API}contacts/",
        {"party": party.pk, "matter": matter.code, "step": "warn", "outcome": "complied", "officers": staff},
        format="json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "auxiliary_step" and "第四十二条" in error["citation"]
    assert not FieldContact.objects.exists()
    ok = client.post(
        f"{API}contacts/",
        {"party": party.pk, "matter": matter.code, "step": "educate", "outcome": "complied"},
        format="json",
    )
    assert ok.status_code == 201


def test_contact_with_photo_multipart(as_user, officer, party, matter, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = as_user(officer)
    data = {"party": party.pk, "matter": matter.code, "step": "persuade", "outcome": "complied"}
    response = client.post(
        f"{API}contacts/",
        {**data, "photo": SimpleUploadedFile("a.png", PNG, "image/png")},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["photo"].endswith("/photo/")
    bad = client.post(
        f"{API}contacts/",
        {**data, "photo": SimpleUploadedFile("a.jpg", b"GIF89a" + b"\0" * 40, "image/jpeg")},
        format="multipart",
    )
    assert bad.status_code == 400 and "photo" in bad.json()["error"]["fields"]


def test_contacts_are_scoped_to_the_squad(as_user, officer, officer_s2, make_user, party, matter, grids):
    record(officer, matter, party=party, lng=118.05, lat=34.05)  # squad 1's grid, squad 1's officer
    record(officer_s2, matter, party=party, lng=118.25, lat=34.05)  # squad 2's grid
    mine = as_user(officer).get(f"{API}contacts/").json()
    assert mine["count"] == 1
    other_pk = FieldContact.objects.get(grid=grids["b"]).pk
    assert as_user(officer).get(f"{API}contacts/{other_pk}/").status_code == 404
    assert as_user(make_user(Role.INSPECTOR)).get(f"{API}contacts/").json()["count"] == 2
    # squad 2's officer sees a contact recorded in their grid by squad 1's officer
    record(officer, matter, party=party, lng=118.26, lat=34.06)
    assert as_user(officer_s2).get(f"{API}contacts/").json()["count"] == 2


def test_contact_list_filters_and_query_count(as_user, officer, matter, noise_matter, party):
    for _ in range(5):
        record(officer, matter, party=party)
    record(officer, noise_matter, party=party, step=Step.EDUCATE)
    client = as_user(officer)
    assert client.get(f"{API}contacts/", {"matter": matter.code}).json()["count"] == 5
    assert client.get(f"{API}contacts/", {"step": "educate"}).json()["count"] == 1
    today = timezone.localdate()
    assert (
        client.get(f"{API}contacts/", {"from": (today + dt.timedelta(days=1)).isoformat()}).json()["count"]
        == 0
    )
    assert client.get(f"{API}contacts/", {"mine": "1"}).json()["count"] == 6
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{API}contacts/")
    first = len(queries)
    for _ in range(10):
        record(officer, matter, party=PartyFactory())
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{API}contacts/")
    assert len(queries) == first


def test_vending_points_api(as_user, leader1, officer, grids, party, vulnerable_party):
    leader = as_user(leader1)
    response = leader.post(
        f"{API}vending-points/",
        {"code": "P1", "name": "城南小学疏导点", "lng": 118.05, "lat": 34.05, "capacity": 1},
        format="json",
    )
    assert response.status_code == 201, response.content
    point = response.json()
    assert point["grid"] == "GA" and point["occupied"] == 0
    client = as_user(officer)
    assert (
        client.post(
            f"{API}vending-points/", {"code": "P2", "name": "x", "lng": 1, "lat": 1, "capacity": 1}
        ).status_code
        == 403
    )
    assigned = client.post(f"{API}vending-points/{point['id']}/assign/", {"party": party.pk}, format="json")
    assert assigned.status_code == 201
    full = client.post(
        f"{API}vending-points/{point['id']}/assign/", {"party": vulnerable_party.pk}, format="json"
    )
    assert full.status_code == 422 and full.json()["error"]["code"] == "point_full"
    assert client.get(f"{API}vending-points/{point['id']}/").json()["occupied"] == 1
    assert len(client.get(f"{API}vending-points/{point['id']}/assign/").json()) == 1
    released = client.post(f"{API}assignments/{assigned.json()['id']}/release/", {}, format="json")
    assert released.status_code == 200
    assert client.get(f"{API}vending-points/").json()["results"][0]["occupied"] == 0
    leader = as_user(leader1)  # the same client, logged in again as the squad leader
    patched = leader.patch(f"{API}vending-points/{point['id']}/", {"capacity": 3}, format="json")
    assert patched.status_code == 200 and patched.json()["capacity"] == 3


def test_split_721(as_user, officer, make_user, party, matter):
    for step in [Step.PERSUADE] * 5 + [Step.EDUCATE] * 2 + [Step.WARN] * 2:
        record(officer, matter, party=party, step=step)

    def cases(*, start, end, unit):
        return 1

    ladder.register_enforcement_counter(cases)
    try:
        body = as_user(officer).get(f"{API}split-721/").json()
    finally:
        ladder.unregister_enforcement_counter(cases)
    assert body["service"] == {"count": 7, "share": "70.0", "target": "70"}
    assert body["management"]["count"] == 2 and body["management"]["share"] == "20.0"
    assert body["enforcement"]["count"] == 1 and body["total"] == 10
    other = make_user(Role.OFFICER, unit="squad2", username="s2")
    assert as_user(other).get(f"{API}split-721/").json()["total"] == 0
    assert (
        as_user(officer).get(f"{API}split-721/", {"from": "2026-02-01", "to": "2026-01-01"}).status_code
        == 400
    )


def test_service_level_dedupe_returns_existing(officer):
    first = services.party_create(actor=officer, name="张三", id_number=VALID_ID)
    assert services.party_create(actor=officer, name="张三", id_number=VALID_ID).party == first.party
