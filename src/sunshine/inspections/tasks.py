"""Background work of double-random inspection: publish results at their deadline (idempotent; schedule it
daily in ``CELERY_BEAT_SCHEDULE`` as ``sunshine.inspections.publish_due_results``)."""

from celery import shared_task

from .services import results_publish_due


@shared_task(name="sunshine.inspections.publish_due_results")
def publish_due_results() -> int:
    """Publish every recorded result whose 20-working-day deadline has come and that is not yet public."""
    return results_publish_due()
