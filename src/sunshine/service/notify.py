"""Sending notices to citizens through a pluggable backend (settings ``SERVICE_NOTICE_BACKEND``).

No SMS gateway is reachable from this installation, so the default backend only records the message
as sent in the outbox (``Notice``); a gateway backend is a class with ``send(notice) -> bool``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "sunshine.service.notify.RecordingBackend"


class RecordingBackend:
    """Records the message in the outbox and sends nothing (no gateway is reachable here)."""

    def send(self, notice) -> bool:
        return True


def backend_path() -> str:
    return getattr(settings, "SERVICE_NOTICE_BACKEND", DEFAULT_BACKEND)


def send_pending(notice_ids: list[int]) -> int:
    """Send the given pending notices; returns how many were sent."""
    from .models import Notice

    backend = import_string(backend_path())()
    sent = 0
    for notice in Notice.objects.filter(pk__in=notice_ids, state=Notice.State.PENDING):
        ok = backend.send(notice)
        notice.state = Notice.State.SENT if ok else Notice.State.FAILED
        notice.sent_at = timezone.now() if ok else None
        notice.backend = backend_path()[:100]
        notice.save(update_fields=["state", "sent_at", "backend"])
        sent += int(ok)
    return sent
