"""Demo evidence: on the demo cases, filmed enforcement activities, photos, scans and statements (small
files generated here), one activity filmed on a single device with its reason (seed 004) and one recording
from a camera outside the register (flagged). Idempotent: a case that already has evidence is skipped.

:func:`film_activity` is also used by the cases demo, which takes actions that must be filmed (seed 001).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sunshine.core.errors import RuleViolation


def mp4(seed: str, size: int = 64 * 1024) -> bytes:
    """Bytes that read as MP4 by content (``ftyp`` box), distinct per seed."""
    body = hashlib.sha256(seed.encode()).digest() * (size // 32 + 1)
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + body[:size]


def png(seed: str, width: int = 96, height: int = 64) -> bytes:
    """A real PNG image: a colour band derived from the seed."""
    r, g, b = hashlib.sha256(seed.encode()).digest()[:3]
    rows = b"".join(b"\x00" + bytes((r, g, (b + y) % 256)) * width for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf(text: str) -> bytes:
    """A one-page PDF with an ASCII line of text."""
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _camera_serial(staff, n: int) -> str:
    from sunshine.org.models import BodyCamera

    camera = BodyCamera.objects.filter(assigned_to=staff, status="in_service").order_by("serial").first()
    return camera.serial if camera else f"DSJ-DEMO-{staff.pk}-{n}"


def film_activity(*, case, kind: str, actor, officers, devices: int = 2, reason: str = "", when=None):
    """A done enforcement activity of ``kind`` on ``case`` filmed by the officers' own body cameras (two
    by default; fewer needs ``reason``), through the evidence services."""
    from . import services

    when = when or timezone.now() - dt.timedelta(minutes=40)
    activity = services.activity_record(
        actor=actor, case=case, kind=kind, started_at=when, place=case.place, officers=list(officers)
    )
    for n in range(devices):
        holder = officers[n % len(officers)]
        services.evidence_add(
            actor=actor,
            case=case,
            kind="audio_visual",
            upload=SimpleUploadedFile(
                f"{kind}-{holder.pk}-{n + 1}.mp4", mp4(f"{case.number}-{kind}-{activity.pk}-{n}")
            ),
            description=f"{activity.get_kind_display()}全程音像记录（{holder.name}佩戴的执法记录仪）",
            captured_at=when + dt.timedelta(minutes=1),
            place=case.place,
            activity=activity,
            device_serial=_camera_serial(holder, n),
        )
    return services.activity_complete(
        actor=actor, activity=activity, ended_at=when + dt.timedelta(minutes=25), fewer_devices_reason=reason
    )


def load(out) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from sunshine.cases.models import Case

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["officer", "officer2"])}
    if len(users) < 2:
        out.write("evidence: demo logins missing (run the org and accounts demos first); skipped")
        return
    officer, officer2 = users["officer"], users["officer2"]
    cases = list(
        Case.objects.filter(source_ref__startswith="DEMO-", unit=officer.staff.unit)
        .exclude(state__in=["registered", "withdrawn"])
        .order_by("id")[:8]
    )
    made = 0
    with translation.override("zh-hans"):
        for index, case in enumerate(cases):
            if case.evidence_items.filter(metadata__demo=True).exists():
                continue
            try:
                with transaction.atomic():
                    _case_evidence(case, index, officer, officer2)
                made += 1
            except RuleViolation as exc:
                out.write(f"evidence: case {case.number} stopped: {exc}")
    out.write(f"evidence: evidence added to {made} demo cases")


def _case_evidence(case, index: int, officer, officer2) -> None:
    from . import services

    officers = [officer.staff, officer2.staff]
    when = case.act_at + dt.timedelta(minutes=5)
    common = {"actor": officer, "case": case, "metadata": {"demo": True}}
    services.evidence_add(
        **common,
        kind="physical",
        upload=SimpleUploadedFile("现场照片.png", png(f"{case.number}-photo")),
        description="现场照片：违法行为现场全景",
        captured_at=when,
        place=case.place,
    )
    services.evidence_add(
        **common,
        kind="inspection_record",
        upload=SimpleUploadedFile("现场检查笔录.pdf", pdf(f"On-site record {case.number}")),
        description="现场检查（勘验）笔录扫描件",
        captured_at=when + dt.timedelta(minutes=10),
        place=case.place,
    )
    services.evidence_add(
        **common,
        kind="party_statement",
        upload=SimpleUploadedFile(
            "当事人陈述.txt", f"当事人陈述（{case.number}）：对违法事实无异议。".encode()
        ),
        description="当事人书面陈述",
        captured_at=when + dt.timedelta(minutes=20),
    )
    if index == 0:
        film_activity(
            case=case,
            kind="inspection",
            actor=officer,
            officers=officers,
            devices=1,
            reason="另一台执法记录仪电量耗尽，已由队员手机同步录像并补充说明。",
            when=when,
        )
    if index == 1:
        services.evidence_add(
            **common,
            kind="audio_visual",
            upload=SimpleUploadedFile("群众提供视频.mp4", mp4(f"{case.number}-outside")),
            description="执法记录仪视频（设备编号未在装备台账登记）",
            captured_at=when,
            device_serial="DSJ-UNREG-01",
        )
    if index == 2:
        film_activity(case=case, kind="verification", actor=officer, officers=officers, when=when)
