"""The evidence pages: the case panel, upload from the phone (streamed), the item page with hash and custody
log, the download re-check, corrections, transfers, and activities."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from sunshine.evidence import services, storage
from sunshine.evidence.models import Activity, Item
from tests.factories import record_av_activity

from .conftest import pdf, video

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for():
    def make(user, csrf=False):
        client = Client(enforce_csrf_checks=csrf)
        client.force_login(user)
        return client

    return make


def test_case_page_shows_the_panel_with_flags_and_forms(team, client_for):
    record_av_activity(team.case, "inspection", team.officer1, devices=1, reason="另一台没电")
    services.evidence_add(
        actor=team.officer1,
        case=team.case,
        kind="audio_visual",
        upload=video(seed="flag"),
        description="来历不明的设备",
        device_serial="NOT-IN-REGISTER",
    )
    page = client_for(team.officer1).get(f"/work/cases/{team.case.pk}/").content.decode()
    assert 'id="evidence-title"' in page
    assert "另一台没电" in page  # fewer than two devices, with its reason
    assert "NOT-IN-REGISTER" in page  # flagged device
    assert 'capture="environment"' in page and 'enctype="multipart/form-data"' in page
    assert f"/work/evidence/case/{team.case.pk}/upload/" in page
    # a legal reviewer (bureau-wide) sees the panel but no upload form
    reviewer_page = client_for(team.reviewer).get(f"/work/cases/{team.case.pk}/").content.decode()
    assert 'id="evidence-title"' in reviewer_page and "/upload/" not in reviewer_page


def test_upload_page_streams_and_checks_csrf(team, client_for, monkeypatch):
    seen = []
    real = services.evidence_add
    monkeypatch.setattr(services, "evidence_add", lambda **kw: seen.append(type(kw["upload"])) or real(**kw))
    client = client_for(team.officer1, csrf=True)
    url = f"/work/evidence/case/{team.case.pk}/upload/"
    form = client.get(url)
    token = (
        form.cookies["csrftoken"].value if "csrftoken" in form.cookies else client.cookies["csrftoken"].value
    )
    data = {"kind": "physical", "description": "现场照片", "file": pdf(), "csrfmiddlewaretoken": token}
    response = client.post(url, data)
    assert response.status_code == 302
    item = Item.objects.get()
    assert response["Location"] == f"/work/evidence/{item.pk}/"
    assert seen == [storage.ReceivedFile]
    refused = client.post(url, {"kind": "physical", "description": "x", "file": pdf(body=b"2")})
    assert refused.status_code == 403  # no CSRF token
    assert Item.objects.count() == 1


def test_upload_page_shows_rule_errors(team, client_for):
    client = client_for(team.officer1)
    url = f"/work/evidence/case/{team.case.pk}/upload/"
    response = client.post(url, {"kind": "physical", "description": "x", "file": pdf("run.exe")})
    assert response.status_code == 200
    assert "exe" in response.content.decode()
    response = client.post(url, {"kind": "audio_visual", "description": "x", "file": video()})
    assert "device_serial" in response.content.decode()
    assert Item.objects.count() == 0


def test_item_page_download_and_custody(team, client_for, evidence_root):
    item = services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=pdf(body=b"page"), description="笔录"
    )
    client = client_for(team.officer2)
    page = client.get(f"/work/evidence/{item.pk}/").content.decode()
    assert item.blob.sha256 in page and "evidence.add" in page and "evidence.view" in page
    download = client.get(f"/work/evidence/{item.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4\npage")
    path = evidence_root / storage.blob_name(item.blob.sha256)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    failed = client.get(f"/work/evidence/{item.pk}/download/")
    assert failed.status_code == 409
    assert "evidence.integrity_failed" in client.get(f"/work/evidence/{item.pk}/").content.decode()
    other = services.evidence_add(
        actor=team.other_officer,
        case=team.other_case,
        kind="documentary",
        upload=pdf(body=b"o"),
        description="x",
    )
    assert client.get(f"/work/evidence/{other.pk}/").status_code == 404
    assert client.get(f"/work/evidence/{other.pk}/download/").status_code == 404


def test_supersede_and_transfer_pages(team, client_for):
    item = services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=pdf(body=b"v1"), description="笔录"
    )
    client = client_for(team.officer1)
    response = client.post(
        f"/work/evidence/{item.pk}/supersede/", {"reason": "缺页", "file": pdf(body=b"v2")}
    )
    new = Item.objects.get(supersedes=item)
    assert response["Location"] == f"/work/evidence/{new.pk}/"
    page = client.get(f"/work/evidence/{item.pk}/").content.decode()
    assert f"/work/evidence/{new.pk}/" in page and "缺页" in page
    client.post(f"/work/evidence/{item.pk}/transfer/", {"to_holder": "法制审核股", "reason": "审核"})
    assert item.transfers.get().to_holder == "法制审核股"


def test_activity_pages(team, client_for):
    client = client_for(team.officer1)
    response = client.post(
        f"/work/evidence/case/{team.case.pk}/activity/",
        {
            "kind": "sealing",
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "officers": [team.officer1.staff.pk, team.officer2.staff.pk],
        },
    )
    activity = Activity.objects.get()
    assert response["Location"] == f"/work/evidence/activity/{activity.pk}/"
    client.post(f"/work/evidence/activity/{activity.pk}/complete/", {})
    activity.refresh_from_db()
    assert activity.status == "open"
    page = client.get(f"/work/evidence/activity/{activity.pk}/", follow=True).content.decode()
    assert f"?activity={activity.pk}" in page
    upload = client.get(f"/work/evidence/case/{team.case.pk}/upload/?activity={activity.pk}").content.decode()
    assert 'value="audio_visual" selected' in upload
    for n, serial in enumerate(["DSJ-0001", "DSJ-0002"]):
        client.post(
            f"/work/evidence/case/{team.case.pk}/upload/",
            {
                "kind": "audio_visual",
                "description": "查封全程录像",
                "file": video(seed=str(n)),
                "activity": activity.pk,
                "device_serial": serial,
            },
        )
    client.post(f"/work/evidence/activity/{activity.pk}/complete/", {})
    activity.refresh_from_db()
    assert activity.status == "done" and activity.device_count == 2


def test_index_and_manifest(team, client_for):
    item = services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=pdf(body=b"m"), description="清单"
    )
    client = client_for(team.officer1)
    assert f"/work/evidence/{item.pk}/" in client.get("/work/evidence/").content.decode()
    manifest = client.get(f"/work/evidence/case/{team.case.pk}/manifest/")
    assert item.blob.sha256 in manifest.content.decode("utf-8-sig")
    from sunshine.audit.models import Event

    assert Event.objects.filter(action="evidence.export", object_id=str(item.pk)).exists()


def test_work_card_counts_open_activities(team, client_for):
    services.activity_record(
        actor=team.officer1,
        case=team.case,
        kind="sampling",
        started_at=timezone.now(),
        place="仓库",
        officers=[team.officer1.staff, team.officer2.staff],
    )
    from django.test import RequestFactory

    from sunshine.evidence.work import cards

    request = RequestFactory().get("/work/")
    request.user = team.officer1
    assert cards(request)[0]["value"] == 1
    request.user = team.officer2
    assert cards(request)[0]["value"] == 0
    request.user = team.reviewer
    assert cards(request) == []
    assert client_for(team.officer1).get("/work/").status_code == 200
