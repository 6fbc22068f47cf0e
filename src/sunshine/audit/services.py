"""Writing to the audit log: appending events and signing daily checkpoints.

Every service function of every app calls :func:`audit_append` in its own transaction (STYLE.md 2),
so an event exists exactly when its change does.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from .chain import checkpoint_statement, encode_record, record_hash, time_to_us, us_to_time
from .models import ChainHead, Checkpoint, Event
from .signing import current_fingerprint, sign
from .verify import summarise_day

# Rules of the audit log (not statutes): GB/T 22239-2019 level 3, 8.1.4.3 security audit — records
# are protected from unexpected deletion, modification or overwriting.
AUDIT_CITATION = _("GB/T 22239-2019 8.1.4.3 (security audit: audit records are protected)")

MAX_LENGTHS = {"action": 64, "object_type": 64, "object_id": 64, "actor_label": 150}


def _object_ref(obj) -> tuple[str, str]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    raise TypeError("obj must be a model instance")


EVENT_TABLE = Event._meta.db_table
HEAD_TABLE = ChainHead._meta.db_table


def _lock_head(cursor, vendor: str) -> tuple[int, str, int]:
    """The chain head (seq, hash, time_us), locked until the transaction ends."""
    lock = " FOR UPDATE" if vendor == "postgresql" else ""  # SQLite: BEGIN IMMEDIATE holds the write lock
    query = f'SELECT "seq", "hash", "time_us" FROM "{HEAD_TABLE}" WHERE "id" = 1{lock}'  # noqa: S608
    cursor.execute(query)
    row = cursor.fetchone()
    if row is None:  # only after a flush: the data migration creates the row
        ChainHead.objects.bulk_create([ChainHead(id=1)], ignore_conflicts=True)
        cursor.execute(query)
        row = cursor.fetchone()
    return row


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

    The chain head row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the IMMEDIATE
    transaction already holds the database's write lock), so concurrent appends serialise: no forks,
    no gaps. The event's time is taken under the lock and never goes backwards, so each Asia/Shanghai
    day is one contiguous run of sequence numbers.
    """
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_label = actor.get_username() if actor_id is not None else "system"
    fields = {
        "action": action,
        "object_type": object_type or "",
        "object_id": str(object_id),
        "actor_label": actor_label,
    }
    for name, limit in MAX_LENGTHS.items():
        if len(fields[name]) > limit:
            raise ValueError(f"audit {name} longer than {limit} characters: {fields[name][:80]!r}")
    if not action:
        raise ValueError("audit action is required")
    clean_payload = payload or {}
    # The hot path of every write in the platform: three plain statements, no ORM machinery.
    # savepoint=False: inside the caller's transaction a failure here fails the whole transaction.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        head_seq, head_hash, head_time = _lock_head(cursor, connection.vendor)
        seq = head_seq + 1
        time_us = max(time_to_us(timezone.now()), head_time)
        record = encode_record(
            prev_hash=head_hash,
            seq=seq,
            time_us=time_us,
            actor_id=actor_id,
            payload=clean_payload,
            **fields,
        )
        digest = record_hash(record)
        cursor.execute(
            f'INSERT INTO "{EVENT_TABLE}" ("seq", "record", "hash") VALUES (%s, %s, %s)',  # noqa: S608
            [seq, record, digest],
        )
        cursor.execute(
            f'UPDATE "{HEAD_TABLE}" SET "seq" = %s, "hash" = %s, "time_us" = %s WHERE "id" = 1',  # noqa: S608
            [seq, digest, time_us],
        )
    event = Event(seq=seq, record=record, hash=digest)
    event._state.adding = False
    event._state.db = connection.alias
    # The generated columns are computed by the database; fill them in so callers need no query.
    event.prev_hash = head_hash
    event.created_at = us_to_time(time_us)
    event.actor_id = actor_id
    for name, value in fields.items():
        setattr(event, name, value)
    return event


def _today() -> dt.date:
    return timezone.localdate(timezone.now(), timezone.get_default_timezone())


def checkpoint_create(*, day: dt.date) -> Checkpoint:
    """Sign the checkpoint of ``day`` (an Asia/Shanghai day that is over); idempotent.

    Recomputes the day's events (their hashes, their links and that they are one contiguous run),
    their RFC 6962 Merkle root and the chain hash at the day's last event, signs the canonical
    statement with the bureau's Ed25519 key, stores it, and audits the signing. A day with no events
    gets a checkpoint too (count 0), so that events cannot later be slipped into it.
    Refuses a day that is not over, and a day whose chain is broken (GB/T 22239-2019 8.1.4.3).
    """
    existing = Checkpoint.objects.filter(day=day).first()
    if existing is not None:
        return existing
    if day >= _today():
        raise RuleViolation(
            "audit_day_not_over",
            _("The checkpoint of %(day)s can be signed only after the day is over.")
            % {"day": day.isoformat()},
            AUDIT_CITATION,
        )
    try:
        with transaction.atomic():
            summary = summarise_day(day, verify_records=True)
            if summary.problem is not None:
                raise RuleViolation(
                    "audit_chain_broken",
                    _("The checkpoint of %(day)s was not signed: %(problem)s")
                    % {"day": day.isoformat(), "problem": summary.problem.message},
                    AUDIT_CITATION,
                )
            signature, public_key, key_fingerprint = sign(
                checkpoint_statement(
                    day=day,
                    first_seq=summary.first_seq,
                    last_seq=summary.last_seq,
                    count=summary.count,
                    merkle_root=summary.merkle_root,
                    chain_hash=summary.chain_hash,
                    key_fingerprint=current_fingerprint(),
                )
            )
            checkpoint = Checkpoint.objects.create(
                day=day,
                first_seq=summary.first_seq,
                last_seq=summary.last_seq,
                count=summary.count,
                merkle_root=summary.merkle_root,
                chain_hash=summary.chain_hash,
                public_key=public_key,
                key_fingerprint=key_fingerprint,
                signature=signature,
                signed_at=timezone.now(),
            )
            audit_append(
                actor=None,
                action="audit.checkpoint_create",
                obj=checkpoint,
                payload={"day": day, "count": summary.count, "merkle_root": summary.merkle_root},
            )
    except IntegrityError:
        # Another worker signed the same day at the same moment: theirs stands.
        return Checkpoint.objects.get(day=day)
    return checkpoint


def checkpoint_create_missing(*, until: dt.date | None = None) -> list[Checkpoint]:
    """Sign every missing checkpoint from the log's first day up to ``until`` (default: yesterday)."""
    last_day = until or (_today() - dt.timedelta(days=1))
    first = Event.objects.order_by("seq").values_list("created_at", flat=True).first()
    if first is None:
        return []
    day = timezone.localtime(first, timezone.get_default_timezone()).date()
    done = set(Checkpoint.objects.filter(day__gte=day, day__lte=last_day).values_list("day", flat=True))
    created = []
    while day <= last_day:
        if day not in done:
            created.append(checkpoint_create(day=day))
        day += dt.timedelta(days=1)
    return created
