"""The parties pages: the street form, lists, party page, vending points, map data, 721 summary."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.org.models import Staff
from sunshine.parties.models import FieldContact, Party, Step, VendorAssignment
from tests.factories import PartyFactory

from .test_services import VALID_ID, record


@pytest.fixture
def web(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def _form(officer, matter, **extra):
    data = {
        "matter": matter.code,
        "step": "persuade",
        "outcome": "complied",
        "officers": [Staff.objects.get(user=officer).pk],
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "lng": "118.05",
        "lat": "34.05",
        "address": "新沂市钟吾路",
    }
    data.update(extra)
    return data


def test_record_form_renders_for_phone(web, officer, matter):
    response = web(officer).get(reverse("parties:contact_record"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'capture="environment"' in body and 'accept="image/*"' in body
    assert "parties/contact_form.js" in body and "<script>" not in body and 'style="' not in body


def test_record_with_quick_created_party(web, officer, matter, grids):
    response = web(officer).post(
        reverse("parties:contact_record"),
        _form(officer, matter, new_name="赵六", new_id_number=VALID_ID, new_laid_off="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = FieldContact.objects.get()
    assert contact.party.name == "赵六" and contact.party.laid_off and contact.grid == grids["a"]


def test_record_with_unidentified_person(web, officer, matter):
    response = web(officer).post(
        reverse("parties:contact_record"), _form(officer, matter, party_description="骑三轮车卖西瓜")
    )
    assert response.status_code == 302
    assert FieldContact.objects.get().party is None


def test_record_shows_rule_with_citation_and_saves_nothing(web, auxiliary, matter, party):
    response = web(auxiliary).post(
        reverse("parties:contact_record"), _form(auxiliary, matter, party=party.pk, step="warn")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "第四十二条" in body
    assert not FieldContact.objects.exists()


def test_quick_create_is_rolled_back_when_the_contact_fails(web, auxiliary, matter):
    web(auxiliary).post(
        reverse("parties:contact_record"), _form(auxiliary, matter, new_name="孙七", step="warn")
    )
    assert not Party.objects.filter(name="孙七").exists()


def test_recommendation_partial_preselects_the_step(web, officer, matter, party):
    record(officer, matter, party=party)
    response = web(officer).get(
        reverse("parties:contact_recommendation"), {"party": party.pk, "matter": matter.code}
    )
    body = response.content.decode()
    assert 'value="educate" checked' in body and 'data-testid="recommendation"' in body


def test_auxiliary_sees_warn_and_guide_disabled(web, auxiliary, matter):
    body = (
        web(auxiliary)
        .get(reverse("parties:contact_recommendation"), {"matter": matter.code})
        .content.decode()
    )
    assert re.search(r'value="warn"[^>]*disabled', body) and re.search(r'value="guide"[^>]*disabled', body)
    assert not re.search(r'value="persuade"[^>]*disabled', body)


def test_party_search_partial(web, officer):
    PartyFactory(name="张三丰")
    body = web(officer).get(reverse("parties:party_search"), {"q": "张三"}).content.decode()
    assert "张三丰" in body and 'name="party"' in body


def test_party_pages(web, officer, vulnerable_party, matter, point):
    record(officer, matter, party=vulnerable_party)
    record(officer, matter, party=vulnerable_party, step=Step.EDUCATE)
    client = web(officer)
    body = client.get(reverse("parties:party_detail", args=[vulnerable_party.pk])).content.decode()
    assert "李四" in body and "ladder-step" in body and 'class="ladder-step reached next"' not in body
    assert client.get(reverse("parties:party_list"), {"q": "李"}).status_code == 200
    response = client.post(
        reverse("parties:party_create"),
        {"kind": "individual", "name": "周八", "id_number": "110105194912310021"},
    )
    assert response.status_code == 200 and not Party.objects.filter(name="周八").exists()
    response = client.post(reverse("parties:party_create"), {"kind": "individual", "name": "周八"})
    assert response.status_code == 302
    edit = client.post(
        reverse("parties:party_edit", args=[vulnerable_party.pk]),
        {"kind": "individual", "name": "李四", "disabled": "on"},
    )
    assert edit.status_code == 302
    vulnerable_party.refresh_from_db()
    assert vulnerable_party.disabled and not vulnerable_party.laid_off


def test_contact_list_query_count_does_not_grow(web, officer, matter):
    client = web(officer)
    for _ in range(3):
        record(officer, matter, party=PartyFactory())
    client.get(reverse("parties:contact_list"))  # warm-up: the security policy row is created once
    with CaptureQueriesContext(connection) as before:
        assert client.get(reverse("parties:contact_list")).status_code == 200
    for _ in range(10):
        record(officer, matter, party=PartyFactory())
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("parties:contact_list"))
    assert len(after) == len(before)


def test_contact_detail_scoped(web, officer, officer_s2, matter, party, grids):
    contact = record(officer, matter, party=party, lng=118.05, lat=34.05)
    assert web(officer).get(reverse("parties:contact_detail", args=[contact.pk])).status_code == 200
    assert web(officer_s2).get(reverse("parties:contact_detail", args=[contact.pk])).status_code == 404


def test_vending_point_pages(web, leader1, officer, point, party):
    client = web(officer)
    assert "城南小学疏导点" in client.get(reverse("parties:point_list")).content.decode()
    client.post(reverse("parties:point_assign", args=[point.pk]), {"party": party.pk})
    assignment = VendorAssignment.objects.get()
    assert "王五" in client.get(reverse("parties:point_detail", args=[point.pk])).content.decode()
    client.post(reverse("parties:assignment_release", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.ends_on == timezone.localdate()
    assert client.get(reverse("parties:point_create")).status_code == 403
    leader = web(leader1)
    response = leader.post(
        reverse("parties:point_create"),
        {
            "code": "P9",
            "name": "新点",
            "lng": "118.01",
            "lat": "34.01",
            "capacity": "4",
            "reserved_for_vulnerable": "1",
            "active": "on",
        },
    )
    assert response.status_code == 302


def test_map_data(web, officer, matter, party, point, grids):
    record(officer, matter, party=party, lng=118.05, lat=34.05)
    client = web(officer)
    page = client.get(reverse("parties:map")).content.decode()
    assert "vendor/echarts/echarts.min.js" in page and "parties/map.js" in page
    data = client.get(reverse("parties:map_data")).json()
    assert {f["properties"]["name"] for f in data["geojson"]["features"]} == {"GA", "GB"}
    assert data["contacts"][0]["value"] == [118.05, 34.05] and data["points"][0]["capacity"] == 2


def test_summary_page(web, officer, make_user, matter, party):
    record(officer, matter, party=party)
    record(officer, matter, party=party, step=Step.WARN)
    body = web(officer).get(reverse("parties:summary")).content.decode()
    assert "50.0%" in body
    inspector = make_user(Role.INSPECTOR)
    assert web(inspector).get(reverse("parties:summary")).status_code == 200


def test_work_cards(rf, officer, matter, party):
    from sunshine.parties.work import cards

    record(officer, matter, party=party, outcome=FieldContact.Outcome.NOT_COMPLIED)
    request = rf.get("/work/")
    request.user = officer
    mine, full = cards(request)
    assert mine["value"] == 1 and mine["variant"] == "warning" and full["value"] == 0


def test_pages_need_the_capability(web, make_user):
    clerk = web(make_user(Role.INTAKE_CLERK))
    for name in ("party_list", "contact_list", "point_list", "map", "summary", "contact_record"):
        assert clerk.get(reverse(f"parties:{name}")).status_code == 403
