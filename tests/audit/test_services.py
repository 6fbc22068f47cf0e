"""Appending events and signing checkpoints."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from django.core.management import call_command

from sunshine.audit.chain import GENESIS_HASH, decode_record, merkle_root, time_to_us
from sunshine.audit.models import ChainHead, Checkpoint, Event
from sunshine.audit.services import audit_append, checkpoint_create, checkpoint_create_missing
from sunshine.audit.signing import trusted_fingerprints, verify_signature
from sunshine.audit.verify import verify_chain, verify_checkpoints
from sunshine.core.errors import RuleViolation

pytestmark = pytest.mark.django_db


def test_append_links_each_event_to_the_one_before(make_user):
    user = make_user("officer")
    start = ChainHead.objects.get(id=1).seq
    first = audit_append(actor=user, action="test.one", obj=user, payload={"amount": 1})
    second = audit_append(actor=None, action="test.two", object_type="x", object_id=9)
    assert (first.seq, second.seq) == (start + 1, start + 2)
    assert second.prev_hash == first.hash
    stored = Event.objects.get(seq=first.seq)
    assert (stored.actor_id, stored.actor_label, stored.action) == (user.pk, user.username, "test.one")
    assert (stored.object_type, stored.object_id) == ("accounts.user", str(user.pk))
    assert stored.payload == {"amount": 1}
    assert stored.created_at == first.created_at
    head = ChainHead.objects.get(id=1)
    assert (head.seq, head.hash) == (second.seq, second.hash)


def test_payload_values_are_normalised(clock):
    event = audit_append(
        actor=None,
        action="test.values",
        payload={
            "fine": __import__("decimal").Decimal("200.00"),
            "on": dt.date(2026, 3, 1),
            "tags": {"b", "a"},
        },
    )
    assert Event.objects.get(seq=event.seq).payload == {
        "fine": "200.00",
        "on": "2026-03-01",
        "tags": ["a", "b"],
    }


def test_time_never_goes_backwards(clock):
    first = audit_append(actor=None, action="test.first")
    clock.set(2026, 3, 1, 9, 0)  # the wall clock stepped back an hour
    second = audit_append(actor=None, action="test.second")
    assert second.created_at == first.created_at
    assert Event.objects.get(seq=second.seq).created_at == first.created_at


def test_overlong_fields_are_refused():
    with pytest.raises(ValueError):
        audit_append(actor=None, action="x" * 65)
    assert audit_append(actor=None, action="x" * 64).action == "x" * 64


def test_a_generated_column_cannot_be_written(db):
    from django.db import DatabaseError, connection, transaction

    event = audit_append(actor=None, action="test.one")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE audit_event DISABLE TRIGGER USER"
            if connection.vendor == "postgresql"
            else "DROP TRIGGER audit_event_no_update"
        )
        cursor.execute("UPDATE audit_event SET action = 'forged' WHERE seq = %s", [event.seq])


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET hash = 'x'", "DELETE FROM audit_event"])
def test_triggers_refuse_update_and_delete(statement):
    from django.db import DatabaseError, connection, transaction

    audit_append(actor=None, action="test.one")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Event.objects.count() >= 1


# --- checkpoints --------------------------------------------------------------------------------


def events_on(clock, day_args, count, hour=10):
    made = []
    for i in range(count):
        clock.set(*day_args, hour, i)
        made.append(audit_append(actor=None, action="test.event", payload={"i": i}))
    return made


def test_checkpoint_signs_the_day(clock, signing_key):
    before = events_on(clock, (2026, 2, 28), 2)
    day = events_on(clock, (2026, 3, 1), 5)
    clock.set(2026, 3, 2, 0, 30)
    checkpoint = checkpoint_create(day=dt.date(2026, 3, 1))
    assert (checkpoint.first_seq, checkpoint.last_seq, checkpoint.count) == (day[0].seq, day[-1].seq, 5)
    assert checkpoint.merkle_root == merkle_root([bytes.fromhex(e.hash) for e in day]).hex()
    assert checkpoint.chain_hash == day[-1].hash
    assert checkpoint.key_fingerprint in trusted_fingerprints()
    assert before[-1].hash == decode_record(Event.objects.get(seq=day[0].seq).record)["prev_hash"]
    # The signing is audited, today.
    assert Event.objects.filter(action="audit.checkpoint_create", object_id=str(checkpoint.pk)).exists()
    # The key file was made once, private to its owner.
    assert stat.S_IMODE(os.stat(signing_key).st_mode) == 0o600
    assert verify_checkpoints() == (1, [])


def test_checkpoint_is_idempotent(clock, signing_key):
    events_on(clock, (2026, 3, 1), 2)
    clock.set(2026, 3, 2, 8, 0)
    first = checkpoint_create(day=dt.date(2026, 3, 1))
    key = signing_key.read_bytes()
    again = checkpoint_create(day=dt.date(2026, 3, 1))
    assert again.pk == first.pk
    assert Checkpoint.objects.count() == 1
    assert signing_key.read_bytes() == key


def test_checkpoint_only_for_a_day_that_is_over(clock):
    """GB/T 22239-2019 8.1.4.3: a day is signed once complete, never while events may still join it."""
    events_on(clock, (2026, 3, 1), 1)
    clock.now = dt.datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=clock.now.tzinfo)
    with pytest.raises(RuleViolation) as refused:
        checkpoint_create(day=dt.date(2026, 3, 1))
    assert refused.value.code == "audit_day_not_over"
    assert "GB/T 22239-2019" in str(refused.value.citation)
    clock.set(2026, 3, 2, 0, 0)  # midnight: the day is over
    assert checkpoint_create(day=dt.date(2026, 3, 1)).count == 1


def test_day_boundary_is_midnight_in_shanghai(clock):
    clock.now = dt.datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=clock.now.tzinfo)
    last = audit_append(actor=None, action="test.late")
    clock.set(2026, 3, 2, 0, 0)
    first_next = audit_append(actor=None, action="test.early")
    clock.set(2026, 3, 3, 1, 0)
    assert checkpoint_create(day=dt.date(2026, 3, 1)).last_seq == last.seq
    assert checkpoint_create(day=dt.date(2026, 3, 2)).first_seq == first_next.seq


def test_empty_day_gets_a_checkpoint_with_the_chain_hash_so_far(clock):
    made = events_on(clock, (2026, 3, 1), 2)
    clock.set(2026, 3, 4, 9, 0)
    created = checkpoint_create_missing()
    assert [c.day for c in created] == [dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 3, 3)]
    empty = Checkpoint.objects.get(day=dt.date(2026, 3, 2))
    assert (empty.count, empty.first_seq, empty.last_seq) == (0, None, None)
    assert empty.chain_hash == made[-1].hash
    assert verify_signature(
        empty.public_key,
        empty.signature,
        __import__("sunshine.audit.chain", fromlist=["x"]).checkpoint_statement(
            day=empty.day,
            first_seq=None,
            last_seq=None,
            count=0,
            merkle_root=empty.merkle_root,
            chain_hash=empty.chain_hash,
            key_fingerprint=empty.key_fingerprint,
        ),
    )
    assert checkpoint_create_missing() == []


def test_command_signs_a_date_or_all_missing(clock, capsys):
    events_on(clock, (2026, 3, 1), 3)
    clock.set(2026, 3, 3, 9, 0)
    call_command("audit_checkpoint", "--date", "2026-03-01")
    assert "2026-03-01: 3 events" in capsys.readouterr().out
    call_command("audit_checkpoint", "--all-missing")
    assert Checkpoint.objects.filter(day=dt.date(2026, 3, 2), count=0).exists()
    call_command("audit_checkpoint")  # yesterday, already signed: idempotent
    assert Checkpoint.objects.count() == 2


def test_nightly_task_signs_missing_days(clock):
    from sunshine.audit.tasks import checkpoint_missing_days

    events_on(clock, (2026, 3, 1), 1)
    clock.set(2026, 3, 2, 0, 10)
    assert checkpoint_missing_days.delay().get() == 1
    assert Checkpoint.objects.get().day == dt.date(2026, 3, 1)


def test_verify_passes_on_an_intact_log(clock):
    events_on(clock, (2026, 3, 1), 7)
    report = verify_chain(batch_size=3)
    assert report.ok and report.count == 7
    assert report.last_hash == ChainHead.objects.get(id=1).hash
    assert decode_record(Event.objects.get(seq=1).record)["prev_hash"] == GENESIS_HASH
    assert decode_record(Event.objects.get(seq=1).record)["time_us"] == time_to_us(
        Event.objects.get(seq=1).created_at
    )
