"""Recomputing the audit log: the whole chain, every checkpoint, and the database's protections.

Everything streams in batches, so a log of millions of events is never held in memory. The chain is
checked with a tight loop over raw cursor rows (the record's bytes and the stored hash); only a batch
that fails is read again, row by row, to name the first broken event and say what is wrong with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import methodcaller
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections
from django.db.utils import NotSupportedError
from django.utils.translation import gettext as _

from .chain import (
    GENESIS_HASH,
    PREV_END,
    PREV_START,
    MerkleBuilder,
    checkpoint_statement,
    decode_record,
    record_hash,
)
from .models import ChainHead, Checkpoint, Event
from .signing import fingerprint, trusted_fingerprints, verify_signature

EVENT_TABLE = Event._meta.db_table
CHECKPOINT_TABLE = Checkpoint._meta.db_table
GENERATED_COLUMNS = (
    "prev_hash",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
)
TRIGGERS = {
    "sqlite": (
        "audit_event_no_update",
        "audit_event_no_delete",
        "audit_checkpoint_no_update",
        "audit_checkpoint_no_delete",
    ),
    "postgresql": (
        "audit_event_append_only",
        "audit_event_no_truncate",
        "audit_checkpoint_append_only",
        "audit_checkpoint_no_truncate",
    ),
}


@dataclass
class Problem:
    seq: int | None
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class ChainReport:
    count: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC-aware start (inclusive) and end (exclusive) of an Asia/Shanghai day."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def record_bytes_sql(vendor: str) -> str:
    """SQL that reads the record column as its UTF-8 bytes (no text decoding in Python)."""
    if vendor == "sqlite":
        return 'CAST("record" AS BLOB)'
    if vendor == "postgresql":
        return "convert_to(\"record\", 'UTF8')"
    raise NotSupportedError(f"the audit log does not support {vendor}")


def batch_sql(vendor: str) -> str:
    """One row per batch: the batch's hashes run together, its records joined by newlines, the previous
    hashes the records carry (their bytes 2..66) run together, and the count.

    A record is JSON, whose strings never hold a raw newline, so the newline separates them; a
    tampered record that holds one only makes the batch fail the fast check and be read row by row.
    The database cuts the previous hashes out of the records (in the reader thread, without the GIL):
    they are the same bytes that are hashed, so a record edited there fails its own hash.
    """
    if vendor == "sqlite":
        return (
            "SELECT CAST(group_concat(\"hash\", '') AS BLOB), "
            'CAST(group_concat("record", char(10)) AS BLOB), '
            "CAST(group_concat(substr(\"record\", 3, 64), '') AS BLOB), COUNT(*) "
            'FROM (SELECT "hash", "record" FROM "audit_event" '
            'WHERE "seq" >= %s AND "seq" <= %s ORDER BY "seq")'
        )
    if vendor == "postgresql":
        return (
            "SELECT convert_to(string_agg(\"hash\", '' ORDER BY \"seq\"), 'UTF8'), "
            'convert_to(string_agg("record", chr(10) ORDER BY "seq"), \'UTF8\'), '
            "convert_to(string_agg(substr(\"record\", 3, 64), '' ORDER BY \"seq\"), 'UTF8'), COUNT(*) "
            'FROM "audit_event" WHERE "seq" >= %s AND "seq" <= %s'
        )
    raise NotSupportedError(f"the audit log does not support {vendor}")


_digest = methodcaller("digest")


def _fast_batch(hashes: bytes, records_blob: bytes, prevs: bytes, count: int, prev: bytes) -> bool:
    """True when every record of the batch hashes to its stored hash and links to the one before.

    No Python bytecode runs per event: the records are split, hashed and compared by C loops
    (``map`` over ``hashlib.sha256``), which keeps verification close to the speed of raw hashing.
    """
    records = records_blob.split(b"\n")
    if len(records) != count or len(hashes) != 64 * count or len(prevs) != 64 * count:
        return False
    try:
        stored = bytes.fromhex(hashes.decode("ascii"))
    except ValueError:  # a stored hash that is not hex: the slow path names the event
        return False
    if hashes != hashes.lower():  # hashes are lowercase hex (audit/chain.py)
        return False
    if b"".join(map(_digest, map(hashlib.sha256, records))) != stored:
        return False
    return prevs == prev + hashes[:-64]


def _found(seq: int, message: str) -> tuple[Problem, str]:
    return Problem(seq, message), ""


def _diagnose(cursor, vendor: str, lo: int, hi: int, prev: str, expected: int) -> tuple[Problem | None, str]:
    """Read a batch row by row and name its first broken event (None, and the batch's last hash,
    when the batch is in fact intact)."""
    cursor.execute(
        f'SELECT "seq", "hash", {record_bytes_sql(vendor)} FROM "{EVENT_TABLE}" '  # noqa: S608 - constants
        'WHERE "seq" >= %s AND "seq" <= %s ORDER BY "seq"',
        [lo, hi],
    )
    for seq, stored, record in cursor.fetchall():
        record = bytes(record)
        if seq != expected:
            return _found(
                expected,
                _(
                    "Event #%(seq)d is missing: the log jumps from #%(before)d to #%(after)d "
                    "(events were deleted)."
                )
                % {"seq": expected, "before": expected - 1, "after": seq},
            )
        try:
            fields = decode_record(record)
        except (ValueError, UnicodeDecodeError):
            return _found(
                seq, _("Event #%(seq)d: its record is not well-formed (it was edited).") % {"seq": seq}
            )
        if fields["seq"] != seq:
            return _found(
                seq,
                _(
                    "Event #%(seq)d: its record says it is event #%(other)s "
                    "(events were reordered or renumbered)."
                )
                % {"seq": seq, "other": fields["seq"]},
            )
        if record_hash(record) != stored:
            return _found(
                seq,
                _("Event #%(seq)d: its hash does not match its content (the event was edited).")
                % {"seq": seq},
            )
        if fields["prev_hash"] != prev:
            return _found(
                seq,
                _(
                    "Event #%(seq)d: its previous hash does not match the hash of event #%(before)d "
                    "(event #%(before)d was altered, or events were deleted, inserted or reordered)."
                )
                % {"seq": seq, "before": seq - 1},
            )
        prev = stored
        expected += 1
    if expected <= hi:
        return Problem(
            expected,
            _("Event #%(seq)d is missing: the log ends before it (events were deleted).") % {"seq": expected},
        ), prev
    return None, prev


def _read_batch(using: str, query: str, lo: int, hi: int) -> tuple[bytes, bytes, bytes, int]:
    with connections[using].cursor() as cursor:
        cursor.execute(query, [lo, hi])
        hashes, records, prevs, count = cursor.fetchone()
    return bytes(hashes or b""), bytes(records or b""), bytes(prevs or b""), count


def _close_thread_connection(using: str) -> None:
    connections[using].close()


def _batches(using: str, query: str, ranges: list[tuple[int, int]], read_ahead: bool) -> Iterator[tuple]:
    """``(lo, hi, hashes, records, prevs, count)`` for each range, in order.

    With ``read_ahead`` the next batch is read by a second thread, on its own connection, while this
    one hashes the current batch: the database driver releases the GIL while SQLite or PostgreSQL
    builds the batch, so reading and hashing overlap. Only outside a transaction (a second connection
    would not see the first one's uncommitted rows).
    """
    if not read_ahead or len(ranges) < 2:
        for lo, hi in ranges:
            yield (lo, hi, *_read_batch(using, query, lo, hi))
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-verify") as reader:
        try:
            pending = reader.submit(_read_batch, using, query, *ranges[0])
            for index, (lo, hi) in enumerate(ranges):
                batch = pending.result()
                if index + 1 < len(ranges):
                    pending = reader.submit(_read_batch, using, query, *ranges[index + 1])
                yield (lo, hi, *batch)
        finally:
            reader.submit(_close_thread_connection, using).result()


def verify_chain(*, batch_size: int = 20000, using: str = "default") -> ChainReport:
    """Recompute every event's hash and link, in sequence order; stop at the first broken event.

    Also compares the end of the log with the chain head row (events deleted from the end).
    """
    connection = connections[using]
    vendor = connection.vendor
    report = ChainReport()
    query = batch_sql(vendor)
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT MIN("seq"), MAX("seq") FROM "{EVENT_TABLE}"')  # noqa: S608
        low, high = cursor.fetchone()
    if low is not None and low < 1:
        report.problems.append(
            Problem(low, _("Event #%(seq)d has an impossible number (inserted).") % {"seq": low})
        )
        return report
    high = high or 0
    prev = GENESIS_HASH
    ranges = [(lo, min(lo + batch_size - 1, high)) for lo in range(1, high + 1, batch_size)]
    read_ahead = not connection.in_atomic_block and not (vendor == "sqlite" and connection.is_in_memory_db())
    batches = _batches(using, query, ranges, read_ahead)
    try:
        for lo, hi, hashes, records, prevs, count in batches:
            if count and count == hi - lo + 1 and _fast_batch(hashes, records, prevs, count, prev.encode()):
                prev = hashes[-64:].decode("ascii")
            else:
                with connection.cursor() as cursor:
                    problem, prev = _diagnose(cursor, vendor, lo, hi, prev, lo)
                if problem is not None:
                    report.problems.append(problem)
                    return report
            report.count += hi - lo + 1
    finally:
        batches.close()
    report.last_seq, report.last_hash = high, prev
    head = ChainHead.objects.using(using).filter(id=1).first()
    if head is not None and (head.seq, head.hash) != (report.last_seq, report.last_hash):
        if head.seq > report.last_seq:
            report.problems.append(
                Problem(
                    report.last_seq + 1,
                    _(
                        "Event #%(seq)d is missing: the chain head records %(head)d events but the log "
                        "ends at #%(last)d (events were deleted from the end)."
                    )
                    % {"seq": report.last_seq + 1, "head": head.seq, "last": report.last_seq},
                )
            )
        else:
            report.problems.append(
                Problem(
                    head.seq,
                    _("The chain head (#%(head)d) does not match the end of the log (#%(last)d).")
                    % {"head": head.seq, "last": report.last_seq},
                )
            )
    return report


# --- Days and checkpoints ---------------------------------------------------------------------


@dataclass
class DaySummary:
    day: date
    first_seq: int | None = None
    last_seq: int | None = None
    count: int = 0
    merkle_root: str = ""
    chain_hash: str = GENESIS_HASH
    problem: Problem | None = None


def _day_rows(day: date, *, with_record: bool, using: str, chunk: int = 5000) -> Iterator[tuple]:
    start, end = day_bounds(day)
    fields = ("seq", "hash", "record") if with_record else ("seq", "hash")
    return (
        Event.objects.using(using)
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("seq")
        .values_list(*fields)
        .iterator(chunk_size=chunk)
    )


def summarise_day(day: date, *, verify_records: bool = False, using: str = "default") -> DaySummary:
    """The day's first and last event, count, Merkle root and chain hash, streamed from the log.

    With ``verify_records`` the day's records are also rehashed and linked to the event before the
    day (a checkpoint is never signed over a broken chain).
    """
    summary = DaySummary(day=day)
    start, _end = day_bounds(day)
    before = (
        Event.objects.using(using)
        .filter(created_at__lt=start)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    prev_seq, prev_hash = before if before else (0, GENESIS_HASH)
    builder = MerkleBuilder()
    for row in _day_rows(day, with_record=verify_records, using=using):
        seq, stored = row[0], row[1]
        if summary.first_seq is None:
            summary.first_seq = seq
            if verify_records and seq != prev_seq + 1:
                summary.problem = Problem(
                    prev_seq + 1,
                    _("Event #%(seq)d is missing (events were deleted).") % {"seq": prev_seq + 1},
                )
                return summary
        elif seq != summary.last_seq + 1:
            summary.problem = Problem(
                summary.last_seq + 1,
                _("Event #%(seq)d of %(day)s is missing (events were deleted or moved).")
                % {"seq": summary.last_seq + 1, "day": day.isoformat()},
            )
            return summary
        if verify_records:
            record = row[2].encode("utf-8")
            if (
                record_hash(record) != stored
                or record[PREV_START:PREV_END].decode("ascii", "replace") != prev_hash
            ):
                summary.problem = Problem(
                    seq, _("Event #%(seq)d does not match the chain (it was edited).") % {"seq": seq}
                )
                return summary
        prev_hash = stored
        builder.add(bytes.fromhex(stored))
        summary.last_seq = seq
        summary.count += 1
    summary.merkle_root = builder.root().hex()
    summary.chain_hash = prev_hash
    return summary


def checkpoint_problems(
    checkpoint: Checkpoint, *, trusted: set[str], using: str = "default"
) -> list[Problem]:
    """What is wrong with one checkpoint: its signature, its key, or the events it covers."""
    problems: list[Problem] = []
    day = checkpoint.day.isoformat()
    statement = checkpoint_statement(
        day=checkpoint.day,
        first_seq=checkpoint.first_seq,
        last_seq=checkpoint.last_seq,
        count=checkpoint.count,
        merkle_root=checkpoint.merkle_root,
        chain_hash=checkpoint.chain_hash,
        key_fingerprint=checkpoint.key_fingerprint,
    )
    try:
        key_matches = fingerprint(bytes.fromhex(checkpoint.public_key)) == checkpoint.key_fingerprint
    except ValueError:
        key_matches = False
    if not key_matches or not verify_signature(checkpoint.public_key, checkpoint.signature, statement):
        problems.append(
            Problem(
                checkpoint.first_seq,
                _("Checkpoint %(day)s: the signature does not match (the checkpoint was altered).")
                % {"day": day},
            )
        )
    elif checkpoint.key_fingerprint not in trusted:
        problems.append(
            Problem(
                checkpoint.first_seq,
                _("Checkpoint %(day)s is signed with a key the bureau does not trust (%(key)s).")
                % {"day": day, "key": checkpoint.key_fingerprint[:16]},
            )
        )
    summary = summarise_day(checkpoint.day, using=using)
    if summary.problem is not None:
        problems.append(summary.problem)
    elif (summary.first_seq, summary.last_seq, summary.count) != (
        checkpoint.first_seq,
        checkpoint.last_seq,
        checkpoint.count,
    ):
        problems.append(
            Problem(
                checkpoint.first_seq,
                _(
                    "Checkpoint %(day)s covers events #%(first)s to #%(last)s (%(count)d), but the log "
                    "now has #%(now_first)s to #%(now_last)s (%(now_count)d) on that day: "
                    "events were deleted, added or moved."
                )
                % {
                    "day": day,
                    "first": checkpoint.first_seq,
                    "last": checkpoint.last_seq,
                    "count": checkpoint.count,
                    "now_first": summary.first_seq,
                    "now_last": summary.last_seq,
                    "now_count": summary.count,
                },
            )
        )
    elif summary.merkle_root != checkpoint.merkle_root or summary.chain_hash != checkpoint.chain_hash:
        problems.append(
            Problem(
                checkpoint.first_seq,
                _(
                    "Checkpoint %(day)s: the day's events no longer hash to the signed Merkle root "
                    "(an event was edited)."
                )
                % {"day": day},
            )
        )
    return problems


def verify_checkpoints(*, using: str = "default") -> tuple[int, list[Problem]]:
    """Check every checkpoint, in day order; also that no day between the first and last is missing."""
    trusted = trusted_fingerprints()
    problems: list[Problem] = []
    previous: date | None = None
    count = 0
    for checkpoint in Checkpoint.objects.using(using).order_by("day").iterator(chunk_size=500):
        count += 1
        if previous is not None and checkpoint.day != previous + timedelta(days=1):
            problems.append(
                Problem(
                    None,
                    _("The checkpoints of %(first)s to %(last)s are missing (deleted).")
                    % {
                        "first": (previous + timedelta(days=1)).isoformat(),
                        "last": (checkpoint.day - timedelta(days=1)).isoformat(),
                    },
                )
            )
        problems.extend(checkpoint_problems(checkpoint, trusted=trusted, using=using))
        previous = checkpoint.day
    return count, problems


def protection_problems(*, using: str = "default") -> list[Problem]:
    """The append-only triggers must be present and enabled, and the searchable columns generated."""
    connection = connections[using]
    vendor = connection.vendor
    problems: list[Problem] = []
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            cursor.execute(f'PRAGMA table_xinfo("{EVENT_TABLE}")')
            # hidden = 2 (virtual) or 3 (stored) marks a generated column
            generated = {row[1] for row in cursor.fetchall() if row[6] in (2, 3)}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                "AND tgrelid IN (%s::regclass, %s::regclass)",
                [EVENT_TABLE, CHECKPOINT_TABLE],
            )
            present = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND table_schema = current_schema() AND is_generated = 'ALWAYS'",
                [EVENT_TABLE],
            )
            generated = {row[0] for row in cursor.fetchall()}
    missing = [name for name in TRIGGERS[vendor] if name not in present]
    if missing:
        problems.append(
            Problem(
                None,
                _("The append-only protection is missing or disabled: %(names)s.")
                % {"names": ", ".join(missing)},
            )
        )
    plain = [name for name in GENERATED_COLUMNS if name not in generated]
    if plain:
        problems.append(
            Problem(
                None,
                _("These event columns are no longer derived from the hashed record: %(names)s.")
                % {"names": ", ".join(plain)},
            )
        )
    return problems
