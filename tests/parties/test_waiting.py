"""Waiting lists at full vending points (轮候): vulnerable groups first, then by joining time; a released
stall goes to the first in line who may take it (seed 000 三引导)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.parties import rules, services
from sunshine.parties.models import VendorAssignment, WaitingEntry
from tests.factories import PartyFactory, VendingPointFactory

pytestmark = pytest.mark.django_db


def _full_point(officer, capacity=1, reserved=0):
    point = VendingPointFactory(
        code=f"VP-W{capacity}{reserved}", capacity=capacity, reserved_for_vulnerable=reserved
    )
    holders = [PartyFactory(name=f"摊主{i}", disabled=i < reserved) for i in range(capacity)]
    stalls = [services.vendor_assign(actor=officer, party=p, point=point) for p in holders]
    return point, stalls


def _age(entry, minutes):
    WaitingEntry.objects.filter(pk=entry.pk).update(joined_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_the_order_puts_vulnerable_groups_first_then_the_earliest(officer):
    point, _stalls = _full_point(officer)
    early = services.waiting_join(actor=officer, party=PartyFactory(name="早到"), point=point)
    later_vulnerable = services.waiting_join(
        actor=officer, party=PartyFactory(name="失地农民", landless_farmer=True), point=point
    )
    latest = services.waiting_join(actor=officer, party=PartyFactory(name="晚到"), point=point)
    _age(early, 30), _age(later_vulnerable, 10), _age(latest, 5)
    entries = list(WaitingEntry.objects.select_related("party"))
    assert [e.party.name for e in rules.waiting_order(entries)] == ["失地农民", "早到", "晚到"]
    # without the flag the same person waits behind the earlier one
    later_vulnerable.party.landless_farmer = False
    later_vulnerable.party.save()
    entries = list(WaitingEntry.objects.select_related("party"))
    assert [e.party.name for e in rules.waiting_order(entries)] == ["早到", "失地农民", "晚到"]


def test_a_released_stall_goes_to_the_first_in_line(officer):
    point, stalls = _full_point(officer)
    plain = services.waiting_join(actor=officer, party=PartyFactory(name="普通"), point=point)
    _age(plain, 60)
    needy = services.waiting_join(
        actor=officer, party=PartyFactory(name="零就业", zero_employment_family=True), point=point
    )
    services.vendor_release(actor=officer, assignment=stalls[0])
    needy.refresh_from_db()
    plain.refresh_from_db()
    assert needy.status == WaitingEntry.Status.ALLOCATED and needy.assignment.party_id == needy.party_id
    assert needy.assignment.vulnerable and needy.assignment.ends_on is None
    assert plain.status == WaitingEntry.Status.WAITING
    assert Event.objects.filter(action="parties.waiting_allocate").count() == 1
    # the next release serves the one still waiting
    services.vendor_release(actor=officer, assignment=needy.assignment)
    plain.refresh_from_db()
    assert plain.status == WaitingEntry.Status.ALLOCATED


def test_a_reserved_stall_skips_those_who_may_not_take_it(officer):
    # two stalls, one held back for vulnerable groups and held by a disabled vendor
    point, stalls = _full_point(officer, capacity=2, reserved=1)
    plain = services.waiting_join(actor=officer, party=PartyFactory(name="普通"), point=point)
    services.vendor_release(actor=officer, assignment=stalls[0])  # the reserved stall frees up
    plain.refresh_from_db()
    assert plain.status == WaitingEntry.Status.WAITING  # not for them
    assert not VendorAssignment.objects.filter(party=plain.party).exists()
    # the plain vendor's stall frees up: now it is theirs
    services.vendor_release(actor=officer, assignment=stalls[1])
    plain.refresh_from_db()
    assert plain.status == WaitingEntry.Status.ALLOCATED and not plain.assignment.vulnerable


def test_joining_is_refused_when_there_is_room_or_twice(officer):
    point, stalls = _full_point(officer, capacity=2, reserved=1)
    services.vendor_release(actor=officer, assignment=stalls[0])  # frees the reserved stall only
    with pytest.raises(RuleViolation) as exc:
        services.waiting_join(actor=officer, party=PartyFactory(disabled=True), point=point)
    assert exc.value.code == "point_has_room"
    party = PartyFactory()
    services.waiting_join(actor=officer, party=party, point=point)  # the free stall is not theirs
    with pytest.raises(RuleViolation) as exc:
        services.waiting_join(actor=officer, party=party, point=point)
    assert exc.value.code == "already_waiting"
    with pytest.raises(RuleViolation) as exc:
        services.waiting_join(actor=officer, party=stalls[1].party, point=point)
    assert exc.value.code == "already_assigned"


def test_withdraw_and_permissions(officer, make_user):
    from sunshine.accounts.roles import Role

    inspector = make_user(Role.INSPECTOR, username="inspector-w")
    point, _stalls = _full_point(officer)
    entry = services.waiting_join(actor=officer, party=PartyFactory(), point=point)
    with pytest.raises(PermissionDeniedError):
        services.waiting_join(actor=inspector, party=PartyFactory(), point=point)
    services.waiting_withdraw(actor=officer, entry=entry)
    with pytest.raises(RuleViolation):
        services.waiting_withdraw(actor=officer, entry=entry)
    assert WaitingEntry.objects.get(pk=entry.pk).status == WaitingEntry.Status.WITHDRAWN


def test_api_and_page(officer, client):
    from rest_framework.test import APIClient

    point, _stalls = _full_point(officer)
    needy = PartyFactory(name="下岗职工", laid_off=True)
    api = APIClient()
    api.force_authenticate(officer)
    url = f"/api/v1/parties/vending-points/{point.pk}/waiting/"
    joined = api.post(url, {"party": needy.pk, "notes": "卖水果"}, format="json")
    assert joined.status_code == 201, joined.content
    assert api.post(url, {"party": needy.pk}, format="json").status_code == 422
    listed = api.get(url).json()
    assert [row["party"] for row in listed] == [needy.pk] and listed[0]["vulnerable"] is True
    client.force_login(officer)
    page = client.get(reverse("parties:point_detail", args=[point.pk]))
    assert "下岗职工" in page.content.decode()
    other = PartyFactory(name="赵六")
    response = client.post(reverse("parties:point_wait", args=[point.pk]), {"party": other.pk})
    assert response.status_code == 302 and WaitingEntry.objects.filter(party=other).exists()
    entry = WaitingEntry.objects.get(party=other)
    response = client.post(reverse("parties:waiting_withdraw", args=[entry.pk]))
    assert response.status_code == 302
    assert WaitingEntry.objects.get(pk=entry.pk).status == WaitingEntry.Status.WITHDRAWN
    withdraw = api.post(f"/api/v1/parties/waiting/{joined.json()['id']}/withdraw/", {}, format="json")
    assert withdraw.status_code == 200 and withdraw.json()["status"] == "withdrawn"
