"""Reads of patrols and incidents, scoped: squad members see their squad's, leaders and inspectors all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from sunshine.org.models import Grid
from sunshine.org.selectors import scope_path, user_staff

from . import rules
from .models import Assignment, Incident, Patrol, TrackPoint


def _scoped(qs: QuerySet, user, field: str) -> QuerySet:
    prefix = scope_path(user)
    if prefix is None:
        return qs.none()
    if prefix == "":
        return qs
    return qs.filter(**{f"{field}__path__startswith": prefix})


def patrols(user) -> QuerySet[Patrol]:
    return _scoped(Patrol.objects.select_related("staff", "unit", "assignment__grid"), user, "unit")


def patrol_get(*, user, pk) -> Patrol:
    try:
        return patrols(user).get(pk=pk)
    except (Patrol.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def active_patrol(user) -> Patrol | None:
    staff = user_staff(user)
    if staff is None:
        return None
    return Patrol.objects.filter(staff=staff, status=Patrol.Status.ACTIVE).first()


def assignments(user) -> QuerySet[Assignment]:
    return _scoped(
        Assignment.objects.select_related("grid", "grid__squad").prefetch_related("staff"),
        user,
        "grid__squad",
    )


def assignment_get(*, user, pk) -> Assignment:
    try:
        return assignments(user).get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_assignments(user, day: dt.date | None = None) -> QuerySet[Assignment]:
    staff = user_staff(user)
    if staff is None:
        return Assignment.objects.none()
    return assignments(user).filter(staff=staff, day=day or timezone.localdate())


def grids(user) -> QuerySet[Grid]:
    return _scoped(Grid.objects.select_related("squad"), user, "squad")


def coverage(user, day: dt.date) -> list[dict]:
    """Each visible grid on ``day``: how many patrols left a point in it, and whether that is enough."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = start + dt.timedelta(days=1)
    visible = list(grids(user).order_by("code"))
    counts = dict(
        TrackPoint.objects.filter(grid__in=visible, at__gte=start, at__lt=end)
        .values("grid")
        .annotate(n=Count("patrol", distinct=True))
        .values_list("grid", "n")
    )
    return [
        {
            "grid": grid,
            "patrols": counts.get(grid.pk, 0),
            "covered": rules.grid_covered(counts.get(grid.pk, 0)),
        }
        for grid in visible
    ]


def coverage_days(user, days: list[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """For each day: (grids covered, visible grids)."""
    visible = list(grids(user).values_list("pk", flat=True))
    if not days:
        return {}
    start = timezone.make_aware(dt.datetime.combine(min(days), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(max(days) + dt.timedelta(days=1), dt.time.min))
    per_day: dict[dt.date, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    rows = TrackPoint.objects.filter(grid__in=visible, at__gte=start, at__lt=end).values_list(
        "grid", "patrol", "at"
    )
    for grid, patrol, at in rows.iterator(chunk_size=5000):
        per_day[timezone.localdate(at)][grid].add(patrol)
    return {
        day: (sum(1 for p in per_day[day].values() if rules.grid_covered(len(p))), len(visible))
        for day in days
    }


def incidents(user) -> QuerySet[Incident]:
    return _scoped(Incident.objects.select_related("unit", "reported_by", "case"), user, "unit")


def incident_get(*, user, pk) -> Incident:
    try:
        return incidents(user).get(pk=pk)
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
