"""The public portal pages, the open data files, the staff pages and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.disclosure import services
from sunshine.disclosure.models import Publication, Status
from sunshine.org.models import Certificate, Staff
from tests.factories import CertificateFactory, StaffFactory

from .conftest import person

pytestmark = pytest.mark.django_db
D = dt.date

PUBLIC_PAGES = [
    "/disclosure/",
    "/disclosure/units/",
    "/disclosure/officers/",
    "/disclosure/powers/",
    "/disclosure/procedures/",
    "/disclosure/guides/",
    "/disclosure/review-catalog/",
    "/disclosure/contact/",
    "/disclosure/decisions/",
    "/disclosure/audit/",
    "/disclosure/data/",
]


def _published(decide, team, **kwargs) -> Publication:
    pub = decide(**kwargs)
    services.publication_publish(actor=team.reviewer, pk=pub.pk)
    pub.refresh_from_db()
    return pub


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_need_no_login_and_are_accessible(client, team, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="' in html
    assert 'href="#main"' in html  # skip link
    assert "<h1" in html


def test_officers_only_with_a_certificate_in_force_never_auxiliaries(client, team, bureau):
    aux = StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.AUXILIARY, name="协管员甲")
    expired = StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.OFFICER, name="过期队员")
    CertificateFactory(staff=expired, issued_on=D(2018, 1, 1), expires_on=D(2020, 1, 1))
    revoked = StaffFactory(unit=bureau["squad1"], kind=Staff.Kind.OFFICER, name="吊销队员")
    CertificateFactory(staff=revoked, status=Certificate.Status.REVOKED)
    Staff.objects.filter(pk=team.officer1.staff.pk).update(
        phone="13955556666", id_number="11010519491231002X"
    )
    html = client.get("/disclosure/officers/").content.decode()
    assert team.officer1.staff.name in html
    cert = team.officer1.staff.certificates.first()
    assert cert.number in html
    for hidden in (aux.name, expired.name, revoked.name):
        assert hidden not in html
    assert "13955556666" not in html and "11010519491231002X" not in html
    found = client.get("/disclosure/officers/", {"q": cert.number}).content.decode()
    assert team.officer1.staff.name in found and team.officer2.staff.name not in found


def test_decision_list_shows_only_published_with_filters(client, decide, team):
    shown = _published(decide, team, unit="squad1")
    other_unit = _published(decide, team, unit="squad2")
    pending = decide()
    held = decide()
    services.publication_hold_back(actor=team.reviewer, pk=held.pk, ground="privacy", reason="涉及隐私")
    html = client.get("/disclosure/decisions/").content.decode()
    assert shown.document_number in html and other_unit.document_number in html
    assert pending.document_number not in html and held.document_number not in html
    only = client.get("/disclosure/decisions/", {"unit": team.bureau["squad2"].pk}).content.decode()
    assert other_unit.document_number in only and shown.document_number not in only
    none = client.get("/disclosure/decisions/", {"date_from": "2027-01-01"}).content.decode()
    assert shown.document_number not in none
    # bad filter values are ignored, never a server error
    assert (
        client.get("/disclosure/decisions/", {"date_from": "x", "unit": "y", "page": "z"}).status_code == 200
    )


def test_decision_page_and_404_for_what_is_not_public(client, decide, team):
    pub = _published(decide, team)
    html = client.get(f"/disclosure/decisions/{pub.pk}/").content.decode()
    assert "张某某" in html and pub.document_number in html and pub.legal_basis in html
    assert client.get(f"/disclosure/decisions/{decide().pk}/").status_code == 404  # pending
    minor = decide(party=person("李小明", birth_date=D(2012, 1, 1)))
    assert minor.status == Status.EXCLUDED
    assert client.get(f"/disclosure/decisions/{minor.pk}/").status_code == 404


def test_withdrawn_page_shows_withdrawn_and_the_reason_only(client, decide, team):
    pub = _published(decide, team)
    client.get(f"/disclosure/decisions/{pub.pk}/")  # cached before the withdrawal
    services.publication_withdraw(actor=team.reviewer, pk=pub.pk, reason="该决定已被依法撤销。")
    html = client.get(f"/disclosure/decisions/{pub.pk}/").content.decode()
    assert "该决定已被依法撤销。" in html
    assert "张某某" not in html and pub.penalty not in html
    api = client.get(f"/api/v1/disclosure/decisions/{pub.pk}/").json()
    assert api["status"] == "withdrawn" and api["party"] == "" and api["withdrawal_reason"]


def test_publication_shows_at_once_despite_the_cache(client, decide, team):
    first = _published(decide, team)
    assert first.document_number in client.get("/disclosure/decisions/").content.decode()
    second = decide()
    assert second.document_number not in client.get("/disclosure/decisions/").content.decode()
    services.publication_publish(actor=team.reviewer, pk=second.pk)
    assert second.document_number in client.get("/disclosure/decisions/").content.decode()


def test_public_list_never_joins_the_case_tables(client, decide, team):
    for _ in range(3):
        _published(decide, team)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/disclosure/decisions/").status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "cases_" not in sql and "parties_" not in sql
    assert len(queries.captured_queries) <= 3


def test_open_data_json_and_csv(client, decide, team):
    pub = _published(decide, team)
    decide()  # pending: not in the files
    body = b"".join(client.get("/disclosure/data/decisions.json").streaming_content).decode()
    rows = json.loads(body)
    assert [r["document_number"] for r in rows] == [pub.document_number]
    assert rows[0]["party"] == "张某某" and rows[0]["url"].endswith(f"/disclosure/decisions/{pub.pk}/")
    response = client.get("/disclosure/data/decisions.csv")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(text)))
    assert table[0]["document_number"] == pub.document_number
    for name in ("officers", "powers", "units", "review-catalog"):
        assert client.get(f"/disclosure/data/{name}.json").status_code == 200
        assert client.get(f"/disclosure/data/{name}.csv").status_code == 200
    assert client.get("/disclosure/data/secrets.json").status_code == 404
    officers = json.loads(b"".join(client.get("/disclosure/data/officers.json").streaming_content))
    assert {o["name"] for o in officers} >= {team.officer1.staff.name}
    assert all(
        set(o) == {"name", "unit", "certificate_number", "enforcement_category", "enforcement_area"}
        for o in officers
    )


def test_flowcharts_follow_the_transition_table(client, team):
    from sunshine.cases.workflow import ACTION_LABELS

    html = client.get("/disclosure/procedures/").content.decode()
    for action in ("decide", "serve_decision", "file", "serve_advance_notice"):
        assert str(ACTION_LABELS[action]) in html


# --- staff pages and API --------------------------------------------------------------------------


def test_staff_hold_back_page_refuses_without_reason_and_saves_nothing(client, decide, team):
    pub = decide()
    client.force_login(team.reviewer)
    response = client.post(
        f"/work/disclosure/{pub.pk}/hold-back/", {"ground": "privacy", "reason": ""}, follow=True
    )
    assert response.status_code == 200
    assert "第十五条" in response.content.decode()
    pub.refresh_from_db()
    assert pub.status == Status.PENDING
    client.post(f"/work/disclosure/{pub.pk}/hold-back/", {"ground": "privacy", "reason": "涉及个人隐私"})
    pub.refresh_from_db()
    assert pub.status == Status.HELD_BACK and pub.hold_reason == "涉及个人隐私"
    page = client.get(f"/work/disclosure/{pub.pk}/").content.decode()
    assert "涉及个人隐私" in page


def test_staff_list_scoped_to_the_squad(client, decide, team):
    own = decide(unit="squad1")
    other = decide(unit="squad2")
    client.force_login(team.squad_leader)
    html = client.get("/work/disclosure/").content.decode()
    assert own.document_number in html and other.document_number not in html
    assert client.get(f"/work/disclosure/{other.pk}/").status_code == 404
    client.force_login(team.reviewer)
    html = client.get("/work/disclosure/").content.decode()
    assert own.document_number in html and other.document_number in html


def test_api_actions_and_errors(api_client, decide, team):
    pub = decide()
    api_client.force_authenticate(team.reviewer)
    bad = api_client.post(
        f"/api/v1/disclosure/publications/{pub.pk}/hold-back/", {"reason": "x"}, format="json"
    )
    assert bad.status_code == 400 and "ground" in bad.json()["error"]["fields"]
    ok = api_client.post(f"/api/v1/disclosure/publications/{pub.pk}/publish/", format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "published"
    again = api_client.post(f"/api/v1/disclosure/publications/{pub.pk}/publish/", format="json")
    assert again.status_code == 422 and again.json()["error"]["code"] == "disclosure_not_pending"
    held = api_client.post(
        f"/api/v1/disclosure/publications/{pub.pk}/hold-back/",
        {"ground": "privacy", "reason": "x"},
        format="json",
    )
    assert held.status_code == 422 and "第十四条" in held.json()["error"]["citation"]
    gone = api_client.post(
        f"/api/v1/disclosure/publications/{pub.pk}/withdraw/", {"reason": "错误"}, format="json"
    )
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    api_client.force_authenticate(team.squad_leader)
    denied = api_client.post(
        f"/api/v1/disclosure/publications/{pub.pk}/release/", {"reason": "x"}, format="json"
    )
    assert denied.status_code == 403
    listing = api_client.get("/api/v1/disclosure/publications/", {"status": "withdrawn"}).json()
    assert [r["id"] for r in listing["results"]] == [pub.pk]


def test_public_api_list(api_client, decide, team):
    pub = _published(decide, team)
    body = api_client.get("/api/v1/disclosure/decisions/").json()
    assert body["count"] == 1 and body["results"][0]["document_number"] == pub.document_number
    assert body["results"][0]["party"] == "张某某"
    assert api_client.get("/api/v1/disclosure/decisions/999999/").status_code == 404


def test_case_page_shows_the_publication(client, decide, team):
    pub = decide()
    client.force_login(team.reviewer)
    html = client.get(f"/work/cases/{pub.case_id_ref}/").content.decode()
    assert f"/work/disclosure/{pub.pk}/" in html
    client.force_login(team.officer1)  # no disclosure.view: no panel
    assert f"/work/disclosure/{pub.pk}/" not in client.get(f"/work/cases/{pub.case_id_ref}/").content.decode()
