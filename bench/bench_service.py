"""Benchmark of citizen service (issue 5 section 5), each part in a child process on its own SQLite file.

1. Registering and dispatching requests through the services, ``var/bench/service.sqlite3``: 2,000 with
   ``request_register`` then ``request_dispatch`` (two transactions), then ``BENCH_SERVICE_REQUESTS``
   (default 100,000 × ``BENCH_SCALE``) with ``request_register(dispatch=True)`` (one transaction, the
   same records: grid lookup, reply deadline, notice, register and dispatch audit events).
2. The request board at scale: ``var/bench/service_board.sqlite3`` filled with raw ``executemany``
   (``BENCH_SERVICE_ROWS``, default 5,000,000 × ``BENCH_SCALE``; 2% open) and ANALYZEd, then p50/p95
   over 200 calls of the board's first page (the API's query: open requests soonest due first, 100 rows)
   for a squad officer (squad-scoped) and a leader (bureau-wide), and of a tracking-number search.
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
REG_FILE = BENCH_DIR / "service.sqlite3"
BOARD_FILE = BENCH_DIR / "service_board.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
REGISTER = max(100, int(os.environ.get("BENCH_SERVICE_REQUESTS") or 100_000 * SCALE))
TWO_STEP = min(REGISTER, 2_000)
ROWS = max(10_000, int(os.environ.get("BENCH_SERVICE_ROWS") or 5_000_000 * SCALE))
CALLS = 200


def _env(db_file: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_file}",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def _child(mode: str, db_file: Path, report) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    out = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, __file__, mode], env=_env(db_file), capture_output=True, text=True, check=True
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            report(row["name"], row["value"], row["unit"], row.get("target"), row.get("note", ""))


def run(report):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _child("--register", REG_FILE, report)
    _child("--board", BOARD_FILE, report)


def _result(name, value, unit, target=None, note=""):
    print(
        "RESULT " + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note})
    )


def _setup():
    from django.contrib.auth.models import Group

    from sunshine.accounts.models import User
    from sunshine.org.models import Grid, Staff, Unit
    from sunshine.org.services import unit_rebuild_paths

    bureau = Unit.objects.create(code="B", name="新城市城市管理局", kind="bureau", short_name="新城管")
    squads = [
        Unit.objects.create(code=f"S{i}", name=f"{i}中队", kind="squad", parent=bureau) for i in range(1, 9)
    ]
    unit_rebuild_paths()
    for i, squad in enumerate(squads):
        lng = 118.0 + 0.05 * i
        Grid.objects.create(
            code=f"G{i}",
            name=f"网格{i}",
            squad=squad,
            polygon={
                "type": "Polygon",
                "coordinates": [
                    [[lng, 34.0], [lng + 0.05, 34.0], [lng + 0.05, 34.1], [lng, 34.1], [lng, 34.0]]
                ],
            },
            min_lng=lng,
            max_lng=lng + 0.05,
            min_lat=34.0,
            max_lat=34.1,
        )
    users = {}
    for username, role, unit in (
        ("clerk", "intake_clerk", bureau),
        ("officer", "officer", squads[0]),
        ("leader", "leader", bureau),
    ):
        user = User.objects.create(username=username, display_name=username)
        user.groups.add(Group.objects.get(name=role))
        Staff.objects.create(user=user, employee_no=username, name=username, kind="officer", unit=unit)
        users[username] = user
    return users, [Unit.objects.get(pk=s.pk) for s in squads]


def register_child() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sunshine.service import services

    users, squads = _setup()
    clerk = users["clerk"]

    def one(i, one_step):
        args = {
            "actor": clerk,
            "channel": "hotline",
            "kind": "complaint",
            "content": f"占道经营 {i}",
            "citizen_phone": "13800001234",
            "lng": 118.001 + (i % 390) * 0.001,  # inside the eight grids (118.0–118.4)
            "lat": 34.05,
        }
        if one_step:
            services.request_register(**args, dispatch=True)
        else:
            req = services.request_register(**args)
            services.request_dispatch(actor=clerk, request=req, unit=req.unit or squads[0])

    started = time.perf_counter()
    for i in range(TWO_STEP):
        one(i, one_step=False)
    elapsed = time.perf_counter() - started
    _result(
        "service: register, then dispatch (two services)",
        round(TWO_STEP / elapsed, 1),
        "req/s",
        "",
        f"{TWO_STEP:,} requests in {elapsed:.1f} s",
    )
    started = time.perf_counter()
    for i in range(REGISTER):
        one(TWO_STEP + i, one_step=True)
    elapsed = time.perf_counter() - started
    _result(
        "service: register and dispatch at once (request_register dispatch=True)",
        round(REGISTER / elapsed, 1),
        "req/s",
        "",
        f"{REGISTER:,} requests in {elapsed:.0f} s ({elapsed / 60:.1f} min)",
    )


def board_child() -> None:
    import django

    django.setup()
    import datetime as dt
    import random

    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from sunshine.service import selectors

    users, squads = _setup()
    rng = random.Random(5)
    base = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    squad_ids = [s.pk for s in squads]
    clerk_id = users["clerk"].pk
    cols = (
        "tracking_no",
        "channel",
        "kind",
        "urgency",
        "status",
        "citizen_name",
        "citizen_phone",
        "content",
        "address",
        "unit_id",
        "first_receiver_id",
        "received_at",
        "due_at",
        "referred_department",
        "referred_contact",
        "referred_told",
        "reply_channel",
        "replied_at",
        "reply_content",
        "reopened",
        "extension_reason",
    )
    sql = f'INSERT INTO "service_request" ({", ".join(cols)}) VALUES ({", ".join(["%s"] * len(cols))})'  # noqa: S608 - fixed column names
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")
    batch = []
    with transaction.atomic(), connection.cursor() as cursor:
        for n in range(ROWS):
            received = base + dt.timedelta(seconds=n * 30)
            is_open = n >= ROWS - ROWS // 50
            due = received + dt.timedelta(days=5)
            batch.append(
                (
                    f"S{n:015d}",
                    "hotline",
                    "complaint",
                    "ordinary",
                    "dispatched" if is_open else "replied",
                    "王先生",
                    "13800001234",
                    "占道经营",
                    "钟吾路",
                    squad_ids[n % len(squad_ids)],
                    clerk_id,
                    received.isoformat(),
                    due.isoformat(),
                    "",
                    "",
                    "",
                    "" if is_open else "phone",
                    None if is_open else (received + dt.timedelta(hours=rng.randint(1, 90))).isoformat(),
                    "" if is_open else "已处理",
                    False,
                    "",
                )
            )
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    load = time.perf_counter() - started
    _result("service board: rows generated (raw executemany)", ROWS, "rows", "", f"in {load:.0f} s")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _result("service board: ANALYZE", round(time.perf_counter() - started, 1), "s", "", "planner statistics")

    def measure(name, fn, target=None):
        times = []
        for _ in range(CALLS):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        _result(f"{name} p50", round(statistics.median(times), 2), "ms")
        _result(f"{name} p95", round(times[int(CALLS * 0.95) - 1], 2), "ms", target, f"{ROWS:,} requests")

    for username in ("officer", "leader"):
        user = users[username]
        measure(
            f"service board first page ({username})",
            lambda u=user: list(selectors.request_board(u)[:100]),
            "≤ 100 ms",
        )
    leader = users["leader"]
    measure(
        "service board search by tracking number (leader)",
        lambda: list(selectors.request_board(leader, status="", q=f"S{ROWS // 2:015d}")[:100]),
    )


if __name__ == "__main__":
    {"--register": register_child, "--board": board_child}[sys.argv[1]]()
