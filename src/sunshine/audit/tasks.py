"""Background work of the audit log: the nightly checkpoint (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .services import checkpoint_create_missing


@shared_task(name="sunshine.audit.checkpoint_missing_days")
def checkpoint_missing_days() -> int:
    """Sign the checkpoint of every day that is over and has none yet (normally just yesterday)."""
    return len(checkpoint_create_missing())
