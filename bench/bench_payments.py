"""Benchmark of separated fine collection (issue 4 §4): reconciling a bank file of 100,000 lines.

Runs against its own SQLite file, ``var/bench/payments.sqlite3`` (recreated on every run); if Django is
already set up in this process, the measurements run in a child process configured for that file.

Setup: 100,000 served cases with their payment notices (bulk-created). The file: 100,000 lines — 93% pay
their notice in full, 3% in part, 2% over-pay, 2% carry an unknown code.

Figures:
- ``reconciliation_import`` of the file (parse, match by code, settle every notice with the surcharge rule,
  flag exceptions, try the case execution for every notice paid): lines/s;
- the same file again (recognised by its SHA-256): seconds;
- the same lines in a new file (every transaction already imported, skipped line by line): lines/s.

``BENCH_SCALE`` scales the size (default 1.0).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above

BENCH_DIR = ROOT / "var" / "bench"
DB_FILE = BENCH_DIR / "payments.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
LINES = max(1000, int(100_000 * SCALE))
SERVED_ON = dt.date(2026, 3, 2)


def _fresh_database() -> None:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)


def _setup():
    from django.contrib.auth.models import Group

    from sunshine.accounts.models import User
    from sunshine.cases.models import Case
    from sunshine.org.models import Unit
    from sunshine.payments import rules
    from sunshine.payments.models import CodeCounter, CollectionAccount, PaymentNotice
    from tests.factories import MatterVersionFactory

    unit = Unit.objects.create(code="S1", name="一中队", kind=Unit.Kind.SQUAD, path="/S1/")
    finance = User.objects.create(username="finance")
    finance.groups.add(Group.objects.get_or_create(name="finance")[0])
    version = MatterVersionFactory()
    bank = CollectionAccount.current()
    due = rules.payment_period(SERVED_ON).due
    act_at = dt.datetime(2026, 2, 1, 10, 0, tzinfo=dt.UTC)
    for start in range(0, LINES, 5000):
        Case.objects.bulk_create(
            [
                Case(
                    number=f"测立〔2026〕{i:07d}号",
                    source="patrol",
                    procedure="general",
                    state="served",
                    unit=unit,
                    matter_version=version,
                    act_at=act_at,
                    place="解放路",
                    facts="露天烧烤",
                    registered_on=SERVED_ON,
                    created_by=finance,
                )
                for i in range(start, min(LINES, start + 5000))
            ]
        )
    cases = list(Case.objects.order_by("id").values_list("id", flat=True))
    notices = [
        PaymentNotice(
            case_id=case_id,
            code=rules.make_payment_code(2026, n + 1),
            decision_number=f"测罚决字{n:07d}",
            party_name=f"当事人{n}",
            fine=Decimal(100 + n % 50 * 20),
            bank_name=bank.bank_name,
            account_name=bank.account_name,
            account_number=bank.account_number,
            served_on=SERVED_ON,
            due=due,
        )
        for n, case_id in enumerate(cases)
    ]
    PaymentNotice.objects.bulk_create(notices, batch_size=5000)
    CodeCounter.objects.create(year=2026, last=len(notices))
    return finance, list(PaymentNotice.objects.order_by("id").values_list("code", "fine"))


def _file(notices) -> bytes:
    from sunshine.payments import rules

    rows = ["transaction_id,payment_code,amount,paid_on,payer"]
    for n, (code, fine) in enumerate(notices):
        bucket = n % 100
        if bucket < 2:
            code, amount = rules.make_payment_code(2025, n + 1), fine
        elif bucket < 5:
            amount = fine / 2
        elif bucket < 7:
            amount = fine + 10
        else:
            amount = fine
        rows.append(f"BANK{n:09d},{code},{amount:.2f},{SERVED_ON.isoformat()},缴款人{n}")
    return ("\n".join(rows) + "\n").encode()


def measure(emit) -> None:
    from django.core.management import call_command

    from sunshine.payments import services
    from sunshine.payments.models import BankPayment, PaymentNotice

    call_command("migrate", verbosity=0)
    finance, notices = _setup()
    content = _file(notices)
    started = time.perf_counter()
    record, created = services.reconciliation_import(
        actor=finance, name="bench.csv", content=content, source="command"
    )
    elapsed = time.perf_counter() - started
    assert created and BankPayment.objects.count() == LINES
    paid = PaymentNotice.objects.filter(status="paid").count()
    emit(
        f"reconcile a {LINES:,}-line bank file",
        round(LINES / elapsed),
        "lines/s",
        note=f"{elapsed:.1f} s; {paid:,} notices paid; counts {record.summary['counts']}",
    )
    started = time.perf_counter()
    _same, created = services.reconciliation_import(
        actor=finance, name="again.csv", content=content, source="command"
    )
    emit("the same file again (recognised by its hash)", round(time.perf_counter() - started, 3), "s")
    assert not created
    started = time.perf_counter()
    services.reconciliation_import(
        actor=finance, name="renamed.csv", content=content + b"\n", source="command"
    )
    elapsed = time.perf_counter() - started
    assert BankPayment.objects.count() == LINES
    emit(
        "the same lines in a new file (each skipped)",
        round(LINES / elapsed),
        "lines/s",
        note=f"{elapsed:.1f} s",
    )


def run(report) -> None:
    _fresh_database()
    _harness.run_isolated(__file__, DB_FILE, measure, report)


if __name__ == "__main__" and sys.argv[1:] == ["--child"]:
    _harness.child_main(DB_FILE, measure)
