"""Document numbers: the bureau's format, per numbering unit, kind and year, gap-free and never duplicated
under concurrent issuing (a counter row locked with select_for_update; SQLite's IMMEDIATE transactions)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from sunshine.documents import render, services
from sunshine.documents.models import Document, DocumentCounter

from .conftest import make_case

ROOT = Path(__file__).resolve().parents[2]
ENTRY = {"requirement": "立即停止露天烧烤，清理现场。", "correct_by": "2099-12-31"}


def test_format_and_series(world):
    case = make_case(world, state="investigating", full=False)
    first = services.document_issue(
        actor=world.officer, case_id=case.pk, kind="correction_order", entry=ENTRY
    )
    second = services.document_issue(
        actor=world.officer, case_id=case.pk, kind="correction_order", entry=ENTRY
    )
    year = first.issued_at.year
    assert first.number == f"新城管责改字〔{year}〕第0001号"
    assert second.number == f"新城管责改字〔{year}〕第0002号"
    # Another kind has its own series.
    case2 = make_case(world, state="executed")
    notice = services.document_issue(actor=world.officer, case_id=case2.pk, kind="advance_notice")
    assert notice.number == f"新城管罚告字〔{year}〕第0001号"
    # Squads number under the bureau's short name (the nearest unit with one): one series for the bureau.
    other = make_case(world, state="investigating", full=False, unit=world.bureau["squad2"])
    third = services.document_issue(
        actor=world.other_officer, case_id=other.pk, kind="correction_order", entry=ENTRY
    )
    assert third.number.endswith("第0003号")


def test_decision_document_uses_the_decisions_own_number(world, full_case):
    doc = services.document_issue(actor=world.officer, case_id=full_case.pk, kind="penalty_decision")
    assert doc.number == full_case.decision.document_number
    assert not DocumentCounter.objects.filter(kind="penalty_decision").exists()


def test_a_failed_issue_leaves_no_gap(world, monkeypatch):
    case = make_case(world, state="investigating", full=False)
    services.document_issue(actor=world.officer, case_id=case.pk, kind="correction_order", entry=ENTRY)
    real = render.render_pdf

    def broken(context):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(render, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        services.document_issue(actor=world.officer, case_id=case.pk, kind="correction_order", entry=ENTRY)
    monkeypatch.setattr(render, "render_pdf", real)
    doc = services.document_issue(actor=world.officer, case_id=case.pk, kind="correction_order", entry=ENTRY)
    assert doc.sequence == 2
    assert Document.objects.filter(kind="correction_order").count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_threads(world):
    """Six officers issue orders at once (one of them fails mid-way): numbers 1..n, no gap, no duplicate."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is per connection; the SQLite file test covers it")
    cases = [make_case(world, state="investigating", full=False) for _i in range(6)]
    barrier = threading.Barrier(len(cases))
    errors: list[BaseException] = []
    real = render.render_pdf

    def flaky(context):
        if context["case_number"] == cases[3].number:
            raise RuntimeError("renderer crashed")
        return real(context)

    def worker(case) -> None:
        try:
            barrier.wait()
            services.document_issue(
                actor=world.officer, case_id=case.pk, kind="correction_order", entry=ENTRY
            )
        except RuntimeError:
            pass
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    render.render_pdf = flaky
    try:
        threads = [threading.Thread(target=worker, args=(c,)) for c in cases]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        render.render_pdf = real
    assert errors == []
    seqs = sorted(Document.objects.filter(kind="correction_order").values_list("sequence", flat=True))
    assert seqs == [1, 2, 3, 4, 5]
    assert DocumentCounter.objects.get(kind="correction_order").last == 5


def test_concurrent_numbering_on_an_sqlite_file(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'docs.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "SUNSHINE_TESTING": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }

    def run(*args):
        command = [sys.executable, "-m", "tests.documents.numberer", *args]
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)  # noqa: S603

    migrated = run("migrate")
    assert migrated.returncode == 0, migrated.stderr
    result = run("issue", "4", "6")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    numbers = data["numbers"]
    # 24 attempts, 8 of them fail after taking a number: 16 numbers 1..16, each once.
    assert len(numbers) == 16
    assert sorted(numbers) == [f"新城管责改字〔2026〕第{n:04d}号" for n in range(1, 17)]
