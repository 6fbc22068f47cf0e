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
