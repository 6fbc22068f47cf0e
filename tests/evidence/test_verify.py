"""``manage.py evidence_verify``: every stored file re-hashed; corrupted and missing ones reported, exit 1."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sunshine.audit.models import Event
from sunshine.evidence import services, storage

from .conftest import pdf, video

pytestmark = pytest.mark.django_db


def _add(team, upload):
    return services.evidence_add(
        actor=team.officer1, case=team.case, kind="documentary", upload=upload, description="证据"
    )


def test_all_intact(team):
    _add(team, pdf(body=b"1"))
    _add(team, video(seed="2"))
    out = io.StringIO()
    call_command("evidence_verify", stdout=out)
    assert "ok 2, missing 0, altered 0" in out.getvalue()
    assert Event.objects.filter(action="evidence.verify").latest("seq").payload["ok"] == 2


def test_corrupted_and_missing_files_are_caught(team, evidence_root):
    intact = _add(team, pdf(body=b"intact"))
    flipped = _add(team, video(seed="flip"))
    gone = _add(team, pdf(body=b"gone"))
    path = evidence_root / storage.blob_name(flipped.blob.sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01  # one bit
    path.write_bytes(bytes(data))
    (evidence_root / storage.blob_name(gone.blob.sha256)).unlink()
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("evidence_verify", stdout=out)
    assert exc.value.returncode == 1
    text = out.getvalue()
    assert f"ALTERED {flipped.blob.sha256} items={flipped.pk}" in text
    assert f"MISSING {gone.blob.sha256} items={gone.pk}" in text
    assert intact.blob.sha256 not in text
    assert "ok 1, missing 1, altered 1" in text


def test_truncated_file_is_caught(team, evidence_root):
    item = _add(team, video(seed="t", size=10000))
    path = evidence_root / storage.blob_name(item.blob.sha256)
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.raises(CommandError):
        call_command("evidence_verify", stdout=io.StringIO())


def test_orphans_are_listed(team, evidence_root):
    _add(team, pdf(body=b"kept"))
    orphan = evidence_root / "ab" / "cd" / ("abcd" + "0" * 60)
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"x")
    out = io.StringIO()
    call_command("evidence_verify", "--orphans", stdout=out)
    assert "ORPHAN abcd" in out.getvalue()
