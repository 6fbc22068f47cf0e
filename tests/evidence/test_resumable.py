"""Resumable uploads: chunks appended at the declared offset, resumed after an interruption, the item
registered from the part file once complete (hash, type from content, dedup as for any upload)."""

from __future__ import annotations

import hashlib

import pytest

from sunshine.evidence.models import Item, UploadSession
from tests.factories import mp4_bytes

pytestmark = pytest.mark.django_db


def start(client, team, size, **fields):
    data = {
        "case": team.case.pk,
        "filename": "长视频.mp4",
        "size": size,
        "kind": "audio_visual",
        "description": "询问全程录像",
        "device_serial": "DSJ-0001",
    }
    data.update(fields)
    return client.post("/api/v1/evidence/uploads/", data, format="json")


def patch(client, sid, offset, chunk):
    return client.generic(
        "PATCH",
        f"/api/v1/evidence/uploads/{sid}/",
        chunk,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
    )


def test_resumable_upload_in_chunks(team, api_client):
    content = mp4_bytes("resume", 250_000)
    api_client.force_authenticate(team.officer1)
    created = start(api_client, team, len(content))
    assert created.status_code == 201, created.json()
    sid = created.json()["id"]
    first = patch(api_client, sid, 0, content[:100_000])
    assert first.status_code == 200 and first.json()["offset"] == 100_000
    # the connection dropped: the client asks where the upload stands and sends from there
    assert api_client.get(f"/api/v1/evidence/uploads/{sid}/")["Upload-Offset"] == "100000"
    wrong = patch(api_client, sid, 0, content[:10])
    assert wrong.status_code == 409 and wrong.json()["error"]["offset"] == 100_000
    early = api_client.post(f"/api/v1/evidence/uploads/{sid}/finish/")
    assert early.status_code == 422 and early.json()["error"]["code"] == "upload_incomplete"
    assert patch(api_client, sid, 100_000, content[100_000:]).json()["offset"] == len(content)
    beyond = patch(api_client, sid, len(content), b"x")
    assert beyond.status_code == 422
    done = api_client.post(f"/api/v1/evidence/uploads/{sid}/finish/")
    assert done.status_code == 201, done.json()
    body = done.json()
    assert body["sha256"] == hashlib.sha256(content).hexdigest() and body["size"] == len(content)
    assert body["mime"] == "video/mp4" and body["original_name"] == "长视频.mp4"
    assert UploadSession.objects.get(pk=sid).item_id == body["id"]
    assert api_client.post(f"/api/v1/evidence/uploads/{sid}/finish/").status_code == 422


def test_resumable_upload_checks_at_the_start(team, api_client, settings):
    api_client.force_authenticate(team.officer1)
    assert start(api_client, team, 10, filename="x.exe").json()["error"]["code"] == "file_name_dangerous"
    assert start(api_client, team, 10, device_serial="").json()["error"]["code"] == "av_device_missing"
    settings.EVIDENCE_MAX_BYTES = 100
    assert start(api_client, team, 101).json()["error"]["code"] == "file_too_large"
    assert start(api_client, team, 100).status_code == 201
    assert start(api_client, team, 10, case=team.other_case.pk).status_code == 404


def test_resumable_upload_refuses_content_by_type(team, api_client):
    content = b"MZ\x90\x00" + b"\x00" * 300
    api_client.force_authenticate(team.officer1)
    sid = start(api_client, team, len(content), kind="physical", filename="photo.jpg").json()["id"]
    patch(api_client, sid, 0, content)
    refused = api_client.post(f"/api/v1/evidence/uploads/{sid}/finish/")
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "file_type_refused"
    assert Item.objects.count() == 0


def test_sessions_are_scoped_by_case(team, api_client):
    api_client.force_authenticate(team.officer1)
    sid = start(api_client, team, 10).json()["id"]
    api_client.force_authenticate(team.other_officer)
    assert api_client.get(f"/api/v1/evidence/uploads/{sid}/").status_code == 404
    assert patch(api_client, sid, 0, b"x").status_code == 404
