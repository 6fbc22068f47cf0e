"""Someone with database access changes the log behind the application's back; verification catches it.

Each test lifts the append-only triggers (as an attacker would), tampers with raw SQL, restores the
triggers, and runs ``manage.py audit_verify``: it must exit 1 naming the first broken event.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from sunshine.audit.chain import encode_record, record_hash
from sunshine.audit.models import ChainHead, Event
from sunshine.audit.services import audit_append, checkpoint_create_missing

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(clock):
    """Ten events over two days (five each), both days signed; then two events today."""
    for day in (1, 2):
        for i in range(5):
            clock.set(2026, 3, day, 9, i)
            audit_append(
                actor=None, action="cases.step", object_type="cases.case", object_id=str(i), payload={"n": i}
            )
    clock.set(2026, 3, 3, 9, 0)
    checkpoint_create_missing()  # signs 03-01 (#1-#5) and 03-02 (#6-#10); signing them is events #11 and #12
    audit_append(actor=None, action="cases.step", payload={"n": 99})
    return clock


def verify(*args) -> str:
    """Run audit_verify; return its failure message, or "" when the log is intact."""
    try:
        call_command("audit_verify", *args)
    except CommandError as exc:
        assert exc.returncode == 1
        return str(exc)
    return ""


def test_intact_log_verifies(log, capsys):
    assert verify() == ""
    out = capsys.readouterr().out
    assert "Chain intact: 13 events" in out
    assert "Checkpoints intact: 2 day(s)" in out


def test_edited_event_is_caught(log, attacker):
    with attacker:
        attacker.sql("UPDATE audit_event SET record = replace(record, '\"n\":3', '\"n\":4') WHERE seq = 4")
    assert Event.objects.get(seq=4).payload == {"n": 4}
    assert "Event #4: its hash does not match its content" in verify()


@pytest.mark.parametrize("batch", ["1", "3", "20000"])
def test_deleted_event_leaves_a_gap_that_is_caught(log, attacker, batch):
    with attacker:
        attacker.sql("DELETE FROM audit_event WHERE seq = 7")
    assert "Event #7 is missing" in verify("--batch-size", batch)


def test_deleting_the_newest_events_is_caught(log, attacker):
    with attacker:
        attacker.sql("DELETE FROM audit_event WHERE seq >= 11")
    assert "Event #11 is missing" in verify()


def test_reordered_events_are_caught(log, attacker):
    with attacker:
        attacker.sql("UPDATE audit_event SET seq = -3 WHERE seq = 3")
        attacker.sql("UPDATE audit_event SET seq = 3 WHERE seq = 4")
        attacker.sql("UPDATE audit_event SET seq = 4 WHERE seq = -3")
    assert "Event #3: its record says it is event #4" in verify()


def test_edit_with_recomputed_hash_breaks_the_next_link(log, attacker):
    event = Event.objects.get(seq=4)
    fields = __import__("sunshine.audit.chain", fromlist=["x"]).decode_record(event.record)
    fields["payload"] = {"n": "forged"}
    forged = encode_record(**fields)
    with attacker:
        attacker.sql(
            "UPDATE audit_event SET record = %s, hash = %s WHERE seq = 4", [forged, record_hash(forged)]
        )
    message = verify()
    assert "Event #5: its previous hash does not match the hash of event #4" in message


def test_rewriting_the_whole_chain_after_an_edit_is_caught_by_the_checkpoint(log, attacker):
    """The attacker edits #4, recomputes every later hash and the chain head: the chain alone looks
    intact, but the signed checkpoint of 2026-03-01 no longer matches."""
    decode = __import__("sunshine.audit.chain", fromlist=["x"]).decode_record
    rows = list(Event.objects.order_by("seq").values_list("seq", "record"))
    prev = None
    with attacker:
        for seq, record in rows:
            fields = decode(record)
            if seq == 4:
                fields["payload"] = {"n": "forged"}
            if prev is not None:
                fields["prev_hash"] = prev
            new = encode_record(**fields)
            prev = record_hash(new)
            attacker.sql("UPDATE audit_event SET record = %s, hash = %s WHERE seq = %s", [new, prev, seq])
        ChainHead.objects.filter(id=1).update(hash=prev)
    message = verify()
    assert "Checkpoint 2026-03-01: the day's events no longer hash to the signed Merkle root" in message
    assert "Chain intact" not in message


def test_altered_checkpoint_is_caught(log, attacker):
    with attacker:
        attacker.sql(
            "UPDATE audit_checkpoint SET count = 4, last_seq = 4 WHERE day = %s", [dt.date(2026, 3, 1)]
        )
    assert "Checkpoint 2026-03-01: the signature does not match" in verify()


def test_deleted_checkpoint_is_caught(clock, attacker):
    for day in (1, 2, 3):
        clock.set(2026, 3, day, 9, 0)
        audit_append(actor=None, action="x.y")
    clock.set(2026, 3, 4, 9, 0)
    checkpoint_create_missing()
    with attacker:
        attacker.sql("DELETE FROM audit_checkpoint WHERE day = %s", [dt.date(2026, 3, 2)])
    assert "The checkpoints of 2026-03-02 to 2026-03-02 are missing" in verify()


def test_checkpoint_signed_by_a_stranger_is_caught(log, attacker, settings, tmp_path):
    settings.SUNSHINE = {**settings.SUNSHINE, "AUDIT_SIGNING_KEY_FILE": tmp_path / "other.pem"}
    # The attacker's own key: valid signatures, but not the bureau's key.
    assert "signed with a key the bureau does not trust" in verify()


def test_removed_protection_is_reported(log):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    assert "append-only protection is missing or disabled" in verify()
