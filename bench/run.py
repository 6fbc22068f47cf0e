"""`make bench`: run every bench/bench_*.py module and print one table of figures.

Each module defines ``run(report)``; ``report(name, value, unit, target=None, note="")`` records a figure.
Results are also written to bench/out/results.json. Modules run in name order; ``BENCH=audit make bench``
runs only the modules whose name contains "audit". ``BENCH_SCALE`` (default 1.0) scales the sizes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")


def main() -> int:
    only = os.environ.get("BENCH", "")
    results = []

    def report(name, value, unit, target=None, note=""):
        row = {"name": name, "value": value, "unit": unit, "target": target, "note": note}
        results.append(row)
        shown = (
            f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        )
        print(f"  {name:<58} {shown:>14} {unit:<10} {target or '':<16} {note}", flush=True)

    for path in sorted(HERE.glob("bench_*.py")):
        if only and only not in path.stem:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        module.run(report)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)

    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
