"""The API: issue (201, 422 with the citation, 400 for bad input), list, detail, download with the hash
re-checked, void, correct, the case's available documents, and the public verify endpoint."""

from __future__ import annotations

import base64
import hashlib

from sunshine.documents import images, storage
from sunshine.documents.models import Document, PartySignature

from .conftest import make_case


def test_issue_list_download_correct_verify(api_client, world, full_case):
    api_client.force_authenticate(world.officer)
    r = api_client.post(
        "/api/v1/documents/", {"case": full_case.pk, "kind": "penalty_decision"}, format="json"
    )
    assert r.status_code == 201, r.content
    doc = r.json()
    assert doc["number"] == full_case.decision.document_number and doc["status"] == "current"
    assert doc["verify_url"] == f"https://zf.example.gov.cn/verify/{doc['code']}/"

    listed = api_client.get(f"/api/v1/documents/?case={full_case.pk}").json()
    assert [d["id"] for d in listed["results"]] == [doc["id"]]

    pdf = api_client.get(f"/api/v1/documents/{doc['id']}/download/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert hashlib.sha256(body).hexdigest() == doc["sha256"] == pdf["X-Content-SHA256"]

    # An officer may not void or correct; the squad leader may.
    assert (
        api_client.post(
            f"/api/v1/documents/{doc['id']}/void/", {"reason": "错误文书"}, format="json"
        ).status_code
        == 403
    )
    api_client.force_authenticate(world.squad_leader)
    bad = api_client.post(f"/api/v1/documents/{doc['id']}/correct/", {"reason": ""}, format="json")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "documents_void_reason"
    new = api_client.post(
        f"/api/v1/documents/{doc['id']}/correct/", {"reason": "罚款缴纳银行变更"}, format="json"
    )
    assert new.status_code == 201 and new.json()["version"] == 2

    api_client.force_authenticate(None)
    old = api_client.get(f"/api/v1/documents/verify/{doc['code']}/").json()
    assert old["found"] and old["status"] == "voided" and old["void_reason"] == "罚款缴纳银行变更"
    assert old["superseded_by"]["code"] == new.json()["code"] and old["sha256"] == doc["sha256"]
    assert api_client.get("/api/v1/documents/verify/XXXXXXXXXXXX/").status_code == 404


def test_refused_issue_is_422_with_citation(api_client, world):
    case = make_case(world, state="investigating", full=False)
    api_client.force_authenticate(world.officer)
    r = api_client.post("/api/v1/documents/", {"case": case.pk, "kind": "penalty_decision"}, format="json")
    assert r.status_code == 422
    assert (
        r.json()["error"]["code"] == "documents_no_decision" and "第五十九条" in r.json()["error"]["citation"]
    )
    r = api_client.post("/api/v1/documents/", {"case": case.pk, "kind": "nonsense"}, format="json")
    assert r.status_code == 422 and r.json()["error"]["code"] == "documents_unknown_kind"
    r = api_client.post(
        "/api/v1/documents/", {"case": case.pk, "kind": "correction_order", "entry": {}}, format="json"
    )
    assert r.status_code == 400
    assert not Document.objects.exists()


def test_other_squad_gets_404(api_client, world, full_case):
    api_client.force_authenticate(world.other_officer)
    r = api_client.post("/api/v1/documents/", {"case": full_case.pk, "kind": "advance_notice"}, format="json")
    assert r.status_code == 404
    assert api_client.get(f"/api/v1/documents/cases/{full_case.pk}/available/").status_code == 404


def test_altered_file_is_a_409(api_client, world, full_case):
    api_client.force_authenticate(world.officer)
    doc = api_client.post(
        "/api/v1/documents/", {"case": full_case.pk, "kind": "advance_notice"}, format="json"
    ).json()
    path = storage.path_for(doc["sha256"])
    path.write_bytes(path.read_bytes().replace(b"%%EOF", b"%%EOX"))
    r = api_client.get(f"/api/v1/documents/{doc['id']}/download/")
    assert r.status_code == 409 and r.json()["error"]["code"] == "documents_file_altered"


def test_tablet_signature_as_data_url(api_client, world):
    case = make_case(world, state="investigating", full=False)
    api_client.force_authenticate(world.officer)
    png = images.signature_png("张三")
    entry = {
        "started_at": "2026-09-28 18:00",
        "ended_at": "2026-09-28 18:20",
        "place": "解放路",
        "present": "张三",
        "observed": "现场烧烤",
    }
    r = api_client.post(
        "/api/v1/documents/",
        {
            "case": case.pk,
            "kind": "inspection_record",
            "entry": entry,
            "party_signature": "data:image/png;base64," + base64.b64encode(png).decode(),
            "party_signer": "张三",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert PartySignature.objects.get(document_id=r.json()["id"]).sha256 == hashlib.sha256(png).hexdigest()


def test_available(api_client, world, full_case):
    api_client.force_authenticate(world.officer)
    rows = api_client.get(f"/api/v1/documents/cases/{full_case.pk}/available/").json()
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["penalty_decision"]["possible"] is True
    assert by_kind["demand_notice"]["possible"] is False and by_kind["demand_notice"]["reason"]
