"""Benchmark of enforcement documents (issue 4): issuing 100 penalty decision PDFs.

Runs against its own SQLite file, ``var/bench/documents.sqlite3`` (recreated on every run), and stores the
PDFs under ``var/bench/documents/``; if Django is already set up in this process, the measurements run in
a child process configured for that file.

Figures:
- ``document_issue`` of a penalty decision (the whole service: checks, the counter, text from the case,
  WeasyPrint with the embedded CJK font, seal and two officer signatures, QR code, content-addressed
  store, audit event): median and 90th percentile seconds per document over ``N`` documents;
- the PDF rendering alone (WeasyPrint), median seconds, and the median PDF size.

``BENCH_SCALE`` scales the count (default 1.0 → 100 documents).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "documents.sqlite3"
PDF_DIR = BENCH_DIR / "documents"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
N = max(10, int(100 * SCALE))


def _fresh() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(PDF_DIR, ignore_errors=True)


def _world():
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from sunshine.accounts.models import User
    from sunshine.cases.models import Case, CaseHandler, CaseParty, Decision
    from sunshine.cases.rules import remedies_text
    from sunshine.catalog.models import Matter, MatterVersion
    from sunshine.documents import images
    from sunshine.documents.models import IssuingSettings, StaffSignature, UnitSeal
    from sunshine.org.models import Certificate, Staff, Unit
    from sunshine.parties.models import Party

    bureau = Unit.objects.create(
        code="B", name="新城市城市管理局", kind=Unit.Kind.BUREAU, short_name="新城管"
    )
    squad = Unit.objects.create(code="S1", name="一中队", kind=Unit.Kind.SQUAD, parent=bureau)
    from sunshine.org.services import unit_rebuild_paths

    unit_rebuild_paths()
    squad.refresh_from_db()
    officers = []
    for i in range(2):
        user = User.objects.create(username=f"officer{i}")
        user.groups.add(Group.objects.get_or_create(name="officer")[0])
        staff = Staff.objects.create(
            user=user, employee_no=f"E{i:03d}", name=["王明", "李强"][i], kind=Staff.Kind.OFFICER, unit=squad
        )
        Certificate.objects.create(
            staff=staff,
            number=f"32038100{i:05d}",
            enforcement_category="城市管理综合执法",
            enforcement_area="新城市",
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date(2099, 12, 31),
        )
        StaffSignature.objects.create(staff=staff, image=images.signature_png(staff.name), sha256="-")
        officers.append(user)
    UnitSeal.objects.create(unit=bureau, image=images.seal_png(bureau.name), sha256="-")
    IssuingSettings.objects.create(
        bank_name="中国工商银行新城分行营业部",
        bank_account_name="新城市财政局非税收入汇缴结算户",
        bank_account="1105020109000123456",
        public_base_url="https://zf.example.gov.cn",
    )
    matter = Matter.objects.create(code="HB-009", name="露天烧烤食品")
    version = MatterVersion.objects.create(
        matter=matter,
        number=1,
        effective_from=dt.date(2024, 1, 1),
        violated_law="中华人民共和国大气污染防治法",
        violated_article="第八十一条第三款",
        penalty_law="中华人民共和国大气污染防治法",
        penalty_article="第一百一十八条第三款",
    )
    today = timezone.localdate()
    cases = []
    for i in range(N):
        party = Party.objects.create(name=f"当事人{i}", address=f"新城市人民路{i}号")
        case = Case.objects.create(
            number=f"新城管立〔2026〕{i:05d}号",
            source="patrol",
            procedure="general",
            state="served",
            unit=squad,
            matter_version=version,
            act_at=dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC),
            place="解放路与淮海路交叉口",
            facts="在禁止区域内露天烧烤食品，经劝导后仍未停止",
            severity="ordinary",
            registered_on=today,
            filed_on=today,
            created_by=officers[0],
        )
        CaseParty.objects.create(case=case, party=party)
        for j, officer in enumerate(officers):
            CaseHandler.objects.create(case=case, staff=officer.staff, lead=j == 0)
        Decision.objects.create(
            case=case,
            kind="penalty",
            document_number=f"新城管罚决字〔2026〕{i + 1:05d}号",
            penalty_kinds=["fine"],
            fine=Decimal("1000.00") + i,
            decided_on=today,
            approved_by=officers[0],
            remedies_text=remedies_text(summary=False),
            payment_due=today + dt.timedelta(days=15),
        )
        cases.append(case)
    return officers[0], cases


def measure(emit) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    assert Path(connection.settings_dict["NAME"]).resolve() == DB_FILE.resolve(), "not the bench database"
    settings.DOCUMENTS_ROOT = PDF_DIR
    call_command("migrate", verbosity=0)
    from sunshine.documents import render, services

    officer, cases = _world()
    rendering: list[float] = []
    real = render.render_pdf

    def timed(context):
        started = time.perf_counter()
        try:
            return real(context)
        finally:
            rendering.append(time.perf_counter() - started)

    render.render_pdf = timed
    # One warm-up document (fonts loaded, templates compiled), not counted.
    services.document_issue(actor=officer, case_id=cases[0].pk, kind="penalty_decision")
    rendering.clear()
    each, sizes = [], []
    for case in cases[1:]:
        started = time.perf_counter()
        doc = services.document_issue(actor=officer, case_id=case.pk, kind="penalty_decision")
        each.append(time.perf_counter() - started)
        sizes.append(doc.size)
    render.render_pdf = real
    count = len(each)
    p90 = sorted(each)[int(0.9 * (count - 1))]
    emit(
        f"issue a penalty decision PDF, median of {count}",
        round(statistics.median(each), 3),
        "s",
        note=f"p90 {p90:.3f} s, total {sum(each):.1f} s",
    )
    emit("WeasyPrint rendering alone, median", round(statistics.median(rendering), 3), "s")
    emit("PDF size, median", round(statistics.median(sizes) / 1024), "KiB")


def run(report) -> None:
    _fresh()
    _harness.run_isolated(__file__, DB_FILE, measure, report)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _harness.child_main(DB_FILE, measure)
