"""Benchmark of case-file scoring and evaluation (issue 8 section 5): the yearly unit evaluation page.

Runs against its own SQLite file, ``var/bench/evaluation_city.sqlite3``, filled by
``manage.py generate_city --cases 1000000`` (× ``BENCH_SCALE``; reused when it already holds that many
generated cases), whose evaluation hook adds a 5% case-file draw per squad and year with scored reviews and
the officers' ledger, and party ratings for about one case in ten. Measured in a child process (never the
development database): p50/p95 over 200 requests each of

- the unit evaluation page (``/work/evaluation/units/<squad>/<year>/``, HTML) for the legal section,
- the same unit's evaluation through the API, the bureau as a whole (every squad), and the unit rankings.

Target: the unit evaluation page p95 ≤ 100 ms. A baseline (the rubric page, almost no work of its own) is
measured in the same run so that the request cycle's share can be told apart on a loaded machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
CITY_FILE = BENCH_DIR / "evaluation_city.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CITY_CASES = max(1_000, int(1_000_000 * SCALE))
REQUESTS = 200
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402 - the bench folder is put on the path just above


def run(report):
    _harness.run_child(__file__, "--child", CITY_FILE, report)


_result = _harness.result


def _measure(client, label: str, urls: list[str], scale: str, target: str | None = None) -> None:
    _harness.measure_gets(client, label, urls, scale, target)


def child() -> None:
    import django

    django.setup()

    _harness.ensure_city(CITY_FILE, CITY_CASES)
    from django.db.models import Count
    from django.test import Client

    from sunshine.accounts.models import User
    from sunshine.core.management.commands.generate_city import generated_count
    from sunshine.evaluation import services
    from sunshine.evaluation.models import CaseFileReview, PartyEvaluation, ScoreEntry
    from sunshine.org.models import Unit

    reviews, ratings = CaseFileReview.objects.count(), PartyEvaluation.objects.count()
    scale = f"{generated_count():,} cases"
    _result("case-file reviews / party ratings / ledger lines", f"{reviews:,} / {ratings:,} / "
            f"{ScoreEntry.objects.count():,}", "rows")  # fmt: skip
    busiest = (
        CaseFileReview.objects.values("unit_id", "year")
        .annotate(n=Count("id"))
        .order_by("-n", "unit_id")
        .first()
    )
    unit, year = busiest["unit_id"], busiest["year"]
    bureau = Unit.objects.filter(kind="bureau").values_list("pk", flat=True).first()
    user = User.objects.filter(groups__name="legal_reviewer").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    note = f"{busiest['n']:,} reviews in the unit-year"
    # The same stack with next to no work of this app (the rubric page: two small queries), for comparison:
    # on a loaded machine most of a page's time is the request cycle and the base template, not the figures.
    rubric = f"/work/evaluation/rubrics/{services.rubric_current().pk}/"
    _measure(
        client, "GET rubric page (baseline: request cycle and base template)", [rubric] * REQUESTS, scale
    )
    page = f"/work/evaluation/units/{unit}/{year}/"
    _measure(client, "GET unit evaluation page (squad, HTML)", [page] * REQUESTS, scale, "<= 100")
    _result("unit evaluation page: the unit-year measured", note, "")
    _measure(
        client,
        "GET /api/v1/evaluation/units/{squad}/{year}/",
        [f"/api/v1/evaluation/units/{unit}/{year}/"] * REQUESTS,
        scale,
    )
    _measure(
        client,
        "GET unit evaluation page (whole bureau, HTML)",
        [f"/work/evaluation/units/{bureau}/{year}/"] * 50,
        scale,
    )
    _measure(client, "GET unit rankings (HTML)", [f"/work/evaluation/?year={year}"] * REQUESTS, scale)


if __name__ == "__main__" and "--child" in sys.argv:
    child()
