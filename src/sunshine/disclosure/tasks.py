"""Background work of disclosure: publish the decisions whose deadline has come and take down those whose
period has ended (idempotent). Scheduled in ``CELERY_BEAT_SCHEDULE`` as
``sunshine.disclosure.publish_due``."""

from celery import shared_task

from .services import publications_expire, publications_publish_due


@shared_task(name="sunshine.disclosure.publish_due")
def publish_due() -> dict:
    """Publish every pending decision due today or earlier; take down every expired publication."""
    return {"published": publications_publish_due(), "expired": publications_expire()}
