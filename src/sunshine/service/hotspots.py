"""Hot spots (热点、难点, seed 000): the most frequent matters and places by week or month."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Count

from sunshine.org.models import Grid

from .selectors import visible_requests

SH = ZoneInfo("Asia/Shanghai")
MAX_POINTS = 3000


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end) of the ISO week or calendar month containing ``day``."""
    if period == "month":
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
    else:
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=7)
    return start, end


def _in_period(user, start: dt.date, end: dt.date):
    return visible_requests(user).filter(
        received_at__gte=dt.datetime.combine(start, dt.time(), tzinfo=SH),
        received_at__lt=dt.datetime.combine(end, dt.time(), tzinfo=SH),
    )


def hotspots(user, *, start: dt.date, end: dt.date, top: int = 10) -> dict:
    qs = _in_period(user, start, end)
    matters = list(
        qs.filter(matter__isnull=False)
        .values("matter__code", "matter__name")
        .annotate(n=Count("id"))
        .order_by("-n", "matter__code")[:top]
    )
    places = list(
        qs.filter(grid__isnull=False)
        .values("grid__code", "grid__name", "grid__squad__name")
        .annotate(n=Count("id"))
        .order_by("-n", "grid__code")[:top]
    )
    return {"total": qs.count(), "matters": matters, "places": places}


def map_data(user, *, start: dt.date, end: dt.date) -> dict:
    features = [
        {"type": "Feature", "properties": {"name": name}, "geometry": polygon}
        for name, polygon in Grid.objects.order_by("code").values_list("name", "polygon")
    ]
    points = [
        {"value": [lng, lat], "name": name or ""}
        for lng, lat, name in _in_period(user, start, end)
        .filter(lng__isnull=False, lat__isnull=False)
        .values_list("lng", "lat", "matter__name")[:MAX_POINTS]
    ]
    return {"geojson": {"type": "FeatureCollection", "features": features}, "points": points}
