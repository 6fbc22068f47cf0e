"""The demo loads on top of the earlier apps' demos, twice without adding anything."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.utils import timezone

from sunshine.org.models import Grid
from sunshine.org.services import point_in_polygon
from sunshine.patrols import selectors
from sunshine.patrols.models import Assignment, Finding, Incident, Patrol, TrackPoint


@pytest.mark.django_db
def test_demo_loads_and_is_idempotent(django_user_model):
    out = io.StringIO()
    for app in ("org", "accounts", "workdays", "catalog", "parties", "cases", "service"):
        importlib.import_module(f"sunshine.{app}.demo").load(out)
    from sunshine.patrols import demo

    demo.load(out)
    today = timezone.localdate()
    # shifts for 一中队's four grids, 60 days back and a week ahead
    assert Assignment.objects.count() == 4 * (demo.DAYS + demo.AHEAD)
    assert Assignment.objects.filter(day__gt=today).exists()
    ended = Patrol.objects.filter(status=Patrol.Status.ENDED)
    grids = Grid.objects.filter(code__startswith="XC-").count()
    assert 0.85 * grids * demo.DAYS < ended.count() < grids * demo.DAYS
    # every historic point lies in its grid's polygon
    for point in TrackPoint.objects.select_related("grid").order_by("?")[:200]:
        assert point.grid is not None and point_in_polygon(point.lng, point.lat, point.grid.polygon)
    active = Patrol.objects.get(status=Patrol.Status.ACTIVE)
    assert active.staff.user.username == "officer" and active.point_count == 3
    assert Finding.objects.filter(outcome=Finding.Outcome.CONTACT, contact__isnull=False).exists()
    assert Finding.objects.filter(outcome__in=[Finding.Outcome.CASE, Finding.Outcome.REQUEST]).exists()
    assert Finding.objects.filter(outcome=Finding.Outcome.OPEN).exists()
    closed = Incident.objects.get(status=Incident.Status.CLOSED)
    assert closed.statement and closed.reported_at < closed.closed_at < timezone.now()
    assert (
        Incident.objects.filter(status=Incident.Status.OPEN, superior_informed_at__isnull=True).count() == 1
    )
    # the coverage of a past day: most grids covered, as the table shows it
    leader = django_user_model.objects.get(username="leader")
    rows = selectors.coverage(leader, today - dt.timedelta(days=3))
    assert len(rows) == grids and sum(r["covered"] for r in rows) >= grids * 0.7

    counts = [m.objects.count() for m in (Assignment, Patrol, TrackPoint, Finding, Incident)]
    demo.load(out)
    assert [m.objects.count() for m in (Assignment, Patrol, TrackPoint, Finding, Incident)] == counts
