"""Benchmark of public disclosure (issue 6 section 3): the public decision list at city scale.

Runs against its own SQLite file, ``var/bench/disclosure.sqlite3``, filled by ``manage.py generate_city
--cases 1000000`` (× ``BENCH_SCALE``) with only the disclosure hook (a publication for every generated
penalty decision); the file is reused when it already holds that many generated cases.

Figures (p50 and p95 over 200 requests each, anonymous visitor, Django test client in-process):
- ``decision_list`` — ``/disclosure/decisions/`` with the page cache emptied before every request (the
  cold path: the rows, the capped count and the page render), over a mix of the first page, a unit
  filter, a matter filter, a date range and page 50 (target p95 ≤ 50 ms);
- ``decision_list_cached`` — the same requests with the cache warm;
- ``decision_api`` — ``/api/v1/disclosure/decisions/`` cold, the same mix;
- ``decision_detail`` — one decision page, cold.

Both steps run in child processes, never on the development database.
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
DB_FILE = BENCH_DIR / "disclosure.sqlite3"
SCALE = float(os.environ.get("BENCH_SCALE", "1") or 1)
CASES = max(1_000, int(1_000_000 * SCALE))
REQUESTS = 200


def _env() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB_FILE}",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "DEBUG": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def _child(mode: str, report) -> None:
    out = subprocess.run(  # noqa: S603 - our own interpreter and file
        [sys.executable, __file__, mode], env=_env(), capture_output=True, text=True, check=False
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            report(row["name"], row["value"], row["unit"], row.get("target"), row.get("note", ""))
    if out.returncode != 0:
        raise RuntimeError(f"bench_disclosure {mode} failed:\n{out.stderr[-4000:]}")


def run(report):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    _child("--generate", report)
    _child("--measure", report)


def _result(name, value, unit, target=None, note=""):
    print(
        "RESULT " + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note})
    )


def _setup():
    import django

    django.setup()


def _generate() -> None:
    _setup()
    from django.core.management import call_command

    from sunshine.core.management.commands import generate_city
    from sunshine.disclosure.models import Publication

    call_command("migrate", verbosity=0)
    have = generate_city.generated_count()
    if have >= CASES and Publication.objects.exists():
        _result("generated_cases", have, "cases", note="reused")
        return
    if have:
        DB_FILE.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
    generate_city.HOOKS = ["disclosure"]  # this benchmark needs only the publications
    began = time.perf_counter()
    call_command("generate_city", cases=CASES, seed=2026, stdout=sys.stderr)
    _result("generate_city", round(time.perf_counter() - began, 1), "s", note=f"{CASES:,} cases")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return round(p50, 2), round(p95, 2)


def _measure() -> None:
    _setup()
    from django.core.cache import cache
    from django.test import Client

    from sunshine.catalog.models import Matter
    from sunshine.disclosure.models import Publication
    from sunshine.org.models import Unit

    listed = Publication.objects.filter(listed=True).count()
    total = Publication.objects.count()
    _result("publications", total, "rows", note=f"{listed:,} on the public list")
    client = Client()
    squad = Unit.objects.filter(kind="squad").order_by("pk").first()
    matter = Publication.objects.filter(listed=True).values_list("matter_id", flat=True).first()
    matter_code = Matter.objects.get(pk=matter).code
    newest = (
        Publication.objects.filter(listed=True)
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    queries = [
        {},
        {"unit": squad.pk},
        {"matter": matter_code},
        {"date_from": (newest.replace(day=1)).isoformat(), "date_to": newest.isoformat()},
        {"page": 50},
    ]
    one = Publication.objects.filter(listed=True).order_by("pk").values_list("pk", flat=True).first()

    def timed(path, params, *, cold=True) -> float:
        if cold:
            cache.clear()
        began = time.perf_counter()
        response = client.get(path, params)
        elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (path, params, response.status_code)
        return elapsed

    for path in ("/disclosure/decisions/", "/api/v1/disclosure/decisions/"):
        for q in queries:  # warm the connection and the templates
            timed(path, q)
    for name, path, cold, target in (
        ("decision_list", "/disclosure/decisions/", True, 50),
        ("decision_list_cached", "/disclosure/decisions/", False, None),
        ("decision_api", "/api/v1/disclosure/decisions/", True, 50),
    ):
        samples = [timed(path, queries[i % len(queries)], cold=cold) for i in range(REQUESTS)]
        p50, p95 = _percentiles(samples)
        _result(f"{name}_p50", p50, "ms")
        _result(f"{name}_p95", p95, "ms", target, note=f"{listed:,} listed decisions; mix of 5 queries")
    samples = [timed(f"/disclosure/decisions/{one}/", {}) for _ in range(REQUESTS)]
    p50, p95 = _percentiles(samples)
    _result("decision_detail_p95", p95, "ms", 50, note=f"p50 {p50} ms")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "--generate":
        _generate()
    elif mode == "--measure":
        _measure()
    else:  # run alone: BENCH=disclosure make bench

        def _print(name, value, unit, target=None, note=""):
            print(f"{name:<32} {value:>12} {unit:<6} {target or '':<6} {note}")

        run(_print)
