"""Benchmark of the cases app (issue 3 section 4): create-to-close of general-procedure cases through
the services, then the case list and detail API at that size.

Runs against its own SQLite file, ``var/bench/cases.sqlite3`` (recreated on every run), in a child
process, never the development database. Each case goes through ten service calls (register, file,
start investigation, advance notice, waiver, submit, decide, serve, execute, close), each with its
guards, step record, case event, audit event and deadlines.

Figures: cases closed per second and milliseconds per case; p50/p95 of ``GET /api/v1/cases/`` (first
page, and filtered by state) and of ``GET /api/v1/cases/{id}/`` over the cases created. The issue's target
(p95 ≤ 50 ms at 1,000,000 cases from ``generate_city``) needs the city generator; here the list and
detail are measured at the size this benchmark creates. ``BENCH_SCALE`` scales 10,000 cases.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "cases.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CASES = max(50, int(10_000 * SCALE))
REQUESTS = 200


def run(report):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB_FILE}",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, check=True
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            report(row["name"], row["value"], row["unit"], row.get("target"), row.get("note", ""))


def _result(name, value, unit, target=None, note=""):
    print(
        "RESULT " + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note})
    )


def _setup():
    import datetime as dt

    from django.contrib.auth.models import Group

    from sunshine.accounts.models import User
    from sunshine.org.models import Certificate, Staff, Unit
    from sunshine.org.services import unit_rebuild_paths
    from tests.factories import MatterFactory, MatterVersionFactory

    bureau = Unit.objects.create(code="B", name="新城市城市管理局", kind="bureau", short_name="新城管")
    squad = Unit.objects.create(code="S1", name="一中队", kind="squad", parent=bureau)
    unit_rebuild_paths()
    squad.refresh_from_db()
    bureau.refresh_from_db()
    users = {}
    for username, role, unit in (
        ("officer1", "officer", squad),
        ("officer2", "officer", squad),
        ("squadlead", "squad_leader", squad),
        ("leader", "leader", bureau),
    ):
        user = User.objects.create(username=username, display_name=username)
        user.groups.add(Group.objects.get(name=role))
        staff = Staff.objects.create(
            user=user, employee_no=username, name=username, kind="officer", unit=unit
        )
        Certificate.objects.create(
            staff=staff,
            number=f"C-{username}",
            enforcement_category="城市管理综合执法",
            enforcement_area="新城市",
            issued_on=dt.date(2024, 1, 1),
            expires_on=dt.date(2030, 12, 31),
        )
        users[username] = user
    version = MatterVersionFactory(matter=MatterFactory(code="HB-009"))
    return users, version


def child() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import datetime as dt

    from django.db import connection
    from django.utils import timezone
    from rest_framework.test import APIClient

    from sunshine.cases import services
    from sunshine.parties.models import Party

    users, version = _setup()
    officer, squad, leader = users["officer1"], users["squadlead"], users["leader"]
    handlers = [officer.staff.pk, users["officer2"].staff.pk]
    Party.objects.bulk_create([Party(kind="individual", name=f"当事人{i}") for i in range(CASES)])
    parties = list(Party.objects.order_by("id").values_list("pk", flat=True))
    act_at = (timezone.now() - dt.timedelta(days=20)).isoformat()
    served_on = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    notice = {
        "severity": "minor",
        "penalty_kinds": ["fine"],
        "fine": "1000.00",
        "method": "direct",
        "served_on": served_on,
        "grounds": "违反《大气污染防治法》第八十一条第三款。",
    }
    decide = {"severity": "minor", "penalty_kinds": ["fine"], "fine": "1000.00", "reasons": "事实清楚"}

    began = time.perf_counter()
    for i in range(CASES):
        case = services.case_create(
            actor=officer,
            data={
                "source": "patrol",
                "matter": version.matter.code,
                "parties": [parties[i]],
                "handlers": handlers,
                "act_at": act_at,
                "place": "解放路",
                "facts": "露天烧烤",
                "early_reason": "refusal_to_correct",
            },
        )
        for user, action, data in (
            (squad, "file", {}),
            (officer, "start_investigation", {}),
            (officer, "serve_advance_notice", notice),
            (officer, "waive_rights", {"content": "放弃陈述申辩"}),
            (officer, "submit_for_decision", {}),
            (leader, "decide", decide),
            (officer, "serve_decision", {"method": "direct"}),
            (officer, "execute", {"kind": "paid", "amount": "1000.00"}),
            (squad, "close", {}),
        ):
            case = services.case_act(case=case, action=action, actor=user, data=data)
    elapsed = time.perf_counter() - began
    _result(f"create-to-close, {CASES:,} general cases", round(CASES / elapsed, 1), "cases/s")
    _result("create-to-close per case (10 service calls)", round(elapsed / CASES * 1000, 1), "ms")

    client = APIClient()
    client.force_authenticate(officer)
    ids = [row[0] for row in connection.cursor().execute("select id from cases_case order by id").fetchall()]
    for label, urls in (
        ("GET /api/v1/cases/ (first page)", ["/api/v1/cases/"] * REQUESTS),
        ("GET /api/v1/cases/?state=closed&page=2", ["/api/v1/cases/?state=closed&page=2"] * REQUESTS),
        (
            "GET /api/v1/cases/{id}/",
            [f"/api/v1/cases/{ids[(i * 37) % len(ids)]}/" for i in range(REQUESTS)],
        ),
    ):
        times = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        _result(f"{label} p50 at {CASES:,} cases", round(statistics.median(times), 1), "ms")
        _result(f"{label} p95 at {CASES:,} cases", round(times[int(len(times) * 0.95) - 1], 1), "ms", "<= 50")


if __name__ == "__main__" and "--child" in sys.argv:
    child()
