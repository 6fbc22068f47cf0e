"""Services: parties with dedupe, contacts with the ladder's rules, vending points and capacity."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.catalog.models import RegionalSettings
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff
from sunshine.parties import ladder, services
from sunshine.parties.models import FieldContact, Party, Step, VendorAssignment
from sunshine.parties.rules import HistoryItem
from tests.factories import PartyFactory, VendingPointFactory

VALID_ID = "11010519491231002X"
VALID_CODE = "91350100M000100Y43"
# A 1×1 PNG.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def staff_of(user):
    return Staff.objects.get(user=user)


def record(actor, matter, step=Step.PERSUADE, *, party=None, officers=None, when=None, **kwargs):
    return services.contact_record(
        actor=actor,
        matter=matter,
        step=step,
        officers=officers or [staff_of(actor)],
        outcome=kwargs.pop("outcome", FieldContact.Outcome.COMPLIED),
        party=party,
        party_description=kwargs.pop("party_description", "" if party else "卖水果的中年男子"),
        occurred_at=when,
        **kwargs,
    )


# --- parties ------------------------------------------------------------------------------


def test_party_create_derives_gender_and_birth_date(officer):
    result = services.party_create(
        actor=officer, name="张三", id_number="110105 19491231 002x", phone="13800000000"
    )
    assert result.created
    party = result.party
    assert party.id_number == VALID_ID and party.gender == "F" and party.birth_date == dt.date(1949, 12, 31)
    assert Event.objects.filter(action="parties.party_create", object_id=str(party.pk)).exists()


def test_party_without_id_number_is_allowed(officer):
    assert services.party_create(actor=officer, name="无名摊主").party.id_number == ""


def test_party_create_dedupes_by_id_number(officer, auxiliary):
    first = services.party_create(actor=officer, name="张三", id_number=VALID_ID).party
    again = services.party_create(actor=auxiliary, name="张叁", id_number=VALID_ID)
    assert not again.created and again.party == first and "张三" in again.message
    assert Party.objects.count() == 1


def test_organisation_dedupes_by_credit_code(officer):
    first = services.party_create(
        actor=officer, kind="organisation", name="某餐饮有限公司", credit_code=VALID_CODE
    )
    again = services.party_create(
        actor=officer, kind="organisation", name="某餐饮公司", credit_code=VALID_CODE.lower()
    )
    assert first.created and not again.created and again.party == first.party


def test_invalid_identifiers_are_refused(officer):
    with pytest.raises(ValidationError) as info:
        services.party_create(actor=officer, name="张三", id_number="110105194912310021")
    assert "id_number" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.party_create(
            actor=officer, kind="organisation", name="某公司", credit_code="91350100M000100Y44"
        )
    assert "credit_code" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.party_create(actor=officer, kind="organisation", name="某公司")
    assert not Party.objects.exists()


def test_party_update_refuses_another_partys_id(officer):
    services.party_create(actor=officer, name="张三", id_number=VALID_ID)
    other = services.party_create(actor=officer, name="李四").party
    with pytest.raises(RuleViolation) as info:
        services.party_update(actor=officer, party=other, id_number=VALID_ID)
    assert info.value.code == "party_duplicate" and "张三" in str(info.value.message)
    updated = services.party_update(actor=officer, party=other, disabled=True, phone="13911112222")
    assert updated.is_vulnerable and updated.phone == "13911112222"


def test_party_edit_needs_the_capability(make_user):
    from sunshine.accounts.roles import Role

    clerk = make_user(Role.INTAKE_CLERK)
    with pytest.raises(PermissionDeniedError):
        services.party_create(actor=clerk, name="张三")


# --- contacts and the ladder ----------------------------------------------------------------


def test_contact_stores_the_recommendation_and_finds_its_grid(officer, matter, party, grids):
    contact = record(officer, matter, party=party, lng=118.05, lat=34.05)
    assert contact.grid == grids["a"] and contact.recorder_unit == staff_of(officer).unit
    assert contact.recommended_step == Step.PERSUADE and contact.recommendation
    second = record(officer, matter, step=Step.EDUCATE, party=party, lng=118.25, lat=34.05)
    assert second.grid == grids["b"] and second.recommended_step == Step.EDUCATE
    outside = record(officer, matter, party=party, lng=100.0, lat=20.0)
    assert outside.grid is None
    assert Event.objects.filter(action="parties.contact_record").count() == 3


def test_the_ladder_climbs_for_a_repeat_party(officer, matter, vulnerable_party, point):
    rec = lambda: ladder.recommendation_for(party=vulnerable_party, matter=matter)  # noqa: E731
    assert rec().step == Step.PERSUADE
    record(officer, matter, party=vulnerable_party)
    assert rec().step == Step.EDUCATE
    record(officer, matter, step=Step.EDUCATE, party=vulnerable_party)
    assert rec().step == Step.GUIDE
    record(officer, matter, step=Step.GUIDE, party=vulnerable_party, vending_point=point)
    assert rec().step == Step.WARN
    record(officer, matter, step=Step.WARN, party=vulnerable_party)
    assert rec().step == Step.PENALIZE


def test_other_matters_do_not_count(officer, matter, noise_matter, party):
    record(officer, matter, step=Step.WARN, party=party)
    assert ladder.recommendation_for(party=party, matter=noise_matter).step == Step.PERSUADE


def test_window_boundary_from_the_database(officer, matter, party):
    on = timezone.localdate()
    since = ladder.window_since(on, 12)
    at = lambda day: timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))  # noqa: E731
    record(officer, matter, step=Step.WARN, party=party, when=at(since - dt.timedelta(days=1)))
    assert ladder.recommendation_for(party=party, matter=matter, on=on).step == Step.PERSUADE
    record(officer, matter, step=Step.PERSUADE, party=party, when=at(since))
    assert ladder.recommendation_for(party=party, matter=matter, on=on).step == Step.EDUCATE


def test_window_comes_from_the_regional_setting(officer, matter, party):
    when = timezone.now() - dt.timedelta(days=200)
    record(officer, matter, party=party, when=when)
    assert ladder.recommendation_for(party=party, matter=matter).step == Step.EDUCATE
    settings_row = RegionalSettings.current()
    settings_row.ladder_window_months = 6
    settings_row.save()
    assert ladder.recommendation_for(party=party, matter=matter).step == Step.PERSUADE


def test_registered_history_source_counts(matter, party):
    def cases_source(p, m, since):
        return [HistoryItem("case", timezone.localdate() - dt.timedelta(days=5), Step.PENALIZE, "case:1")]

    ladder.register_history_source(cases_source)
    try:
        rec = ladder.recommendation_for(party=party, matter=matter)
        assert rec.step == Step.PENALIZE and rec.counted[0].ref == "case:1"
        assert not ladder.check_case_may_open(party=party, matter=matter).early
    finally:
        ladder.unregister_history_source(cases_source)
    with pytest.raises(RuleViolation):
        ladder.check_case_may_open(party=party, matter=matter)
    assert ladder.check_case_may_open(party=party, matter=matter, reason="serious_harm").early


def test_auxiliary_records_persuasion_but_not_a_warning(auxiliary, officer, matter, party):
    assert record(auxiliary, matter, party=party).step == Step.PERSUADE
    with pytest.raises(RuleViolation) as info:
        record(
            auxiliary, matter, step=Step.WARN, party=party, officers=[staff_of(auxiliary), staff_of(officer)]
        )
    assert info.value.code == "auxiliary_step"
    assert FieldContact.objects.count() == 1


def test_warning_needs_a_qualified_officer_present(officer, auxiliary, matter, party):
    with pytest.raises(RuleViolation) as info:
        record(officer, matter, step=Step.WARN, party=party, officers=[staff_of(auxiliary)])
    assert info.value.code == "officer_required"
    me = staff_of(officer)
    me.certificates.update(
        expires_on=timezone.localdate() - dt.timedelta(days=1), issued_on=dt.date(2020, 1, 1)
    )
    with pytest.raises(RuleViolation):
        record(officer, matter, step=Step.WARN, party=party)
    assert not FieldContact.objects.exists()


def test_guidance_assigns_a_stall_and_respects_capacity(officer, matter, point):
    first, second, third = (PartyFactory(landless_farmer=True) for _ in range(3))
    record(officer, matter, step=Step.GUIDE, party=first, vending_point=point)
    record(officer, matter, step=Step.GUIDE, party=first, vending_point=point)  # already there: no new stall
    record(officer, matter, step=Step.GUIDE, party=second, vending_point=point)
    assert VendorAssignment.objects.filter(point=point).count() == 2
    with pytest.raises(RuleViolation) as info:
        record(officer, matter, step=Step.GUIDE, party=third, vending_point=point)
    assert info.value.code == "point_full"
    assert FieldContact.objects.filter(party=third).count() == 0


def test_guidance_needs_a_point_and_a_party(officer, matter, party):
    with pytest.raises(ValidationError):
        record(officer, matter, step=Step.GUIDE, party=party)
    with pytest.raises(ValidationError):
        record(officer, matter, step=Step.GUIDE, vending_point=VendingPointFactory())


def test_unidentified_party_needs_a_description(officer, matter):
    with pytest.raises(ValidationError):
        record(officer, matter, party_description="")
    assert record(officer, matter).party is None


def test_contact_in_the_future_is_refused(officer, matter, party):
    with pytest.raises(ValidationError):
        record(officer, matter, party=party, when=timezone.now() + dt.timedelta(hours=1))


def test_photo_must_be_an_image(officer, matter, party, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    contact = record(officer, matter, party=party, photo=SimpleUploadedFile("x.png", PNG, "image/png"))
    assert contact.photo.name.startswith("parties/contacts/")
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", "image/jpeg")
    with pytest.raises(ValidationError) as info:
        record(officer, matter, party=party, photo=fake)
    assert info.value.code == "photo_type"
    big = SimpleUploadedFile("big.png", PNG + b"\0" * (10 * 1024 * 1024), "image/png")
    with pytest.raises(ValidationError) as info:
        record(officer, matter, party=party, photo=big)
    assert info.value.code == "photo_too_large"


# --- vending points --------------------------------------------------------------------------


def test_vending_point_create_and_update(leader1, officer, grids, make_user):
    from sunshine.accounts.roles import Role

    point = services.vending_point_create(
        actor=leader1, code="P1", name="城南点", lng=118.05, lat=34.05, capacity=3
    )
    assert point.grid == grids["a"]
    assert Event.objects.filter(action="parties.vending_point_create", object_id=str(point.pk)).exists()
    with pytest.raises(PermissionDeniedError):
        services.vending_point_create(actor=officer, code="P3", name="点", lng=118.05, lat=34.05, capacity=3)
    leader2 = make_user(Role.SQUAD_LEADER, unit="squad2", username="leader-2")
    moved = services.vending_point_update(actor=leader2, point=point, lng=118.25, capacity=5)
    assert moved.grid == grids["b"] and moved.capacity == 5
    with pytest.raises(ValidationError):
        services.vending_point_update(actor=leader2, point=point, reserved_for_vulnerable=6)


def test_capacity_cannot_drop_below_occupancy(leader1, officer, point):
    services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    with pytest.raises(RuleViolation):
        services.vending_point_update(actor=leader1, point=point, capacity=1)
    assert services.vending_point_update(actor=leader1, point=point, capacity=4).capacity == 4


def test_reserved_stalls_go_to_vulnerable_groups(officer, point):
    point.capacity, point.reserved_for_vulnerable = 2, 1
    point.save()
    services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    with pytest.raises(RuleViolation) as info:
        services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    assert info.value.code == "point_reserved"
    assignment = services.vendor_assign(actor=officer, party=PartyFactory(disabled=True), point=point)
    assert assignment.vulnerable


def test_release_frees_the_stall_the_same_day(officer, point):
    point.capacity = 1
    point.save()
    assignment = services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    with pytest.raises(RuleViolation):
        services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    services.vendor_release(actor=officer, assignment=assignment)
    services.vendor_assign(actor=officer, party=PartyFactory(), point=point)
    with pytest.raises(RuleViolation):
        services.vendor_release(actor=officer, assignment=assignment)


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_under_concurrency(officer, point):
    """Eight officers assign at once to a point with two stalls: exactly two succeed."""
    parties = [PartyFactory() for _ in range(8)]
    results, barrier = [], threading.Barrier(len(parties))

    def assign(p):
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    services.vendor_assign(actor=officer, party=p, point=point)
                    results.append("ok")
                    return
                except OperationalError as exc:
                    # The in-memory shared-cache SQLite test database answers "table is locked" at
                    # once instead of waiting like a file database; wait and try again.
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except RuleViolation as exc:
            results.append(exc.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=assign, args=(p,)) for p in parties]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 2 and results.count("point_full") == 6
    assert VendorAssignment.objects.filter(point=point).count() == 2
