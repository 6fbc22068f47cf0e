"""Benchmark of the working-day calendar and the deadline boards.

Runs against its own SQLite file, ``var/bench/workdays.sqlite3`` (recreated on every run), never the
development database; when Django is already configured in this process (another benchmark ran
first), the measurements run in a child process pointed at the bench file.

Figures:
- ``add_working_days`` calls/s over starts spread across 2020–2027 (target ≥ 100,000/s), ``is_workday``
  calls/s, and a full statutory computation with its explanation;
- with 200,000 open deadlines (bulk-generated) for 2,000 officers in 40 squads: p95 of one user's
  board (first page of 50), of a squad's board (first page) and of the staff-home counts;
- entering a year (``calendar_year_set`` for 2027) and recomputing the open deadlines through it.

``BENCH_SCALE`` scales the sizes (default 1.0).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "workdays.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CALLS = max(10_000, int(100_000 * SCALE))
DEADLINES = max(2_000, int(200_000 * SCALE))
USERS = max(20, int(2_000 * SCALE))
UNITS = 40
SAMPLES = 200


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _counting(emit) -> None:
    from sunshine.workdays import calendar

    rng = random.Random(20261001)
    base = dt.date(2020, 1, 1).toordinal()
    starts = [dt.date.fromordinal(base + rng.randrange(8 * 365)) for _ in range(CALLS)]
    lengths = [rng.choice((2, 3, 5, 7, 10, 15, 20, 30)) for _ in range(CALLS)]
    calendar.invalidate()
    calendar.add_working_days(starts[0], 1)  # load the table once

    began = time.perf_counter()
    for start, n in zip(starts, lengths, strict=True):
        calendar.add_working_days(start, n)
    emit("add_working_days", round(CALLS / (time.perf_counter() - began)), "calls/s", ">= 100,000/s")

    began = time.perf_counter()
    for start in starts:
        calendar.is_workday(start)
    emit("is_workday", round(CALLS / (time.perf_counter() - began)), "calls/s")

    sample = CALLS // 5
    began = time.perf_counter()
    for start, n in zip(starts[:sample], lengths[:sample], strict=True):
        calendar.statutory_deadline(start, n, calendar.Law.PENALTY).explanation  # noqa: B018
    emit("statutory_deadline with its explanation", round(sample / (time.perf_counter() - began)), "calls/s")


def _generate():
    """Units, officers and open deadlines, bulk-inserted (data generation, not the services)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from sunshine.org.models import Staff, Unit
    from sunshine.workdays import calendar
    from sunshine.workdays.models import Deadline

    rng = random.Random(7)
    user_model = get_user_model()
    with transaction.atomic():
        root = Unit.objects.create(code="BENCH", name="局", kind=Unit.Kind.BUREAU)
        root.path = f"{root.pk}/"
        root.save(update_fields=["path"])
        units = Unit.objects.bulk_create(
            [
                Unit(code=f"BS{i:03d}", name=f"第{i}中队", kind=Unit.Kind.SQUAD, parent=root)
                for i in range(UNITS)
            ]
        )
        units = list(Unit.objects.filter(parent=root).order_by("pk"))
        for unit in units:
            unit.path = f"{root.pk}/{unit.pk}/"
        Unit.objects.bulk_update(units, ["path"])
        user_model.objects.bulk_create(
            [
                user_model(username=f"bench{i:05d}", password="!", display_name=f"队员{i}")
                for i in range(USERS)
            ],
            batch_size=1000,
        )
        users = list(user_model.objects.filter(username__startswith="bench").order_by("pk"))
        Staff.objects.bulk_create(
            [
                Staff(
                    user=user,
                    employee_no=f"BE{i:05d}",
                    name=user.display_name,
                    kind="officer",
                    unit=units[i % UNITS],
                )
                for i, user in enumerate(users)
            ],
            batch_size=1000,
        )
        owner_type = ContentType.objects.get_for_model(Unit)
        today = dt.date.today()  # noqa: DTZ011 - a spread of dates around now, any zone will do
        rows = []
        for i in range(DEADLINES):
            user = users[i % USERS]
            start = today + dt.timedelta(days=rng.randrange(-120, 300))
            kind, length = rng.choice((("working", 5), ("working", 7), ("calendar", 15), ("calendar", 90)))
            result = calendar.compute(start, length, kind)
            rows.append(
                Deadline(
                    owner_type=owner_type,
                    owner_id=units[i % UNITS].pk,
                    key=f"k{i}",
                    label="听证申请期限",
                    kind=kind,
                    start=start,
                    length=length,
                    due=result.due,
                    rolled_from=result.rolled_from,
                    provisional=result.provisional,
                    responsible=user,
                    unit=units[i % UNITS],
                )
            )
        Deadline.objects.bulk_create(rows, batch_size=2000)
    return users, units


def _boards(emit) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection

    from sunshine.workdays import selectors
    from sunshine.workdays.models import Deadline
    from sunshine.workdays.services import calendar_year_set

    started = time.perf_counter()
    users, _units = _generate()
    emit(f"generate {DEADLINES:,} open deadlines", round(time.perf_counter() - started, 1), "s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    squad_leader = users[0]
    squad_leader.groups.add(Group.objects.get_or_create(name="squad_leader")[0])
    rng = random.Random(11)

    timings = []
    for user in rng.sample(users, min(SAMPLES, len(users))):
        began = time.perf_counter()
        rows = list(selectors.deadline_board(user)[:50])
        [row.explanation for row in rows]
        timings.append((time.perf_counter() - began) * 1000)
    emit("my board, first page of 50 (p95)", round(_p95(timings), 2), "ms", f"{DEADLINES // USERS} each")

    timings = []
    for _ in range(SAMPLES // 4):
        began = time.perf_counter()
        list(selectors.deadline_board_for_unit(squad_leader)[:50])
        timings.append((time.perf_counter() - began) * 1000)
    emit("squad board, first page of 50 (p95)", round(_p95(timings), 2), "ms", f"{DEADLINES // UNITS} open")

    timings = []
    for user in rng.sample(users, min(SAMPLES, len(users))):
        began = time.perf_counter()
        selectors.deadline_counts(user)
        timings.append((time.perf_counter() - began) * 1000)
    emit("staff-home counts (p95)", round(_p95(timings), 2), "ms")

    admin = users[1]
    admin.groups.add(Group.objects.get_or_create(name="system_admin")[0])
    admin = type(admin).objects.get(pk=admin.pk)
    touching = Deadline.objects.filter(
        status="open", due__gte=dt.date(2027, 1, 1), start__lte=dt.date(2027, 12, 31)
    )
    count = touching.count()
    began = time.perf_counter()
    calendar_year_set(
        year=2027,
        holidays={dt.date(2027, 1, 1): "元旦", **{dt.date(2027, 10, d): "国庆节" for d in range(1, 8)}},
        makeup_workdays={dt.date(2027, 10, 9): "国庆节"},
        actor=admin,
    )
    elapsed = time.perf_counter() - began
    emit("enter 2027 and recompute deadlines through it", round(elapsed, 2), "s", note=f"{count:,} deadlines")


def measure(emit) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    _counting(emit)
    _boards(emit)


def _fresh_database() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)


def run(report) -> None:
    _fresh_database()
    _harness.run_isolated(__file__, DB_FILE, measure, report)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _harness.child_main(DB_FILE, measure)
