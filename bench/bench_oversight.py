"""Benchmark of oversight (issue 8 section 5): the officer record page at the scale of ``generate_city``.

Runs in a child process on its own SQLite file, ``var/bench/oversight_city.sqlite3``, filled by
``manage.py generate_city --cases 1000000`` (× ``BENCH_SCALE``; reused when it already holds that many
generated cases). ``generate_city`` runs this app's hook (``sunshine.oversight.generate``): three years
of daily conduct checks of every squad's officers, their findings, faults on 0.2% of the cases with the
flags that follow, exams. Then p50/p95 over 200 requests of ``GET /work/oversight/records/<id>/`` (the
whole page, rendered) and of the record API, for an inspector (bureau-wide) reading the officers with
the most cases in turn, this year and a past year. Target: p95 ≤ 100 ms.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
CITY_FILE = BENCH_DIR / "oversight_city.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CITY_CASES = max(1_000, int(1_000_000 * SCALE))
REQUESTS = 200
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above


def run(report):
    _harness.run_child(__file__, "--city", CITY_FILE, report)


_result = _harness.result


def _measure(client, label: str, urls: list[str], scale: str) -> None:
    _harness.measure_gets(client, label, urls, scale, "<= 100", warm=5)


def city_child() -> None:
    import django

    django.setup()

    _harness.ensure_city(CITY_FILE, CITY_CASES)
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from sunshine.accounts.models import User
    from sunshine.cases.models import Case, CaseHandler
    from sunshine.oversight.models import CheckEntry, Finding

    inspector = User.objects.filter(groups__name="inspector").first()
    busiest = list(
        CaseHandler.objects.values("staff_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("staff_id", flat=True)[:10]
    )
    scale = (
        f"{Case.objects.count():,} cases, {CheckEntry.objects.count():,} check entries, "
        f"{Finding.objects.count():,} findings"
    )
    client = Client()
    client.force_login(inspector)
    year = timezone.localdate().year
    pages = [f"/work/oversight/records/{busiest[i % len(busiest)]}/" for i in range(REQUESTS)]
    _measure(client, "GET officer record page (inspector, this year)", pages, scale)
    _measure(
        client,
        "GET officer record page (inspector, a past year)",
        [f"{url}?year={year - 1}" for url in pages],
        scale,
    )
    # The floor: a small staff page through the same middleware and base template, for comparison.
    _measure(client, "GET /work/oversight/ (floor: a small page)", ["/work/oversight/"] * REQUESTS, scale)
    api = [f"/api/v1/oversight/records/{busiest[i % len(busiest)]}/" for i in range(REQUESTS)]
    _measure(client, "GET /api/v1/oversight/records/{id}/ (inspector)", api, scale)


if __name__ == "__main__" and "--city" in sys.argv:
    city_child()
