"""Benchmark of the cases app (issue 3 section 4).

1. Create-to-close of general-procedure cases through the services, on its own SQLite file
   ``var/bench/cases.sqlite3`` (recreated on every run). Each case goes through ten service calls
   (register, file, start investigation, advance notice, waiver, submit, decide, serve, execute, close),
   each with its guards, step record, case event, audit event and deadlines. ``BENCH_CLOSE_CASES`` sets
   the count (default 10,000 × ``BENCH_SCALE``, the issue's figure).
2. The case list and detail API at city scale: ``var/bench/city.sqlite3`` filled by
   ``manage.py generate_city --cases 1000000`` (× ``BENCH_SCALE``), reused when it already holds that
   many generated cases. p50/p95 over 200 requests each of the first page, a filtered page, a deep
   page and the detail, for a squad officer (squad-scoped) and a leader (bureau-wide).

Both run in child processes, never on the development database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "cases.sqlite3"
CITY_FILE = BENCH_DIR / "city.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CASES = max(20, int(os.environ.get("BENCH_CLOSE_CASES") or 10_000 * SCALE))
CITY_CASES = max(1_000, int(1_000_000 * SCALE))
REQUESTS = 200
# A deep page: page 500 at a million cases (a squad officer sees about a tenth of them, 25 a page).
DEEP = max(1, min(500, CITY_CASES // 2000))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

_result = _harness.result


def _measure(client, label: str, urls: list[str], scale: str) -> None:
    _harness.measure_gets(client, label, urls, scale, "<= 50")


def run(report):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    _harness.run_child(__file__, "--close", DB_FILE, report)
    _harness.run_child(__file__, "--city", CITY_FILE, report)


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


def close_child() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import datetime as dt

    from django.utils import timezone

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
    rate = CASES / elapsed
    _result(f"create-to-close, {CASES:,} general cases: total", round(elapsed / 60, 2), "min")
    _result(f"create-to-close, {CASES:,} general cases: rate", round(rate, 1), "cases/s")
    _result("create-to-close per case (10 service calls)", round(elapsed / CASES * 1000, 1), "ms")


def city_child() -> None:
    import django

    django.setup()
    _harness.ensure_city(CITY_FILE, CITY_CASES)
    from rest_framework.test import APIClient

    from sunshine.accounts.models import User
    from sunshine.cases.models import Case
    from sunshine.org.models import Staff

    scale = f"{Case.objects.count():,} cases"
    staff = (
        Staff.objects.filter(
            kind="officer", unit__kind="squad", user__isnull=False, unit__cases__isnull=False
        )
        .select_related("user", "unit")
        .first()
    )
    leader = User.objects.filter(groups__name="leader").first()
    own = list(
        Case.objects.filter(unit=staff.unit)
        .order_by("-registered_on", "-id")
        .values_list("pk", flat=True)[:2000]
    )
    every = list(Case.objects.order_by("-registered_on", "-id").values_list("pk", flat=True)[:20000:10])
    for who, user, ids in (("squad officer", staff.user, own), ("leader, bureau-wide", leader, every)):
        client = APIClient()
        client.force_authenticate(user)
        _measure(client, f"GET /api/v1/cases/ first page ({who})", ["/api/v1/cases/"] * REQUESTS, scale)
        _measure(
            client,
            f"GET /api/v1/cases/?state=investigating&procedure=general ({who})",
            ["/api/v1/cases/?state=investigating&procedure=general"] * REQUESTS,
            scale,
        )
        _measure(
            client,
            f"GET /api/v1/cases/?page={DEEP} ({who})",
            [f"/api/v1/cases/?page={DEEP}"] * REQUESTS,
            scale,
        )
        _measure(
            client,
            f"GET /api/v1/cases/{{id}}/ ({who})",
            [f"/api/v1/cases/{ids[(i * 37) % len(ids)]}/" for i in range(REQUESTS)],
            scale,
        )


if __name__ == "__main__" and "--close" in sys.argv:
    close_child()
elif __name__ == "__main__" and "--city" in sys.argv:
    city_child()
