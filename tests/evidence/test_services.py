"""Evidence items: storage by hash, dedup, type sniffing, the never-edited rule, custody events."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.evidence import services, storage
from sunshine.evidence.models import Blob, Item
from tests.factories import mp4_bytes

from .conftest import pdf, video

pytestmark = pytest.mark.django_db


def add(team, upload=None, **kw):
    data = {
        "actor": team.officer1,
        "case": team.case,
        "kind": "documentary",
        "upload": upload or pdf(),
        "description": "询问笔录扫描件",
    }
    data.update(kw)
    return services.evidence_add(**data)


def test_item_is_stored_under_its_sha256(team, evidence_root):
    content = mp4_bytes("x", 5000)
    item = add(team, SimpleUploadedFile("现场.mp4", content), kind="audio_visual", device_serial="DSJ-0001")
    sha = hashlib.sha256(content).hexdigest()
    assert item.blob.sha256 == sha
    assert item.blob.size == len(content)
    assert item.blob.mime == "video/mp4"
    path = evidence_root / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == content
    assert item.original_name == "现场.mp4"
    event = Event.objects.get(action="evidence.add", object_id=str(item.pk))
    assert event.payload["sha256"] == sha


def test_same_file_twice_is_stored_once(team, evidence_root):
    first = add(team, pdf(body=b"same"))
    second = add(team, pdf("again.pdf", body=b"same"), description="同一文件再次上传")
    assert first.blob_id == second.blob_id
    assert Blob.objects.count() == 1
    files = [p for p in evidence_root.rglob("*") if p.is_file() and ".incoming" not in p.parts]
    assert len(files) == 1
    assert Event.objects.get(action="evidence.add", object_id=str(second.pk)).payload["deduplicated"] is True
    assert list((evidence_root / ".incoming").iterdir()) == []  # no temporary file left behind


def test_renamed_executable_is_refused_by_content(team):
    exe = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 500, content_type="image/jpeg")
    with pytest.raises(RuleViolation) as exc:
        add(team, exe)
    assert exc.value.code == "file_type_refused"
    elf = SimpleUploadedFile("video.mp4", b"\x7fELF" + b"\x00" * 500)
    with pytest.raises(RuleViolation):
        add(team, elf)
    assert Item.objects.count() == 0 and Blob.objects.count() == 0


@pytest.mark.parametrize(
    "name,content",
    [
        ("page.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
        ("data.bin", b"\x00\x01\x02\x03unknown binary"),
    ],
)
def test_scripts_and_web_pages_are_refused(team, name, content):
    with pytest.raises(RuleViolation) as exc:
        add(team, SimpleUploadedFile(name, content))
    assert exc.value.code in ("file_type_refused", "file_type_unknown")


@pytest.mark.parametrize("name", ["run.exe", "x.SH", "photo.exe.jpg", "index.html", "a.svg", "m.js"])
def test_dangerous_names_are_refused(team, name):
    with pytest.raises(RuleViolation) as exc:
        add(team, SimpleUploadedFile(name, mp4_bytes("n")))
    assert exc.value.code == "file_name_dangerous"


def test_plain_text_is_accepted(team):
    item = add(team, SimpleUploadedFile("笔录.txt", "当事人陈述：初次违法。".encode()))
    assert item.blob.mime == "text/plain"


def test_size_limit_setting(team, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(RuleViolation) as exc:
        add(team, SimpleUploadedFile("big.mp4", mp4_bytes("b", 1000)))
    assert exc.value.code == "file_too_large"
    item = add(team, SimpleUploadedFile("ok.mp4", mp4_bytes("b", 1000 - 24)), kind="physical")
    assert item.blob.size == 1000


def test_statutory_kinds_only(team):
    """《行政处罚法》第四十六条: the eight kinds."""
    with pytest.raises(RuleViolation) as exc:
        add(team, kind="rumour")
    assert exc.value.code == "evidence_kind_unknown"
    assert "46" in str(exc.value.citation) or "四十六" in str(exc.value.citation)
    for kind in [
        "documentary",
        "physical",
        "electronic_data",
        "witness_testimony",
        "party_statement",
        "expert_opinion",
        "inspection_record",
    ]:
        add(team, pdf(body=kind.encode()), kind=kind)


def test_audio_visual_needs_a_device(team):
    with pytest.raises(RuleViolation) as exc:
        add(team, video(), kind="audio_visual")
    assert exc.value.code == "av_device_missing"
    assert add(team, video(), kind="audio_visual", device_serial="DSJ-0001").device_flag == ""


def test_device_flags(team):
    assert (
        add(team, video(seed="1"), kind="audio_visual", device_serial="NOT-REGISTERED").device_flag
        == "unknown"
    )
    assert (
        add(team, video(seed="2"), kind="audio_visual", device_serial="DSJ-0003").device_flag == "unassigned"
    )
    # assigned to officer2, captured by officer1 without an activity: not theirs
    assert (
        add(team, video(seed="3"), kind="audio_visual", device_serial="DSJ-0002").device_flag == "unassigned"
    )
    assert (
        add(team, video(seed="4"), kind="audio_visual", device_serial="DSJ-0004").device_flag
        == "out_of_service"
    )
    activity = services.activity_record(
        actor=team.officer1,
        case=team.case,
        kind="questioning",
        started_at=timezone.now(),
        place="询问室",
        officers=[team.officer1.staff, team.officer2.staff],
    )
    ok = add(team, video(seed="5"), kind="audio_visual", device_serial="DSJ-0002", activity=activity)
    assert ok.device_flag == ""


def test_other_squad_case_is_invisible(team):
    from django.http import Http404

    with pytest.raises(Http404):
        add(team, case=team.other_case)


def test_roles_without_the_capability_are_refused(team):
    for user in (team.leader, team.reviewer, team.auxiliary):
        with pytest.raises(PermissionDeniedError):
            add(team, actor=user)
    assert Item.objects.count() == 0


def test_capture_time_in_the_future_is_refused(team):
    with pytest.raises(RuleViolation):
        add(team, captured_at=timezone.now() + dt.timedelta(hours=1))


def test_correction_supersedes_and_keeps_the_old(team):
    """《行政处罚法》第四十七条: never edited; a correction is a new item with the reason."""
    old = add(team, pdf(body=b"v1"))
    with pytest.raises(RuleViolation) as exc:
        services.evidence_supersede(actor=team.officer1, item=old, reason="  ", upload=pdf(body=b"v2"))
    assert exc.value.code == "correction_reason_missing"
    new = services.evidence_supersede(
        actor=team.officer1, item=old, reason="扫描件缺页，重新扫描", upload=pdf(body=b"v2")
    )
    old.refresh_from_db()
    assert new.supersedes_id == old.pk and new.correction_reason == "扫描件缺页，重新扫描"
    assert old.blob.sha256 != new.blob.sha256
    assert old.description == new.description
    assert Event.objects.filter(action="evidence.supersede", object_id=str(new.pk)).exists()
    with pytest.raises(RuleViolation) as exc:
        services.evidence_supersede(actor=team.officer1, item=old, reason="again", upload=pdf(body=b"v3"))
    assert exc.value.code == "already_superseded"


def test_disposal_only_after_the_retention_period(team, settings):
    """Retention (setting, default 30 years) — the last day is inside the period."""
    settings.EVIDENCE_RETENTION_YEARS = 30
    from tests.factories import UserFactory

    item = add(team, pdf(body=b"old"))
    assert item.retain_until == timezone.localdate(item.captured_at).replace(
        year=timezone.localdate(item.captured_at).year + 30
    )
    admin = UserFactory(roles=["system_admin"])
    with pytest.raises(PermissionDeniedError):
        services.evidence_dispose(
            actor=team.officer1, item=item, today=item.retain_until + dt.timedelta(days=1)
        )
    with pytest.raises(RuleViolation) as exc:
        services.evidence_dispose(actor=admin, item=item, today=item.retain_until)
    assert exc.value.code == "retention_period"
    sha = item.blob.sha256
    services.evidence_dispose(actor=admin, item=item, today=item.retain_until + dt.timedelta(days=1))
    assert not Item.objects.filter(pk=item.pk).exists()
    assert not Blob.objects.filter(sha256=sha).exists()


def test_custody_events(team):
    item = add(team, pdf(body=b"custody"))
    services.evidence_view(actor=team.leader, item=item)
    b"".join(services.evidence_open_download(actor=team.officer2, item=item))
    services.evidence_export(actor=team.officer1, case=team.case, items=[item])
    services.evidence_transfer(actor=team.officer1, item=item, to_holder="法制审核股", reason="法制审核")
    from sunshine.evidence.selectors import custody_log

    actions = [e["action"] for e in custody_log(item)]
    assert actions == [
        "evidence.add",
        "evidence.view",
        "evidence.download",
        "evidence.export",
        "evidence.transfer",
    ]
    with pytest.raises(RuleViolation):
        services.evidence_transfer(actor=team.officer1, item=item, to_holder="", reason="x")


def test_download_rechecks_the_hash(team, evidence_root):
    item = add(team, pdf(body=b"intact"))
    path = evidence_root / storage.blob_name(item.blob.sha256)
    assert b"".join(services.evidence_open_download(actor=team.officer1, item=item)).startswith(b"%PDF")
    path.chmod(0o644)
    path.write_bytes(b"%PDF-1.4\ntampered\n")
    with pytest.raises(services.IntegrityFailure) as exc:
        services.evidence_open_download(actor=team.officer1, item=item)
    assert exc.value.status == "altered"
    assert Event.objects.filter(action="evidence.integrity_failed", object_id=str(item.pk)).exists()
    path.unlink()
    with pytest.raises(services.IntegrityFailure) as exc:
        services.evidence_open_download(actor=team.officer1, item=item)
    assert exc.value.status == "missing"


def test_altered_during_streaming_is_cut(team, evidence_root):
    item = add(team, SimpleUploadedFile("v.mp4", mp4_bytes("s", 3 * storage.CHUNK)))
    chunks = services.evidence_open_download(actor=team.officer1, item=item)
    first = next(chunks)
    path = evidence_root / storage.blob_name(item.blob.sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(storage.AlteredDuringDownload):
        for _chunk in chunks:
            pass
    assert first


def test_stored_files_are_read_only(team, evidence_root):
    item = add(team, pdf(body=b"ro"))
    path = evidence_root / storage.blob_name(item.blob.sha256)
    assert path.stat().st_mode & 0o222 == 0
