"""``manage.py stats_rebuild [--start YYYY-MM-DD] [--end YYYY-MM-DD]``: recompute the statistics.

Without dates it runs one incremental fill (what the scheduled job does). With a range it also
recomputes every day of the range from the source rows, replacing that range's figures; use it after
correcting source data outside the services, or to build the tables the first time.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from sunshine.stats.aggregate import fill, rebuild
from sunshine.stats.models import FillRun


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Fill the statistics tables incrementally, or recompute a range of days (--start/--end)."

    def add_arguments(self, parser):
        parser.add_argument("--start", help="First day to recompute (YYYY-MM-DD).")
        parser.add_argument("--end", help="Last day to recompute (YYYY-MM-DD, default today).")

    def handle(self, *args, start=None, end=None, **options):
        if start is None and end is not None:
            raise CommandError("--end needs --start.")
        if start is None:
            run = fill(trigger=FillRun.Trigger.COMMAND)
        else:
            first, last = _date(start), _date(end) if end else timezone.localdate()
            if last < first:
                raise CommandError("--end is before --start.")
            run = rebuild(start=first, end=last)
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(f"{run.days} days recomputed, {run.rows} rows written in {seconds:.2f} s.")
