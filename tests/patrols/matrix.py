"""Objects for the permission matrix: a patrol, a finding and an incident of ``ctx.user``'s squad (a squad
member sees their squad's, leaders and inspectors everyone's)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.patrols.models import Finding, Incident, Patrol


def _patrol(ctx) -> Patrol:
    return Patrol.objects.create(
        staff=ctx.user.staff,
        unit=ctx.unit,
        started_at=timezone.now() - dt.timedelta(minutes=30),
        status=Patrol.Status.ENDED,
        ended_at=timezone.now(),
    )


def patrol(ctx):
    return {"pk": _patrol(ctx).pk}


def finding(ctx):
    item = Finding.objects.create(patrol=_patrol(ctx), at=timezone.now(), description="矩阵")
    return {"pk": item.pk}


def incident(ctx):
    item = Incident.objects.create(
        occurred_at=timezone.now() - dt.timedelta(hours=1),
        place="矩阵",
        unit=ctx.unit,
        description="矩阵",
        reported_by=ctx.user,
        reported_at=timezone.now(),
    )
    return {"pk": item.pk}


OBJECTS = {
    "patrols:patrol_detail": patrol,
    "patrols:patrol_end": patrol,
    "patrols:finding_handle": finding,
    "patrols:incident_detail": incident,
    "api-patrols-detail": patrol,
    "api-patrols-points": patrol,
    "api-patrols-end": patrol,
    "api-patrols-findings": patrol,
    "api-patrols-finding-link": finding,
    "api-patrols-incident-detail": incident,
    "api-patrols-incident-inform": incident,
    "api-patrols-incident-follow-up": incident,
    "api-patrols-incident-close": incident,
}
