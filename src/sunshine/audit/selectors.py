"""Reading the audit log: filtered, keyset-paged event lists and inclusion proofs.

Only the audit administrator reads the log (capability ``audit.view``, checked by the views); the
log has no object scope. Lists page by sequence number (keyset), never by OFFSET or COUNT(*), so a
page costs the same on the millionth event as on the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from .chain import inclusion_path, verify_inclusion
from .models import Checkpoint, Event
from .verify import day_bounds

PAGE_SIZE = 50


@dataclass(frozen=True)
class EventFilters:
    actor: str = ""  # a username, or "system"
    action: str = ""  # exact, or a prefix ending in "." ("cases.")
    object_type: str = ""
    object_id: str = ""
    since: date | None = None  # Asia/Shanghai days, inclusive
    until: date | None = None


def _seq_bound(*, at_or_after, before) -> int | None:
    """The first sequence number at or after a time, or the last one before it (time never goes back)."""
    if at_or_after is not None:
        return (
            Event.objects.filter(created_at__gte=at_or_after)
            .order_by("created_at")
            .values_list("seq", flat=True)
            .first()
        )
    return (
        Event.objects.filter(created_at__lt=before)
        .order_by("-created_at")
        .values_list("seq", flat=True)
        .first()
    )


def event_queryset(filters: EventFilters) -> QuerySet[Event]:
    """Events matching the filters, newest first. A time range becomes a sequence range (one index
    probe each), so it combines with the action, object and actor indexes."""
    qs = Event.objects.all()
    if filters.actor:
        user_id = get_user_model().objects.filter(username=filters.actor).values_list("pk", flat=True).first()
        qs = qs.filter(actor_id=user_id) if user_id is not None else qs.filter(actor_label=filters.actor)
    if filters.action:
        if filters.action.endswith("."):
            qs = qs.filter(action__startswith=filters.action)
        else:
            qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.since:
        first = _seq_bound(at_or_after=day_bounds(filters.since)[0], before=None)
        qs = qs.filter(seq__gte=first) if first is not None else qs.none()
    if filters.until:
        last = _seq_bound(at_or_after=None, before=day_bounds(filters.until)[1])
        qs = qs.filter(seq__lte=last) if last is not None else qs.none()
    return qs.order_by("-seq")


@dataclass
class EventPage:
    events: list[Event]
    older: int | None  # pass as ``before`` for the next (older) page
    newer: int | None  # pass as ``after`` for the previous (newer) page


def event_page(
    filters: EventFilters, *, before: int | None = None, after: int | None = None, size: int = PAGE_SIZE
) -> EventPage:
    """One page of events, newest first: those before ``before`` or, going back, after ``after``."""
    qs = event_queryset(filters)
    if after is not None:
        rows = list(qs.filter(seq__gt=after).order_by("seq")[: size + 1])
        has_newer = len(rows) > size
        events = list(reversed(rows[:size]))
        has_older = bool(events) and qs.filter(seq__lt=events[-1].seq).exists()
    else:
        if before is not None:
            qs = qs.filter(seq__lt=before)
        rows = list(qs[: size + 1])
        has_older = len(rows) > size
        events = rows[:size]
        has_newer = (
            before is not None
            and bool(events)
            and event_queryset(filters).filter(seq__gt=events[0].seq).exists()
        )
    return EventPage(
        events=events,
        older=events[-1].seq if has_older and events else None,
        newer=events[0].seq if has_newer and events else None,
    )


def event_day(event: Event) -> date:
    return timezone.localtime(event.created_at, timezone.get_default_timezone()).date()


def inclusion_proof(seq: int) -> dict | None:
    """The RFC 6962 audit path of event ``seq`` to its day's signed Merkle root.

    Raises ``Event.DoesNotExist`` for an unknown event; returns None while the event's day has no
    checkpoint yet (the nightly job signs each day after it is over). The answer carries everything
    :func:`sunshine.audit.chain.verify_proof` needs, plus the checkpoint's signature and key.
    """
    event = Event.objects.only("seq", "hash", "record").get(seq=seq)
    day = event_day(event)
    checkpoint = Checkpoint.objects.filter(day=day).first()
    if (
        checkpoint is None
        or checkpoint.first_seq is None
        or not (checkpoint.first_seq <= seq <= checkpoint.last_seq)
    ):
        return None
    hashes = (
        Event.objects.filter(seq__gte=checkpoint.first_seq, seq__lte=checkpoint.last_seq)
        .order_by("seq")
        .values_list("hash", flat=True)
    )
    leaves = [bytes.fromhex(value) for value in hashes.iterator(chunk_size=10000)]
    index = seq - checkpoint.first_seq
    path = inclusion_path(leaves, index)
    root = bytes.fromhex(checkpoint.merkle_root)
    return {
        "seq": seq,
        "event_hash": event.hash,
        "day": day.isoformat(),
        "leaf_index": index,
        "tree_size": len(leaves),
        "path": [node.hex() for node in path],
        "merkle_root": checkpoint.merkle_root,
        "verified": verify_inclusion(bytes.fromhex(event.hash), index, len(leaves), path, root),
        "checkpoint": {
            "day": checkpoint.day.isoformat(),
            "first_seq": checkpoint.first_seq,
            "last_seq": checkpoint.last_seq,
            "count": checkpoint.count,
            "chain_hash": checkpoint.chain_hash,
            "signature": checkpoint.signature,
            "public_key": checkpoint.public_key,
            "key_fingerprint": checkpoint.key_fingerprint,
        },
    }
