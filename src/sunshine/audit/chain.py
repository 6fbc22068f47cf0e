"""The audit log's cryptography as pure functions: the canonical record, the chain hash, RFC 6962
Merkle trees, inclusion proofs and the checkpoint statement. Shared by append, verify and the API.

The record
    Every event is stored as one *record*: a compact JSON array, UTF-8, in this order::

        [prev_hash, seq, time_us, actor_id, actor_label, action, object_type, object_id, payload]

    ``prev_hash`` is the previous event's hash (64 lowercase hex digits; 64 zeros before the first
    event), ``time_us`` the time in integer microseconds since 1970-01-01 UTC, ``actor_id`` an integer
    or ``null``, ``payload`` a JSON object with sorted keys. Separators are ``,`` and ``:`` without
    spaces; non-ASCII text is written as is (``ensure_ascii=False``). The event's hash is
    ``SHA-256(record)`` in hex. Because ``prev_hash`` opens the record, bytes 2..66 of every record
    are the previous hash, so a verifier checks the link without parsing JSON.

    The database derives the queryable columns (time, actor, action, object) from the record
    (generated columns), so they cannot disagree with what was hashed.

Merkle trees (RFC 6962 section 2.1)
    A day's leaves are its events' hashes (32 raw bytes each), in sequence order.
    leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right); a tree of n > 1 leaves splits
    at k, the largest power of two smaller than n. The root of no leaves is SHA-256 of nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

GENESIS_HASH = "0" * 64
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
# Byte offsets of the previous hash inside a record: it opens with '["' and 64 hex digits.
PREV_START, PREV_END = 2, 66
RECORD_FIELDS = (
    "prev_hash",
    "seq",
    "time_us",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "payload",
)
STATEMENT_VERSION = "sunshine-audit-checkpoint/1"

_sha256 = hashlib.sha256


def _default(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date | Decimal | UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def normalise_payload(payload: dict | None) -> dict:
    """The payload as plain JSON values (Decimal, dates, UUIDs and sets turned into JSON types)."""
    return json.loads(
        json.dumps(payload or {}, sort_keys=True, ensure_ascii=False, default=_default, allow_nan=False)
    )


def time_to_us(value: datetime) -> int:
    """Integer microseconds since the Unix epoch (exact: no floating point)."""
    return (value - EPOCH) // ONE_MICROSECOND


def us_to_time(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def encode_record(
    *,
    prev_hash: str,
    seq: int,
    time_us: int,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: dict,
) -> str:
    """The canonical record of one event (see the module docstring)."""
    return json.dumps(
        [prev_hash, seq, time_us, actor_id, actor_label, action, object_type, object_id, payload],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
        allow_nan=False,
        default=_default,
    )


def decode_record(record: str | bytes) -> dict:
    """The record's fields by name; raises ValueError when it is not a well-formed record."""
    values = json.loads(record)
    if not isinstance(values, list) or len(values) != len(RECORD_FIELDS):
        raise ValueError("not an audit record")
    fields = dict(zip(RECORD_FIELDS, values, strict=True))
    if not isinstance(fields["seq"], int) or not isinstance(fields["time_us"], int):
        raise ValueError("not an audit record")
    if not isinstance(fields["payload"], dict):
        raise ValueError("not an audit record")
    return fields


def record_hash(record: str | bytes) -> str:
    """SHA-256 of the record's UTF-8 bytes, in hex: the event's hash."""
    if isinstance(record, str):
        record = record.encode("utf-8")
    return _sha256(record).hexdigest()


# --- Merkle trees (RFC 6962) ------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


EMPTY_ROOT = _sha256(b"").digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleBuilder:
    """RFC 6962's Merkle tree hash, computed leaf by leaf in O(log n) memory.

    The stack holds the roots of perfect subtrees of decreasing size (the binary digits of n); RFC
    6962 splits at the largest power of two, so folding the stack from the right gives its MTH.
    """

    def __init__(self) -> None:
        self._stack: list[tuple[int, bytes]] = []
        self.size = 0

    def add(self, data: bytes) -> None:
        size, digest = 1, leaf_hash(data)
        stack = self._stack
        while stack and stack[-1][0] == size:
            left_size, left = stack.pop()
            size, digest = left_size + size, node_hash(left, digest)
        stack.append((size, digest))
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        digest = self._stack[-1][1]
        for _size, left in reversed(self._stack[:-1]):
            digest = node_hash(left, digest)
        return digest


def merkle_root(leaves: Iterable[bytes]) -> bytes:
    builder = MerkleBuilder()
    for data in leaves:
        builder.add(data)
    return builder.root()


def _subtree_root(hashes: Sequence[bytes], start: int, end: int) -> bytes:
    """MTH of leaf hashes[start:end] (already leaf-hashed)."""
    n = end - start
    if n == 1:
        return hashes[start]
    k = _split(n)
    return node_hash(_subtree_root(hashes, start, start + k), _subtree_root(hashes, start + k, end))


def inclusion_path(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """RFC 6962 PATH(m, D[n]): the sibling hashes from the leaf up to the root."""
    n = len(leaves)
    if not 0 <= index < n:
        raise IndexError("leaf index out of range")
    hashes = [leaf_hash(data) for data in leaves]
    path: list[bytes] = []
    start, end, m = 0, n, index
    # Walk down from the root, collecting the sibling of the side that holds the leaf.
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            path.append(_subtree_root(hashes, start + k, end))
            end = start + k
        else:
            path.append(_subtree_root(hashes, start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def verify_inclusion(data: bytes, index: int, size: int, path: Sequence[bytes], root: bytes) -> bool:
    """Whether ``data`` is leaf ``index`` of a tree of ``size`` leaves with ``root`` (RFC 9162 2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(data)
    for sibling in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(sibling, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# --- Checkpoint statement ---------------------------------------------------------------------


def checkpoint_statement(
    *,
    day: date,
    first_seq: int | None,
    last_seq: int | None,
    count: int,
    merkle_root: str,
    chain_hash: str,
    key_fingerprint: str,
) -> bytes:
    """The exact bytes a checkpoint's Ed25519 signature covers: one ``name=value`` per line, UTF-8."""
    lines = [
        STATEMENT_VERSION,
        f"day={day.isoformat()}",
        f"first_seq={'' if first_seq is None else first_seq}",
        f"last_seq={'' if last_seq is None else last_seq}",
        f"count={count}",
        f"merkle_root={merkle_root}",
        f"chain_hash={chain_hash}",
        f"key={key_fingerprint}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def verify_proof(proof: dict) -> bool:
    """Check an inclusion proof as :func:`sunshine.audit.selectors.inclusion_proof` returns it (hex
    strings): that the event hash is leaf ``leaf_index`` of a tree of ``tree_size`` with ``merkle_root``.
    Pure: a citizen or an auditor can run it without the database."""
    try:
        return verify_inclusion(
            bytes.fromhex(proof["event_hash"]),
            int(proof["leaf_index"]),
            int(proof["tree_size"]),
            [bytes.fromhex(node) for node in proof["path"]],
            bytes.fromhex(proof["merkle_root"]),
        )
    except (KeyError, TypeError, ValueError):
        return False
