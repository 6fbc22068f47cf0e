"""Benchmark of statistics (issue 6 section 3), in a child process on its own SQLite file.

``var/bench/stats_city_<N>.sqlite3`` is filled by ``manage.py generate_city --cases N`` (N = 1,000,000 ×
``BENCH_SCALE``), whose ``stats`` hook adds 5 citizen requests and 2 field contacts per case; it is
reused when it already holds N generated cases. Then:

1. the first fill of the fact tables from nothing (every day of three years), reported as information;
2. one day's new rows — N/1,095 cases with their decisions, 5N/1,095 requests, 2N/1,095 field contacts,
   dated today — and the incremental run that takes them in, then a run with nothing new;
3. the leaders' dashboard (``selectors.dashboard``: trends, 721 split, map, rankings, overdue items) and
   the quarter's statistics table (``selectors.figures``), p50/p95 over 200 calls each, for a leader
   (whole bureau) and a squad leader (own squad). Target: dashboard p95 ≤ 300 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CITY_CASES = max(1_000, int(1_000_000 * SCALE))
# One file per size, so that a run at another BENCH_SCALE never adds to a city of a different size.
DB_FILE = BENCH_DIR / f"stats_city_{CITY_CASES}.sqlite3"
CALLS = 200
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above


def run(report):
    _harness.run_child(__file__, "--child", DB_FILE, report)


_result = _harness.result


def _timed(fn, calls: int = CALLS) -> tuple[float, float]:
    fn()  # warm
    samples = []
    for _ in range(calls):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def _city() -> None:
    from django.core.management import call_command

    from sunshine.core.management.commands.generate_city import generated_count

    call_command("migrate", verbosity=0)
    if generated_count() == CITY_CASES:
        return
    began = time.perf_counter()
    call_command("generate_city", cases=CITY_CASES, force=True, stdout=sys.stderr)
    _result(
        "stats: generate_city (cases, requests, contacts)",
        round(time.perf_counter() - began, 1),
        "s",
        "",
        f"{CITY_CASES:,} cases, {5 * CITY_CASES:,} requests, {2 * CITY_CASES:,} contacts",
    )


def _one_day(today) -> dict:
    """Copies of existing rows, dated today: one day's share of three years."""
    import datetime as dt

    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone

    from sunshine.cases.models import Case, Decision
    from sunshine.parties.models import FieldContact
    from sunshine.service.models import Request

    per_day = max(1, CITY_CASES // 1095)
    now = timezone.now()
    with transaction.atomic():
        base = Case.objects.aggregate(m=Max("pk"))["m"]
        cases = []
        for i, row in enumerate(
            Case.objects.filter(decided_on__isnull=False).order_by("pk").values()[:per_day]
        ):
            row.update(
                id=base + 1 + i,
                number=f"BENCH-{today:%Y%m%d}-{base + 1 + i}",
                registered_on=today,
                decided_on=today,
                closed_on=today if row["closed_on"] else None,
            )
            cases.append(Case(**row))
        Case.objects.bulk_create(cases)
        olds = {c.id: c for c in cases}
        src = Decision.objects.filter(case__decided_on__isnull=False).order_by("case_id").values()[:per_day]
        decisions = []
        for (new_id, _case), row in zip(olds.items(), src, strict=False):
            row.pop("id")
            row.update(case_id=new_id, document_number=f"BENCH-D-{new_id}", decided_on=today)
            decisions.append(Decision(**row))
        Decision.objects.bulk_create(decisions)
        top = Request.objects.aggregate(m=Max("pk"))["m"]
        requests = []
        for i, row in enumerate(Request.objects.order_by("-pk").values()[: 5 * per_day]):
            row.pop("id")
            at = now - dt.timedelta(seconds=i)
            row.update(tracking_no=f"B{top + 1 + i:015d}", received_at=at, due_at=at + dt.timedelta(days=5))
            if row["replied_at"]:
                row["replied_at"] = at + dt.timedelta(hours=1)
            requests.append(Request(**row))
        Request.objects.bulk_create(requests, batch_size=2000)
        contacts = []
        for i, row in enumerate(FieldContact.objects.order_by("-pk").values()[: 2 * per_day]):
            row.pop("id")
            row["occurred_at"] = now - dt.timedelta(seconds=i)
            contacts.append(FieldContact(**row))
        FieldContact.objects.bulk_create(contacts, batch_size=2000)
    return {"cases": len(cases), "requests": len(requests), "contacts": len(contacts)}


def child() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from sunshine.stats import aggregate, rules, selectors
    from sunshine.stats.models import DailyFact, FillRun, MonthlyFact

    _city()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size = -262144")
    if not FillRun.objects.exists():
        began = time.perf_counter()
        run = aggregate.fill(trigger="command")
        _result(
            "stats: first fill from nothing",
            round(time.perf_counter() - began, 1),
            "s",
            "",
            f"{run.days:,} days; {DailyFact.objects.count():,} daily and "
            f"{MonthlyFact.objects.count():,} monthly rows",
        )
    else:
        aggregate.fill(trigger="command")
    today = timezone.localdate()
    added = _one_day(today)
    began = time.perf_counter()
    run = aggregate.fill(trigger="command")
    elapsed = (time.perf_counter() - began) * 1000
    _result(
        "stats: incremental fill of one day's new rows",
        round(elapsed, 1),
        "ms",
        "",
        f"{added['cases']:,} cases + decisions, {added['requests']:,} requests, "
        f"{added['contacts']:,} contacts; "
        f"{run.days} day(s) and their month recomputed",
    )
    began = time.perf_counter()
    run = aggregate.fill(trigger="command")
    _result(
        "stats: incremental fill with nothing new",
        round((time.perf_counter() - began) * 1000, 1),
        "ms",
        "",
        f"{run.days} days recomputed (snapshot only)",
    )
    User = get_user_model()
    leader = User.objects.get(username="leader")
    squad = User.objects.get(username="squadleader")
    year, quarter = rules.quarter_of(today)
    start, end = rules.quarter_bounds(year, quarter)
    for label, user in (("leader, whole bureau", leader), ("squad leader, own squad", squad)):
        p50, p95 = _timed(lambda u=user: selectors.dashboard(u))
        _result(f"stats: dashboard p95 ({label})", round(p95, 1), "ms", "<= 300 ms", f"p50 {p50:.1f} ms")
        p50, p95 = _timed(lambda u=user: selectors.figures(u, start, end))
        _result(f"stats: quarter's table p95 ({label})", round(p95, 1), "ms", "", f"p50 {p50:.1f} ms")


if __name__ == "__main__":
    if "--child" in sys.argv:
        child()
    else:
        run(lambda name, value, unit, target=None, note="": print(f"{name:<52} {value:>10} {unit:<3} {note}"))
