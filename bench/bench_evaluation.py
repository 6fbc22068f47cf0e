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

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
CITY_FILE = BENCH_DIR / "evaluation_city.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CITY_CASES = max(1_000, int(1_000_000 * SCALE))
REQUESTS = 200


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{CITY_FILE}",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "DEBUG": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def run(report):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, __file__, "--child"], env=_env(), capture_output=True, text=True, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            report(row["name"], row["value"], row["unit"], row.get("target"), row.get("note", ""))
    if out.returncode != 0:
        raise RuntimeError(f"bench_evaluation child failed:\n{out.stderr[-4000:]}")


def _result(name, value, unit, target=None, note=""):
    print(
        "RESULT " + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note}),
        flush=True,
    )


def _measure(client, label: str, urls: list[str], scale: str, target: str | None = None) -> None:
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    _result(f"{label} p50 at {scale}", round(statistics.median(times), 1), "ms")
    _result(f"{label} p95 at {scale}", round(times[int(len(times) * 0.95) - 1], 1), "ms", target)


def child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from sunshine.core.management.commands.generate_city import generated_count

    if generated_count() != CITY_CASES:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{CITY_FILE}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        call_command("generate_city", cases=CITY_CASES, stdout=open(os.devnull, "w"))  # noqa: SIM115
        _result(f"generate_city --cases {CITY_CASES:,} (SQLite)", round(time.perf_counter() - began, 1), "s")
    from django.db.models import Count
    from django.test import Client

    from sunshine.accounts.models import User
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
