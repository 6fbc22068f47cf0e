"""The evidence API: multipart upload through the streaming handler, download with the hash re-checked,
scoping, activities, and the recording rule on the case workflow."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from sunshine.evidence import services, storage
from sunshine.evidence.models import Activity, Item
from tests.factories import mp4_bytes, record_av_activity

from .conftest import pdf, video

pytestmark = pytest.mark.django_db


@pytest.fixture
def spy(monkeypatch):
    """Records the type of every upload the service receives (the streaming handler's or not)."""
    seen = []
    real = services.evidence_add

    def wrapper(**kwargs):
        seen.append(type(kwargs["upload"]))
        return real(**kwargs)

    monkeypatch.setattr(services, "evidence_add", wrapper)
    return seen


def post_item(client, team, upload=None, **extra):
    data = {
        "case": team.case.pk,
        "kind": "documentary",
        "description": "现场检查笔录",
        "file": upload or pdf(),
    }
    data.update(extra)
    return client.post("/api/v1/evidence/", data, format="multipart")


def test_upload_returns_id_sha256_size(team, api_client, spy):
    api_client.force_authenticate(team.officer1)
    content = mp4_bytes("api", 300_000)
    upload = video(seed="api", size=300_000)
    response = post_item(
        api_client,
        team,
        upload,
        kind="audio_visual",
        device_serial="DSJ-0001",
        metadata='{"gps": [118.3, 34.3]}',
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    assert body["size"] == len(content)
    assert body["mime"] == "video/mp4"
    assert body["metadata"] == {"gps": [118.3, 34.3]}
    assert spy == [storage.ReceivedFile]


def test_upload_with_session_and_csrf_uses_the_streaming_handler(team, spy):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.officer1)
    client.get("/work/evidence/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/evidence/",
        {"case": team.case.pk, "kind": "documentary", "description": "扫描件", "file": pdf()},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content
    assert spy == [storage.ReceivedFile]
    no_token = client.post(
        "/api/v1/evidence/", {"case": team.case.pk, "kind": "documentary", "description": "x", "file": pdf()}
    )
    assert no_token.status_code == 403
    assert Item.objects.count() == 1


def test_upload_errors(team, api_client, settings):
    api_client.force_authenticate(team.officer1)
    exe = post_item(api_client, team, pdf("report.exe"))
    assert exe.status_code == 422 and exe.json()["error"]["code"] == "file_name_dangerous"
    assert exe.json()["error"]["citation"]
    missing = api_client.post(
        "/api/v1/evidence/", {"case": team.case.pk, "kind": "documentary"}, format="multipart"
    )
    assert missing.status_code == 400
    bad_kind = post_item(api_client, team, kind="rumour")
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["error"]["fields"]
    bad_meta = post_item(api_client, team, metadata="[1, 2]")
    assert bad_meta.status_code == 400
    other = post_item(api_client, team, case=team.other_case.pk)
    assert other.status_code == 404
    settings.EVIDENCE_MAX_BYTES = 1000
    big = post_item(api_client, team, video(size=5000))
    assert big.status_code == 413 and big.json()["error"]["code"] == "file_too_large"
    assert Item.objects.count() == 0
    assert list(storage.incoming_dir().iterdir()) == []


def test_list_and_detail_are_scoped(team, api_client):
    mine = services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=pdf(), description="本中队"
    )
    theirs = services.evidence_add(
        actor=team.other_officer,
        case=team.other_case,
        kind="documentary",
        upload=pdf(body=b"2"),
        description="二中队",
    )
    api_client.force_authenticate(team.officer2)
    ids = [row["id"] for row in api_client.get("/api/v1/evidence/").json()["results"]]
    assert ids == [mine.pk]
    assert api_client.get(f"/api/v1/evidence/{theirs.pk}/").status_code == 404
    assert api_client.get(f"/api/v1/evidence/{theirs.pk}/download/").status_code == 404
    detail = api_client.get(f"/api/v1/evidence/{mine.pk}/").json()
    assert [e["action"] for e in detail["custody"]] == ["evidence.add", "evidence.view"]
    api_client.force_authenticate(team.leader)  # bureau-wide
    ids = {row["id"] for row in api_client.get("/api/v1/evidence/").json()["results"]}
    assert ids == {mine.pk, theirs.pk}


def test_list_query_count_does_not_grow(team, api_client, django_assert_max_num_queries):
    for n in range(5):
        services.evidence_add(
            actor=team.officer1,
            case=team.case,
            kind="documentary",
            upload=pdf(body=str(n).encode()),
            description="x",
        )
    api_client.force_authenticate(team.officer1)
    with django_assert_max_num_queries(12):
        response = api_client.get("/api/v1/evidence/")
    assert response.json()["count"] == 5


def test_download_checks_the_hash(team, api_client, evidence_root):
    item = services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=pdf(body=b"dl"), description="x"
    )
    api_client.force_authenticate(team.officer1)
    response = api_client.get(f"/api/v1/evidence/{item.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4\ndl")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    path = evidence_root / storage.blob_name(item.blob.sha256)
    path.chmod(0o644)
    path.write_bytes(b"%PDF-1.4\nforged\n")
    bad = api_client.get(f"/api/v1/evidence/{item.pk}/download/")
    assert bad.status_code == 409
    assert bad.json()["error"]["code"] == "evidence_altered"


