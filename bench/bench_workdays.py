"""Working-day counting speed: add_working_days, is_workday and a full computation with its explanation.

Target: at least 100,000 add_working_days calls per second (a deadline board or a bulk recomputation
counts days for every row). Starts are spread over 2020–2027 (official and provisional years alike).
"""

from __future__ import annotations

import datetime as dt
import random
import time


def run(report):
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "workdays", verbosity=0)
    from sunshine.workdays import calendar

    rng = random.Random(20261001)
    base = dt.date(2020, 1, 1).toordinal()
    calls = 100_000
    starts = [dt.date.fromordinal(base + rng.randrange(8 * 365)) for _ in range(calls)]
    lengths = [rng.choice((2, 3, 5, 7, 10, 15, 20, 30)) for _ in range(calls)]
    calendar.invalidate()
    calendar.add_working_days(starts[0], 1)  # load the table once

    began = time.perf_counter()
    for start, n in zip(starts, lengths, strict=True):
        calendar.add_working_days(start, n)
    elapsed = time.perf_counter() - began
    report("add_working_days calls", round(calls / elapsed), "calls/s", ">= 100,000")

    began = time.perf_counter()
    for start in starts:
        calendar.is_workday(start)
    elapsed = time.perf_counter() - began
    report("is_workday calls", round(calls / elapsed), "calls/s")

    sample = 20_000
    began = time.perf_counter()
    for start, n in zip(starts[:sample], lengths[:sample], strict=True):
        calendar.statutory_deadline(start, n, calendar.Law.PENALTY).explanation  # noqa: B018
    elapsed = time.perf_counter() - began
    report("statutory_deadline with explanation", round(sample / elapsed), "calls/s")
