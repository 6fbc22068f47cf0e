"""Appending to the audit log. Every service function calls :func:`audit_append` in its transaction."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from .chain import canonical_payload, event_bytes, event_hash, format_time
from .models import ChainHead, Event


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    raise TypeError("obj must be a model instance")


def audit_append(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str | int = "",
    payload: dict | None = None,
) -> Event:
    """Append one event to the chain, inside the caller's transaction.

    The chain head row is locked (``select_for_update``; on SQLite the IMMEDIATE transaction
    already holds the write lock), so concurrent appends serialise: no forks, no gaps.
    """
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_label = actor.get_username() if actor_id is not None else "system"
    body_payload = canonical_payload(payload)
    now = timezone.now()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(id=1).first()
        if head is None:
            head = ChainHead.objects.create(id=1)
        seq = head.seq + 1
        stamp = format_time(now)
        body = event_bytes(
            seq, stamp, actor_id, actor_label, action, object_type, str(object_id), body_payload
        )
        digest = event_hash(head.hash, body)
        event = Event.objects.create(
            seq=seq,
            created_at=now,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            payload=body_payload,
            prev_hash=head.hash,
            hash=digest,
        )
        ChainHead.objects.filter(id=1).update(seq=seq, hash=digest)
    return event
