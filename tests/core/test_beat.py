"""Every scheduled task in CELERY_BEAT_SCHEDULE names a task that exists (a typo would fail silently)."""

from __future__ import annotations

from django.conf import settings

from sunshine.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    registered = set(app.tasks)
    missing = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} - registered
    assert missing == set()
