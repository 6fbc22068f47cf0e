"""The pure parts: the canonical record, RFC 6962 Merkle trees and inclusion proofs."""

from __future__ import annotations

import datetime as dt
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from sunshine.audit.chain import (
    EMPTY_ROOT,
    GENESIS_HASH,
    PREV_END,
    PREV_START,
    checkpoint_statement,
    decode_record,
    encode_record,
    inclusion_path,
    leaf_hash,
    merkle_root,
    node_hash,
    record_hash,
    time_to_us,
    us_to_time,
    verify_inclusion,
    verify_proof,
)


def reference_mth(leaves: list[bytes]) -> bytes:
    """RFC 6962 2.1, written exactly as the RFC states it (recursive)."""
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + reference_mth(leaves[:k]) + reference_mth(leaves[k:])).digest()


def leaves_of(n: int) -> list[bytes]:
    return [hashlib.sha256(str(i).encode()).digest() for i in range(n)]


def test_record_is_compact_json_with_the_previous_hash_first():
    record = encode_record(
        prev_hash=GENESIS_HASH,
        seq=1,
        time_us=1_772_330_400_000_000,
        actor_id=None,
        actor_label="system",
        action="cases.file",
        object_type="cases.case",
        object_id="7",
        payload={"b": 1, "a": "占道经营"},
    )
    assert record == (
        '["' + GENESIS_HASH + '",1,1772330400000000,null,"system","cases.file","cases.case","7",'
        '{"a":"占道经营","b":1}]'
    )
    assert record.encode()[PREV_START:PREV_END] == GENESIS_HASH.encode()
    assert record_hash(record) == hashlib.sha256(record.encode("utf-8")).hexdigest()
    assert decode_record(record)["payload"] == {"a": "占道经营", "b": 1}


def test_time_in_microseconds_is_exact():
    moment = dt.datetime(2026, 3, 1, 2, 3, 4, 999_999, tzinfo=dt.UTC)
    assert us_to_time(time_to_us(moment)) == moment


def test_known_rfc6962_values():
    assert merkle_root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()
    assert merkle_root([b""]) == bytes.fromhex(
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert merkle_root([b"a", b"b"]) == node_hash(leaf_hash(b"a"), leaf_hash(b"b"))


@given(st.integers(min_value=0, max_value=70))
def test_streaming_root_equals_the_rfc_definition(n):
    leaves = leaves_of(n)
    assert merkle_root(leaves) == reference_mth(leaves)


@given(st.integers(min_value=1, max_value=40), st.data())
def test_every_inclusion_proof_verifies_and_a_wrong_one_does_not(n, data):
    leaves = leaves_of(n)
    root = merkle_root(leaves)
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    path = inclusion_path(leaves, index)
    assert verify_inclusion(leaves[index], index, n, path, root)
    assert not verify_inclusion(b"forged" + leaves[index], index, n, path, root)
    if n > 1:
        assert not verify_inclusion(leaves[index], (index + 1) % n, n, path, root)
    if path:
        bent = [bytes(32), *path[1:]]
        assert not verify_inclusion(leaves[index], index, n, bent, root)


def test_proof_dict_round_trip():
    leaves = leaves_of(5)
    path = inclusion_path(leaves, 4)
    proof = {
        "event_hash": leaves[4].hex(),
        "leaf_index": 4,
        "tree_size": 5,
        "path": [p.hex() for p in path],
        "merkle_root": merkle_root(leaves).hex(),
    }
    assert verify_proof(proof)
    assert not verify_proof({**proof, "leaf_index": 3})
    assert not verify_proof({**proof, "path": ["zz"]})


def test_statement_names_every_signed_field():
    text = checkpoint_statement(
        day=dt.date(2026, 3, 1),
        first_seq=None,
        last_seq=None,
        count=0,
        merkle_root="ab",
        chain_hash="cd",
        key_fingerprint="ef",
    ).decode()
    assert text.splitlines() == [
        "sunshine-audit-checkpoint/1",
        "day=2026-03-01",
        "first_seq=",
        "last_seq=",
        "count=0",
        "merkle_root=ab",
        "chain_hash=cd",
        "key=ef",
    ]
