"""Benchmark of the audit log (issue 2): append rate and full-chain verification speed.

Runs against its own SQLite file, ``var/bench/audit.sqlite3`` (recreated on every run), never the
development database. If Django is already set up in this process (another benchmark ran first and
configured it), the measurements run in a child process that configures Django for the bench file.

Figures:
- appends/s through ``audit_append``, each append in its own transaction (target ≥ 2,000/s);
- the chain of 1,000,000 events (built in Python, bulk-inserted with executemany) verified by
  ``verify_chain`` against raw ``hashlib.sha256(record).digest()`` over exactly the same bytes in the same
  run; the ratio of the two rates (target ≥ 50%). Each is measured twice, interleaved; the best counts;
- signing the checkpoints of those days, and recomputing them (roots and signatures), for information.

``BENCH_SCALE`` scales the sizes (default 1.0).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "audit.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CHAIN_EVENTS = max(1000, int(1_000_000 * SCALE))
APPENDS = max(1000, int(10_000 * SCALE))
STEP_US = 997_000  # about one event a second: 1,000,000 events span eleven and a half days

ACTIONS = [
    (
        "cases.case_file",
        "cases.case",
        {"status": "filed", "note": "当事人在人行道上占道经营，经劝导拒不改正"},
    ),
    (
        "parties.contact_record",
        "parties.contact",
        {"step": 2, "place": "人民路与建设路交叉口", "result": "劝离"},
    ),
    (
        "cases.decision_issue",
        "cases.case",
        {"fine": "200.00", "basis": "《城市市容和环境卫生管理条例》第十七条"},
    ),
    ("accounts.login", "accounts.user", {"ip": "10.12.3.45", "agent": "Mozilla/5.0 (Linux; Android 14)"}),
    ("evidence.item_add", "evidence.item", {"sha256": "9f2c" * 16, "kind": "photo", "size": 2_348_112}),
]


def _fresh_database() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)


def _start_us(count: int) -> int:
    """The first event's time: the chain ends the day before yesterday (Asia/Shanghai), so every one
    of its days can be signed and nothing is left between it and today's appends."""
    import datetime as dt

    from django.utils import timezone

    from sunshine.audit.chain import time_to_us

    today = timezone.localdate(timezone.now(), timezone.get_default_timezone())
    midnight = dt.datetime.combine(
        today - dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_default_timezone()
    )
    return time_to_us(midnight) - (count + 1) * STEP_US


def _generate(count: int) -> list[bytes]:
    """Build the chain in Python and bulk-insert it; return every record's bytes (for the baseline)."""
    from django.db import connection, transaction

    from sunshine.audit.chain import GENESIS_HASH, encode_record

    sha256 = hashlib.sha256
    records: list[bytes] = []
    start_us = _start_us(count)
    prev = GENESIS_HASH
    batch: list[tuple[int, str, str]] = []
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")  # a throwaway bench file: no fsync while loading
    with transaction.atomic(), connection.cursor() as cursor:
        for seq in range(1, count + 1):
            action, object_type, payload = ACTIONS[seq % len(ACTIONS)]
            record = encode_record(
                prev_hash=prev,
                seq=seq,
                time_us=start_us + seq * STEP_US,
                actor_id=None if seq % 7 == 0 else 1 + seq % 85,
                actor_label="system" if seq % 7 == 0 else f"officer{1 + seq % 85:03d}",
                action=action,
                object_type=object_type,
                object_id=str(seq // 3),
                payload={**payload, "n": seq},
            )
            data = record.encode("utf-8")
            prev = sha256(data).hexdigest()
            records.append(data)
            batch.append((seq, record, prev))
            if len(batch) == 50_000:
                cursor.executemany(
                    'INSERT INTO "audit_event" ("seq", "record", "hash") VALUES (%s, %s, %s)', batch
                )
                batch.clear()
        if batch:
            cursor.executemany(
                'INSERT INTO "audit_event" ("seq", "record", "hash") VALUES (%s, %s, %s)', batch
            )
        cursor.execute(
            'UPDATE "audit_chainhead" SET "seq" = %s, "hash" = %s, "time_us" = %s WHERE "id" = 1',
            [count, prev, start_us + count * STEP_US],
        )
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = NORMAL")  # as in production, for the append measurement
    return records


def _raw_hashing(records: list[bytes]) -> float:
    sha256 = hashlib.sha256
    started = time.perf_counter()
    for data in records:
        sha256(data).digest()
    return time.perf_counter() - started


def _appends(emit, count: int, where: str) -> None:
    from django.db import transaction

    from sunshine.audit.services import audit_append

    started = time.perf_counter()
    for i in range(count):
        with transaction.atomic():
            audit_append(
                actor=None,
                action="bench.append",
                object_type="cases.case",
                object_id=str(i),
                payload={"i": i, "note": "占道经营"},
            )
    elapsed = time.perf_counter() - started
    emit(
        f"audit_append, one transaction each, {where} ({count:,})",
        round(count / elapsed),
        "appends/s",
        target=">= 2,000/s",
    )


def measure(emit) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sunshine.audit.services import checkpoint_create_missing
    from sunshine.audit.verify import verify_chain, verify_checkpoints

    assert Path(connection.settings_dict["NAME"]).resolve() == DB_FILE.resolve(), "not the bench database"
    call_command("migrate", "audit", verbosity=0)
    _appends(emit, APPENDS, "fresh log")

    # The big chain goes into a new file: its events are dated in the past, before any append.
    connection.close()
    _fresh_database()
    call_command("migrate", "audit", verbosity=0)
    started = time.perf_counter()
    records = _generate(CHAIN_EVENTS)
    emit(
        "chain generated and bulk-inserted",
        CHAIN_EVENTS,
        "events",
        note=f"{time.perf_counter() - started:.1f} s",
    )
    size = sum(len(data) for data in records)

    raw_times, verify_times = [], []
    for _ in range(3):
        raw_times.append(_raw_hashing(records))
        started = time.perf_counter()
        report = verify_chain(batch_size=20_000)
        verify_times.append(time.perf_counter() - started)
        assert report.ok and report.count == CHAIN_EVENTS, report.problems
    raw_rate = CHAIN_EVENTS / min(raw_times)
    verify_rate = CHAIN_EVENTS / min(verify_times)
    del records
    emit(
        "raw hashlib.sha256(record).digest(), same bytes",
        round(raw_rate),
        "events/s",
        note=f"{size / CHAIN_EVENTS:.0f} B/record, {size / min(raw_times) / 1e6:.0f} MB/s",
    )
    emit(f"verify_chain over {CHAIN_EVENTS:,} events", round(verify_rate), "events/s")
    emit("verification / raw hashing", round(100 * verify_rate / raw_rate, 1), "%", target=">= 50%")

    started = time.perf_counter()
    signed = checkpoint_create_missing()
    emit(
        "checkpoints signed (Merkle root + Ed25519)",
        len(signed),
        "days",
        note=f"{time.perf_counter() - started:.1f} s for {CHAIN_EVENTS:,} events",
    )
    started = time.perf_counter()
    _days, problems = verify_checkpoints()
    assert not problems, problems
    emit(
        "checkpoints recomputed (roots + signatures)",
        round(CHAIN_EVENTS / (time.perf_counter() - started)),
        "events/s",
    )
    _appends(emit, max(200, APPENDS // 5), f"{CHAIN_EVENTS:,}-event log")


def run(report) -> None:
    _fresh_database()
    _harness.run_isolated(__file__, DB_FILE, measure, report)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _harness.child_main(DB_FILE, measure)
