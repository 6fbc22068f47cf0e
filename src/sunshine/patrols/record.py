"""This app's section of the officer record (执法档案, seed 002: 建立执法人员执法档案): the officer's grid
patrols of the year (网格巡查责任落实制度, seed 003) — patrols walked, distance, days and grids, what
was found and what it became — and the conflict incidents they were involved in (seed 004). Counts
only, in three queries."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from .models import Finding, Incident, Patrol, TrackPoint

INCIDENT_LIMIT = 10


def patrols_section(staff, year: int) -> dict | None:
    patrols = Patrol.objects.filter(staff=staff, started_at__year=year)
    totals = patrols.aggregate(
        patrols=Count("id"),
        ended=Count("id", filter=Q(status=Patrol.Status.ENDED)),
        distance=Sum("distance_m"),
        points=Sum("point_count"),
    )
    days = (
        patrols.annotate(day=TruncDate("started_at")).values("day").distinct().count()
        if totals["patrols"]
        else 0
    )
    grids = (
        TrackPoint.objects.filter(patrol__in=patrols, grid__isnull=False).values("grid").distinct().count()
        if totals["points"]
        else 0
    )
    outcomes = {
        row["outcome"]: row["n"]
        for row in Finding.objects.filter(patrol__in=patrols)
        .values("outcome")
        .annotate(n=Count("id"))
        .order_by()
    }
    incidents = list(
        Incident.objects.filter(staff=staff, occurred_at__year=year).only(
            "id", "occurred_at", "place", "status", "statement"
        )[:INCIDENT_LIMIT]
    )
    if not totals["patrols"] and not incidents:
        return None
    findings = [(Finding.Outcome(key).label, outcomes.get(key, 0)) for key in Finding.Outcome.values]
    return {
        "title": _("Grid patrols and conflict incidents"),
        "template": "patrols/record_section.html",
        "order": 75,
        "context": {
            "patrols": totals["patrols"],
            "ended": totals["ended"],
            "distance_km": round((totals["distance"] or 0) / 1000, 1),
            "points": totals["points"] or 0,
            "days": days,
            "grids": grids,
            "findings_total": sum(outcomes.values()),
            "findings": [(label, n) for label, n in findings if n],
            "incidents": incidents,
        },
    }
