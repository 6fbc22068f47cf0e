"""The canonical encoding and hashing of audit events. Pure functions, shared by append and verify."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID


def _default(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date | Decimal | UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def canonical_payload(payload: dict | None) -> str:
    """JSON with sorted keys, no spaces, UTF-8 text; Decimal, dates and UUIDs as strings."""
    return json.dumps(
        payload or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    )


def format_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_bytes(
    seq, created_at: str, actor_id, actor_label, action, object_type, object_id, payload
) -> bytes:
    """The canonical encoding of one event: a JSON array of its fields (unambiguous, compact)."""
    return json.dumps(
        [seq, created_at, actor_id, actor_label, action, object_type, object_id, payload],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


def event_hash(prev_hash: str, body: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()
