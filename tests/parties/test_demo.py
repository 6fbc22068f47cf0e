"""The demo data: contacts along the ladder, vending points with stalls; deterministic and idempotent."""

from __future__ import annotations

import io

from django.db.models import F

from sunshine.accounts.roles import Role
from sunshine.parties import demo
from sunshine.parties.models import FieldContact, Party, VendingPoint, VendorAssignment
from tests.factories import MatterFactory


def test_demo_loads_once_and_follows_the_ladder(grids, make_user):
    for code in ("SR-018", "GS-001", "HB-009"):
        MatterFactory(code=code, category="commerce" if code == "GS-001" else "city_appearance")
    for username, role in (
        ("officer", Role.OFFICER),
        ("officer2", Role.OFFICER),
        ("squadleader", Role.SQUAD_LEADER),
        ("auxiliary", Role.AUXILIARY),
    ):
        make_user(role, username=username)
    out = io.StringIO()
    demo.load(out)
    contacts = FieldContact.objects.count()
    assert contacts >= 200 and VendingPoint.objects.count() == len(demo.POINTS)
    # every contact recorded the step the ladder recommended at that moment
    assert not FieldContact.objects.exclude(step=F("recommended_step")).exists()
    assert (
        FieldContact.objects.filter(step="warn").exists()
        and FieldContact.objects.filter(step="guide").exists()
    )
    assert not FieldContact.objects.filter(
        step__in=["warn", "guide"], recorded_by__username="auxiliary"
    ).exists()
    for point in VendingPoint.objects.all():
        assert VendorAssignment.objects.filter(point=point, ends_on__isnull=True).count() <= point.capacity
    parties = Party.objects.count()
    demo.load(out)
    assert FieldContact.objects.count() == contacts and Party.objects.count() == parties
    assert "skipped" in out.getvalue()
