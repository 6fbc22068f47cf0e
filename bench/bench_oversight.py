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

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
CITY_FILE = BENCH_DIR / "oversight_city.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CITY_CASES = max(1_000, int(1_000_000 * SCALE))
REQUESTS = 200


def _env(db_file: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_file}",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "DEBUG": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def run(report):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, __file__, "--city"], env=_env(CITY_FILE), capture_output=True, text=True, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            report(row["name"], row["value"], row["unit"], row.get("target"), row.get("note", ""))
    if out.returncode != 0:
        raise RuntimeError(f"bench_oversight child failed:\n{out.stderr[-4000:]}")


def _result(name, value, unit, target=None, note=""):
    print(
        "RESULT " + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note}),
        flush=True,
    )


def _measure(client, label: str, urls: list[str], scale: str) -> None:
    for url in urls[:5]:  # warm the caches, as a running server would have them
        client.get(url)
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    _result(f"{label} p50 at {scale}", round(statistics.median(times), 1), "ms")
    _result(f"{label} p95 at {scale}", round(times[int(len(times) * 0.95) - 1], 1), "ms", "<= 100")


def city_child() -> None:
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
