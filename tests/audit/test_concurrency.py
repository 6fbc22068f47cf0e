"""Concurrent appenders never fork the chain or leave a gap (SQLite IMMEDIATE; PostgreSQL row lock)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction

from sunshine.audit.models import Event
from sunshine.audit.services import audit_append
from sunshine.audit.verify import verify_chain

ROOT = Path(__file__).resolve().parents[2]
THREADS = 6
EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_threads_make_one_unbroken_chain():
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks by table; the file-database test covers SQLite")
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(EACH):
                # Each append in the caller's own transaction, as services do.
                with transaction.atomic():
                    audit_append(actor=None, action="test.concurrent", object_id=f"{n}-{i}", payload={"t": n})
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seqs = list(Event.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 1))  # no gap, no duplicate
    assert (
        Event.objects.filter(action="test.concurrent").values("object_id").distinct().count()
        == THREADS * EACH
    )
    hashes = list(Event.objects.order_by("seq").values_list("prev_hash", "hash"))
    assert all(prev == hashes[i - 1][1] for i, (prev, _h) in enumerate(hashes) if i)  # no fork
    report = verify_chain(batch_size=7)
    assert report.ok, report.problems
    assert report.count == THREADS * EACH


def test_concurrent_processes_and_threads_on_an_sqlite_file(tmp_path):
    """Two processes with three threads each append to one SQLite file (WAL, BEGIN IMMEDIATE)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "SUNSHINE_TESTING": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }

    def run(*args, wait=True):
        command = [sys.executable, "-m", "tests.audit.appender", *args]
        if wait:
            return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)  # noqa: S603
        return subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    migrated = run("migrate")
    assert migrated.returncode == 0, migrated.stderr
    workers = [run("append", "3", "10", tag, wait=False) for tag in ("a", "b")]
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, out + err
    checked = run("verify")
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout.strip().splitlines()[-1])
    assert result["seqs"] == list(range(1, 2 * 3 * 10 + 1))  # no gap, no duplicate
    assert result["linked"] is True  # no fork
    assert result["distinct"] == 60
    assert result["ok"] is True, result["problems"]


@pytest.mark.django_db(transaction=True)
def test_read_ahead_yields_the_same_batches_as_reading_in_turn():
    """verify_chain reads the next batch in a second thread outside a transaction (audit/verify.py)."""
    from sunshine.audit.verify import _batches, batch_sql

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("a second thread's connection to the in-memory test database is another database")
    for i in range(23):
        with transaction.atomic():
            audit_append(actor=None, action="test.read_ahead", object_id=str(i), payload={"i": i})
    ranges = [(lo, min(lo + 4, 23)) for lo in range(1, 24, 5)]
    query = batch_sql(connection.vendor)
    in_turn = list(_batches("default", query, ranges, read_ahead=False))
    ahead = list(_batches("default", query, ranges, read_ahead=True))
    assert ahead == in_turn
    assert [count for *_rest, count in ahead] == [5, 5, 5, 5, 3]
    assert verify_chain(batch_size=5).ok
