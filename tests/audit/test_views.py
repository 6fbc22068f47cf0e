"""The audit administrator's pages and API, and the public checkpoints."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sunshine.audit.chain import verify_proof
from sunshine.audit.models import Event
from sunshine.audit.services import audit_append, checkpoint_create_missing
from sunshine.audit.signing import fingerprint, public_raw

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(clock, make_user):
    officer = make_user("officer", username="zhangsan")
    clock.set(2026, 3, 1, 9, 0)
    for i in range(7):
        audit_append(
            actor=officer, action="cases.file", object_type="cases.case", object_id=str(i), payload={"i": i}
        )
    clock.set(2026, 3, 2, 9, 0)
    audit_append(
        actor=None,
        action="org.unit_update",
        object_type="org.unit",
        object_id="3",
        payload={"名称": "一中队"},
    )
    clock.set(2026, 3, 3, 9, 0)
    checkpoint_create_missing()
    return officer


def test_only_the_audit_administrator_sees_the_log(client, make_user, auditor_client):
    for role in ("officer", "squad_leader", "legal_reviewer", "inspector"):  # 2FA roles: the matrix
        user = make_user(role, username=f"u-{role}")
        client.force_login(user)
        assert client.get("/work/audit/").status_code == 403
        assert client.get("/api/v1/audit/events/").status_code == 403
    assert auditor_client.get("/work/audit/").status_code == 200


def test_event_list_filters_and_pages(sample, auditor_client):
    response = auditor_client.get("/work/audit/", {"actor": "zhangsan"})
    assert response.status_code == 200
    seqs = [event.seq for event in response.context["page"].events]
    assert len(seqs) == 7 and seqs == sorted(seqs, reverse=True)
    response = auditor_client.get("/work/audit/", {"action": "org."})
    assert [e.action for e in response.context["page"].events] == ["org.unit_update"]
    response = auditor_client.get("/work/audit/", {"object_type": "cases.case", "object_id": "3"})
    assert [e.object_id for e in response.context["page"].events] == ["3"]
    response = auditor_client.get("/work/audit/", {"since": "2026-03-02", "until": "2026-03-02"})
    assert [e.action for e in response.context["page"].events] == ["org.unit_update"]
    response = auditor_client.get("/work/audit/", {"since": "2026-03-05", "until": "2026-03-01"})
    assert len(response.context["form"].non_field_errors()) == 1
    assert "起始日期晚于截止日期。" in response.content.decode()  # the page speaks Chinese by default


def test_keyset_pages_cover_every_event_once(sample):
    from sunshine.audit.selectors import EventFilters, event_page

    seen, before = [], None
    while True:
        page = event_page(EventFilters(actor="zhangsan"), before=before, size=3)
        seen.extend(e.seq for e in page.events)
        if page.older is None:
            break
        before = page.older
    assert len(seen) == 7 == len(set(seen))
    back = event_page(EventFilters(actor="zhangsan"), after=seen[-1], size=3)
    assert [e.seq for e in back.events] == seen[3:6]
    assert back.newer is not None and back.older is not None


def test_event_list_runs_in_a_fixed_number_of_queries(sample, auditor_client):
    auditor_client.get("/work/audit/")  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        auditor_client.get("/work/audit/", {"actor": "zhangsan"})
    for i in range(30):
        audit_append(actor=sample, action="cases.file", object_id=f"more-{i}")
    with CaptureQueriesContext(connection) as many:
        auditor_client.get("/work/audit/", {"actor": "zhangsan"})
    assert len(many) == len(few) <= 12


def test_event_detail_shows_payload_hashes_and_proof(sample, auditor_client):
    event = Event.objects.filter(action="org.unit_update").get()
    response = auditor_client.get(f"/work/audit/events/{event.seq}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert event.hash in body and "一中队" in body
    assert response.context["proof"]["verified"] is True
    assert auditor_client.get("/work/audit/events/999999/").status_code == 404


def test_checkpoint_list_page(sample, auditor_client):
    response = auditor_client.get("/work/audit/checkpoints/")
    assert response.status_code == 200
    assert [c.day for c in response.context["page"]] == [dt.date(2026, 3, 2), dt.date(2026, 3, 1)]


def test_api_event_list_detail_and_cursor(sample, auditor_client):
    response = auditor_client.get("/api/v1/audit/events/", {"actor": "zhangsan", "page_size": 5})
    data = response.json()
    assert response.status_code == 200 and len(data["results"]) == 5
    assert data["results"][0]["payload"] == {"i": 6}
    rest = auditor_client.get(data["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None
    seq = data["results"][0]["seq"]
    detail = auditor_client.get(f"/api/v1/audit/events/{seq}/").json()
    assert detail["hash"] == Event.objects.get(seq=seq).hash
    assert auditor_client.get("/api/v1/audit/events/", {"since": "not a date"}).status_code == 400
    assert auditor_client.get("/api/v1/audit/events/", {"before": "x"}).status_code == 400
    assert auditor_client.get("/api/v1/audit/events/424242/").status_code == 404


def test_api_proof_verifies_with_the_pure_function(sample, auditor_client):
    seq = Event.objects.filter(actor_label="zhangsan").order_by("seq").values_list("seq", flat=True)[4]
    data = auditor_client.get(f"/api/v1/audit/events/{seq}/proof/").json()
    assert data["status"] == "included"
    proof = data["proof"]
    assert (proof["leaf_index"], proof["tree_size"]) == (4, 7)
    assert verify_proof(proof)
    assert not verify_proof({**proof, "event_hash": Event.objects.get(seq=seq + 1).hash})
    today = audit_append(actor=None, action="x.today")
    pending = auditor_client.get(f"/api/v1/audit/events/{today.seq}/proof/").json()
    assert pending == {"seq": today.seq, "status": "pending", "proof": None}


def test_public_checkpoints_and_key_need_no_login(sample, client, signing_key):
    data = client.get("/api/v1/audit/public/checkpoints/").json()
    days = data["results"]
    assert [d["day"] for d in days] == ["2026-03-02", "2026-03-01"]
    assert days[1]["count"] == 7 and "payload" not in days[1]
    response = client.get("/api/v1/audit/public/key/")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-pem-file"
    key = serialization.load_pem_public_key(response.content)
    assert fingerprint(public_raw(key)) == days[0]["key_fingerprint"]
    assert client.get("/api/v1/audit/checkpoints/").status_code in (401, 403)


def test_nav_entry_is_for_the_audit_capability():
    from sunshine.audit.nav import MENU

    assert {capability for _label, _name, capability in MENU["items"]} == {"audit.view"}
