"""Background work of citizen service: escalate overdue requests (idempotent; schedule it every
15 minutes in ``CELERY_BEAT_SCHEDULE`` as ``sunshine.service.escalate_overdue``)."""

from celery import shared_task

from .services import requests_escalate_overdue


@shared_task(name="sunshine.service.escalate_overdue")
def escalate_overdue() -> int:
    """Escalate every open request past its time limit to its squad leader, once."""
    return requests_escalate_overdue()


@shared_task(name="sunshine.service.supervision_remind")
def supervision_remind() -> tuple[int, int]:
    """Remind before supervision deadlines and escalate after them (once each); run daily."""
    from .supervision import supervision_remind_and_escalate

    return supervision_remind_and_escalate()
