"""Background work of statistics: the incremental fill (STYLE.md 11).

Schedule it in ``CELERY_BEAT_SCHEDULE`` as ``sunshine.stats.fill`` (every 15 minutes); it is
idempotent, so a missed or doubled run does no harm.
"""

from celery import shared_task

from .aggregate import fill


@shared_task(name="sunshine.stats.fill")
def fill_task() -> int:
    """Recompute the days changed since the last run; returns the number of days recomputed."""
    return fill().days
