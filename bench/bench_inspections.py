"""Benchmark of double-random inspection (issue 7): directory import and a 5% draw with inspector pairs.

Runs against its own SQLite file, ``var/bench/inspections.sqlite3`` (recreated on every run); if Django
is already set up in this process, the measurements run in a child process configured for that file.

Figures:
- ``directory_import`` of a 500,000-row registry CSV (parsing, row-by-row credit-code checks, bulk
  upsert in one transaction): rows/s (target ≥ 20,000);
- the draw of 5% of the directory with inspector pairs from 300 inspectors (``verifier.run_draw``):
  seconds (target ≤ 2); and, for information, freezing the inputs (snapshot and hash) and the whole
  service (two entries of the public value, draw, 25,000 tasks with their pairs).

``BENCH_SCALE`` scales the sizes (default 1.0).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "inspections.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
ROWS = max(2000, int(500_000 * SCALE))
INSPECTORS = 300
CATEGORIES = ["市容", "环卫", "园林", "市政", "燃气"]
AREAS = [f"G{i:02d}" for i in range(12)]


def _fresh_database() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)


def _csv() -> bytes:
    from sunshine.inspections.codes import make_credit_code

    risks = ("low", "medium", "medium", "high")
    records = ("good", "good", "normal", "poor")
    lines = ["credit_code,name,kind,address,area,category,risk,compliance"]
    for i in range(ROWS):
        kind = "org" if i % 3 else "individual"
        area, category = AREAS[i % len(AREAS)], CATEGORIES[i % len(CATEGORIES)]
        lines.append(
            f"{make_credit_code(i)},新城市第{i}号商户,{kind},人民路{i % 999}号,"
            f"{area},{category},{risks[i % 4]},{records[(i // 4) % 4]}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _people():
    from django.contrib.auth.models import Group

    from sunshine.accounts.models import User
    from sunshine.inspections.models import Inspector
    from sunshine.org.models import Certificate, Staff, Unit

    unit = Unit.objects.create(code="B", name="新城市城市管理局", kind=Unit.Kind.BUREAU)
    users = []
    for name, role in (("legal", "legal_reviewer"), ("leader", "leader")):
        user = User.objects.create(username=name)
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        users.append(user)
    staff = Staff.objects.bulk_create(
        [
            Staff(employee_no=f"E{i:05d}", name=f"队员{i}", kind=Staff.Kind.OFFICER, unit=unit)
            for i in range(INSPECTORS)
        ]
    )
    staff = list(Staff.objects.order_by("employee_no"))
    Certificate.objects.bulk_create(
        [
            Certificate(
                staff=s,
                number=f"C{i:06d}",
                enforcement_category="城市管理综合执法",
                enforcement_area="新城市",
                issued_on=dt.date(2024, 1, 1),
                expires_on=dt.date(2099, 12, 31),
            )
            for i, s in enumerate(staff)
        ]
    )
    Inspector.objects.bulk_create(
        [
            Inspector(
                staff=s,
                categories=[] if i % 4 == 0 else [CATEGORIES[i % len(CATEGORIES)], CATEGORIES[(i + 1) % 5]],
                areas=[] if i % 3 == 0 else [AREAS[i % len(AREAS)], AREAS[(i + 5) % len(AREAS)]],
            )
            for i, s in enumerate(staff)
        ]
    )
    return unit, users


def measure(emit) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from sunshine.inspections import services, verifier
    from sunshine.inspections.models import InspectionMatter, Task

    assert Path(connection.settings_dict["NAME"]).resolve() == DB_FILE.resolve(), "not the bench database"
    call_command("migrate", verbosity=0)
    unit, (legal, leader) = _people()
    content = _csv()

    started = time.perf_counter()
    report = services.directory_import(actor=legal, content=content, filename="registry.csv")
    elapsed = time.perf_counter() - started
    assert report.ok and report.imported == ROWS, report.errors[:5]
    emit(f"directory import, CSV, {ROWS:,} rows", round(ROWS / elapsed), "rows/s", target=">= 20,000/s")

    matter = InspectionMatter.objects.create(
        code="SJ-001", name="门前三包", category="市容", basis="条例", content="检查", method="现场检查"
    )
    today = timezone.localdate()
    plan = services.plan_create(
        actor=legal,
        data={
            "code": "BENCH",
            "title": "5%抽查",
            "unit": unit,
            "proportion": 5,
            "frequency": "每季度",
            "period_start": today,
            "period_end": today + dt.timedelta(days=90),
            "inspectors_per_target": 2,
            "public_value_source": "双色球开奖号码",
            "public_value_date": today + dt.timedelta(days=1),
        },
        matters=[matter],
    )
    services.plan_approve(actor=leader, plan=plan)
    started = time.perf_counter()
    draw = services.plan_publish(actor=legal, plan=plan)
    emit("freeze the inputs (snapshot, hash, pool)", round(time.perf_counter() - started, 2), "s")

    value = "03 11 15 22 27 31 + 09"
    seed = verifier.compute_seed(
        plan=draw.plan_data,
        snapshot=draw.snapshot,
        inspectors=draw.inspectors,
        conflicts=draw.conflicts,
        public_value=value,
    )
    best = None
    for _ in range(2):
        started = time.perf_counter()
        result = verifier.run_draw(
            plan=draw.plan_data,
            snapshot=draw.snapshot,
            inspectors=draw.inspectors,
            conflicts=draw.conflicts,
            seed=seed,
        )
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    drawn = len(result["targets"])
    unassigned = sum(1 for pair in result["pairs"].values() if not pair)
    emit(
        f"draw 5% ({drawn:,} of {ROWS:,}) with inspector pairs",
        round(best, 2),
        "s",
        target="<= 2 s",
        note=f"{INSPECTORS} inspectors, {unassigned} unassigned",
    )

    services._today = lambda: today + dt.timedelta(days=1)
    started = time.perf_counter()
    services.public_value_enter(actor=legal, draw=draw, value=value)
    services.public_value_enter(actor=leader, draw=draw, value=value)
    emit(
        "whole draw service (seed, draw, tasks and pairs saved)",
        round(time.perf_counter() - started, 2),
        "s",
        note=f"{Task.objects.count():,} tasks",
    )
    draw.refresh_from_db()
    started = time.perf_counter()
    assert verifier.verify(draw.published()) == []
    emit("verifier re-checks the published draw", round(time.perf_counter() - started, 2), "s")


def run(report) -> None:
    _fresh_database()
    _harness.run_isolated(__file__, DB_FILE, measure, report)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _harness.child_main(DB_FILE, measure)
