"""What every benchmark module shares: measuring against its own SQLite file under var/bench/.

A module defines ``measure(emit)`` and calls :func:`run_isolated` from its ``run(report)``. When Django
is not set up yet in this process, it is set up here against the module's database; otherwise (another
module already configured Django) the module runs again as a child process pointed at its database,
and the child's figures come back as JSON lines. The module's ``__main__`` block calls
:func:`child_main` for that.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(db_file: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
    for path in (str(ROOT / "src"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def run_isolated(module_file: str, db_file: Path, measure, report) -> None:
    from django.apps import apps

    if not apps.ready:
        configure(db_file)
        measure(lambda name, value, unit, target=None, note="": report(name, value, unit, target, note))
        return
    # Django already points elsewhere in this process: measure in a child that points at the bench file.
    child = subprocess.run(  # noqa: S603 - a bench module of this repository, fixed arguments
        [sys.executable, module_file, "--child"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{db_file}"},
        capture_output=True,
        text=True,
        check=False,
    )
    for line in child.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            report(row["name"], row["value"], row["unit"], row["target"], row["note"])
    if child.returncode != 0:
        raise RuntimeError(f"{Path(module_file).stem} child failed:\n{child.stderr}")


def child_main(db_file: Path, measure) -> None:
    configure(db_file)

    def emit(name, value, unit, target=None, note=""):
        print(
            json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note}),
            flush=True,
        )

    measure(emit)


# --- modules that run a child process of their own (a city file, several modes) -----------------------


def child_env(db_file: Path) -> dict:
    """The environment of a bench child: its own SQLite file, DEBUG on, this checkout first on the path."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_file}",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "DEBUG": "1",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def run_child(module_file: str, mode: str, db_file: Path, report) -> None:
    """Run ``module_file mode`` against ``db_file`` and pass its ``RESULT`` lines to ``report``."""
    db_file.parent.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(  # noqa: S603 - a bench module of this repository, fixed arguments
        [sys.executable, module_file, mode],
        env=child_env(db_file),
        capture_output=True,
        text=True,
        check=False,
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            row = json.loads(line[7:])
            report(row["name"], row["value"], row["unit"], row.get("target"), row.get("note", ""))
    if out.returncode != 0:
        raise RuntimeError(f"{Path(module_file).stem} {mode} failed:\n{out.stderr[-4000:]}")


def result(name, value, unit, target=None, note="") -> None:
    """A figure, from a child started by :func:`run_child`."""
    print(
        "RESULT " + json.dumps({"name": name, "value": value, "unit": unit, "target": target, "note": note}),
        flush=True,
    )


def measure_gets(client, label: str, urls: list[str], scale: str, target=None, warm: int = 0) -> None:
    """p50 and p95 (ms) of GET ``urls`` with a Django or DRF test client; every answer must be 200."""
    import statistics
    import time

    for url in urls[:warm]:  # warm the caches, as a running server would have them
        client.get(url)
    times = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    result(f"{label} p50 at {scale}", round(statistics.median(times), 1), "ms")
    result(f"{label} p95 at {scale}", round(times[int(len(times) * 0.95) - 1], 1), "ms", target)


def ensure_city(db_file: Path, cases: int) -> None:
    """Migrate the child's database and fill it with ``generate_city --cases`` unless it already holds that
    many generated cases (a file of another size is recreated)."""
    import time

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from sunshine.core.management.commands.generate_city import generated_count

    if generated_count() == cases:
        return
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with open(os.devnull, "w") as devnull:
        call_command("generate_city", cases=cases, stdout=devnull)
    result(f"generate_city --cases {cases:,} (SQLite)", round(time.perf_counter() - began, 1), "s")