def test_supersede_and_transfer(team, api_client):
    item = services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=pdf(body=b"v1"), description="x"
    )
    api_client.force_authenticate(team.officer1)
    no_reason = api_client.post(
        f"/api/v1/evidence/{item.pk}/supersede/", {"file": pdf(body=b"v2")}, format="multipart"
    )
    assert no_reason.status_code == 422
    ok = api_client.post(
        f"/api/v1/evidence/{item.pk}/supersede/",
        {"file": pdf(body=b"v2"), "reason": "缺页"},
        format="multipart",
    )
    assert ok.status_code == 201 and ok.json()["supersedes"] == item.pk
    assert api_client.get(f"/api/v1/evidence/{item.pk}/").json()["superseded_by"] == ok.json()["id"]
    api_client.force_authenticate(team.reviewer)
    moved = api_client.post(
        f"/api/v1/evidence/{item.pk}/transfer/",
        {"to_holder": "区人民法院", "reason": "诉讼举证"},
        format="json",
    )
    assert moved.status_code == 201
    api_client.force_authenticate(team.leader)
    assert (
        api_client.post(
            f"/api/v1/evidence/{item.pk}/transfer/", {"to_holder": "x", "reason": "y"}, format="json"
        ).status_code
        == 403
    )


def test_activity_api(team, api_client):
    api_client.force_authenticate(team.officer1)
    created = api_client.post(
        "/api/v1/evidence/activities/",
        {
            "case": team.case.pk,
            "kind": "sealing",
            "started_at": "2026-09-30T10:00:00+08:00",
            "officers": [team.officer1.staff.pk, team.officer2.staff.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    aid = created.json()["id"]
    refused = api_client.post(f"/api/v1/evidence/activities/{aid}/complete/", {}, format="json")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "av_record_missing"
    assert (
        post_item(
            api_client, team, video(seed="s1"), kind="audio_visual", device_serial="DSJ-0001", activity=aid
        ).status_code
        == 201
    )
    one = api_client.post(f"/api/v1/evidence/activities/{aid}/complete/", {}, format="json")
    assert one.json()["error"]["code"] == "fewer_than_two_devices"
    done = api_client.post(
        f"/api/v1/evidence/activities/{aid}/complete/", {"fewer_devices_reason": "另一台故障"}, format="json"
    )
    assert done.status_code == 200 and done.json()["fewer_devices"] is True
    listed = api_client.get(f"/api/v1/evidence/activities/?case={team.case.pk}").json()
    assert [a["id"] for a in listed["results"]] == [aid]
    assert api_client.get(f"/api/v1/evidence/activities/{aid}/").json()["items"]


# --- the rule on the case workflow (seed 001 item 4) -----------------------------------------------------


@pytest.fixture
def general_case(team, api_client):
    """make(notice=True): a case of squad 1 investigated (and with the advance notice served), through the
    cases API."""
    from tests.cases.conftest import case_payload, notice_payload
    from tests.factories import MatterFactory, MatterVersionFactory, PartyFactory

    team.version = MatterVersionFactory(matter=MatterFactory(code="HB-009"))
    team.party = PartyFactory(name="张三")

    def make(notice: bool = True) -> int:
        api_client.force_authenticate(team.officer1)
        cid = api_client.post(
            "/api/v1/cases/",
            case_payload(team, handlers=[team.officer1.staff.pk, team.officer2.staff.pk]),
            format="json",
        ).json()["id"]
        steps = [(team.squad_leader, "file", {}), (team.officer1, "start_investigation", {})]
        if notice:
            steps.append((team.officer1, "serve_advance_notice", notice_payload()))
        for user, action, data in steps:
            api_client.force_authenticate(user)
            response = api_client.post(f"/api/v1/cases/{cid}/actions/{action}/", data, format="json")
            assert response.status_code == 200, response.json()
        return cid

    return make


def test_case_action_refused_without_recording_then_allowed(team, api_client, general_case):
    cid = general_case()
    api_client.force_authenticate(team.officer1)
    url = f"/api/v1/cases/{cid}/actions/record_statement/"
    data = {"content": "当事人称初次违法", "review": "理由不成立"}
    refused = api_client.post(url, data, format="json")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "av_activity_missing" and "118" in error["citation"]
    # an activity still being recorded does not count
    open_one = services.activity_record(
        actor=team.officer1,
        case=team.case.__class__.objects.get(pk=cid),
        kind="questioning",
        started_at=team.case.act_at,
        place="询问室",
        officers=[team.officer1.staff, team.officer2.staff],
    )
    assert api_client.post(url, data, format="json").status_code == 422
    done = record_av_activity(cid, "questioning", team.officer1)
    assert api_client.post(url, data, format="json").status_code == 200
    done.refresh_from_db()
    open_one.refresh_from_db()
    assert done.used_by_action == "record_statement" and done.used_at is not None
    assert open_one.used_by_action == ""
    assert Activity.objects.filter(case_id=cid, used_by_action="").count() == 1


def test_each_action_uses_its_own_recording(team, api_client, general_case):
    cid = general_case(notice=False)
    api_client.force_authenticate(team.officer1)
    record_av_activity(cid, "preservation", team.officer1)
    url = f"/api/v1/cases/{cid}/actions/preserve_evidence/"
    assert api_client.post(url, {"items": "烧烤炉"}, format="json").status_code == 200
    second = api_client.post(url, {"items": "木炭"}, format="json")
    assert second.status_code == 422 and second.json()["error"]["code"] == "av_activity_missing"
    record_av_activity(cid, "preservation", team.officer1)
    assert api_client.post(url, {"items": "木炭"}, format="json").status_code == 200
