"""Reads of statistics, scoped to the user: from the fact tables only, never from the source rows.

Bureau-wide roles see every unit; a squad leader sees their squad's figures and reports. A report
outside the user's scope is a 404 like a missing one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from sunshine.org.models import Grid, Unit
from sunshine.org.selectors import scope_path
from sunshine.service.models import Channel

from . import metrics
from .aggregate import _next_month
from .models import (
    BureauReport,
    DailyFact,
    FillRun,
    GridDailyFact,
    MonthlyFact,
    Snapshot,
    UnitMonthFact,
    UnitReport,
)


def _unit_q(prefix: str, field: str = "unit") -> Q:
    return Q() if prefix == "" else Q(**{f"{field}__path__startswith": prefix})


def scope(user, unit: Unit | None = None) -> str:
    """The unit path prefix to read: the user's scope, narrowed to ``unit`` (404 outside the scope)."""
    prefix = scope_path(user)
    if prefix is None:
        raise Http404
    if unit is not None:
        if not unit.path.startswith(prefix):
            raise Http404
        return unit.path
    return prefix


def reporting_units() -> QuerySet[Unit]:
    """The enforcement units that report every quarter (seed 001: 各执法单位): the squads."""
    return Unit.objects.filter(kind=Unit.Kind.SQUAD).order_by("path", "sort_order")


def _split(start: dt.date, end: dt.date) -> tuple[list[dt.date], list[tuple[dt.date, dt.date]]]:
    """Whole months inside [start, end] (read from the monthly table) and the leftover day ranges."""
    months, ranges = [], []
    cur = start
    while cur <= end:
        nxt = _next_month(cur.replace(day=1))
        if cur.day == 1 and nxt - dt.timedelta(days=1) <= end:
            months.append(cur)
            cur = nxt
        else:
            last = min(end, nxt - dt.timedelta(days=1))
            ranges.append((cur, last))
            cur = last + dt.timedelta(days=1)
    return months, ranges


def fact_rows(prefix: str, start: dt.date, end: dt.date, group: tuple, metric_q: Q | None = None):
    """Sums of the facts in [start, end] grouped by ``group`` (field names), within the unit prefix."""
    months, ranges = _split(start, end)
    out: dict[tuple, Decimal] = defaultdict(Decimal)
    queries = []
    if months:
        queries.append(MonthlyFact.objects.filter(month__in=months))
    for first, last in ranges:
        queries.append(DailyFact.objects.filter(day__gte=first, day__lte=last))
    for qs in queries:
        qs = qs.filter(_unit_q(prefix))
        if metric_q is not None:
            qs = qs.filter(metric_q)
        for row in qs.values(*group).annotate(total=Sum("value")).order_by():
            out[tuple(row[g] for g in group)] += row["total"]
    return out


def snapshot_on(prefix: str, day: dt.date, group: tuple = ("metric",)) -> dict[tuple, Decimal]:
    """The latest snapshot taken on or before ``day`` (else the earliest), summed by ``group``."""
    taken = Snapshot.objects.filter(day__lte=day).order_by("-day").values_list("day", flat=True).first()
    if taken is None:
        taken = Snapshot.objects.order_by("day").values_list("day", flat=True).first()
    out: dict[tuple, Decimal] = defaultdict(Decimal)
    if taken is None:
        return out
    rows = Snapshot.objects.filter(Q(day=taken) & _unit_q(prefix)).values(*group).annotate(total=Sum("value"))
    for row in rows.order_by():
        out[tuple(row[g] for g in group)] += row["total"]
    return out


def table(prefix: str, start: dt.date, end: dt.date) -> dict[str, str]:
    """The statistics table's values for the units under ``prefix`` and the period."""
    sums = fact_rows(prefix, start, end, ("metric", "procedure"))
    flows: dict[str, Decimal] = defaultdict(Decimal)
    for (metric, _proc), value in sums.items():
        flows[metric] += value
    by_procedure = {(m, p): v for (m, p), v in sums.items() if p}
    snaps = {m: v for (m,), v in snapshot_on(prefix, min(end, timezone.localdate())).items()}
    snaps["years"] = Decimal((end - start).days + 1) / Decimal(365)
    return metrics.derive(flows, by_procedure, snaps)


def table_rows(values: dict[str, str]) -> list[dict]:
    """The table with its labels, in order, for templates and exports."""
    return [
        {
            "code": row.code,
            "label": str(row.label),
            "measure": str(row.measure),
            "section": str(row.section),
            "value": values.get(row.code, ""),
        }
        for row in metrics.TABLE
    ]


def figures(user, start: dt.date, end: dt.date, unit: Unit | None = None) -> dict:
    """The figures of the period for the user's scope (or one unit in it)."""
    prefix = scope(user, unit)
    values = table(prefix, start, end)
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "unit": unit.code if unit else None,
        "rows": table_rows(values),
        "updated_at": last_fill(),
    }


def last_fill() -> str | None:
    run = FillRun.objects.order_by("-finished_at").first()
    return timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M") if run else None


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    month = today.replace(day=1)
    out = [month]
    for _ in range(count - 1):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        out.append(month)
    return list(reversed(out))


CHANNELS = dict(Channel.choices)


def dashboard(user, today: dt.date | None = None) -> dict:
    """Everything the leaders' dashboard draws: one read of ``UnitMonthFact`` for the last 12 months
    (trends, 721 split, rankings, channels), ``GridDailyFact`` for the map, ``Snapshot`` for overdue items."""
    prefix = scope(user)
    today = today or timezone.localdate()
    months = _months_back(today, 12)
    index = {m: i for i, m in enumerate(months)}
    zero = [Decimal(0)] * len(months)
    by_metric: dict[str, list[Decimal]] = defaultdict(lambda: list(zero))
    per_unit: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    channels: dict[str, Decimal] = defaultdict(Decimal)
    rows = UnitMonthFact.objects.filter(_unit_q(prefix), month__gte=months[0]).values_list(
        "month", "unit_id", "metric", "value"
    )
    for month, unit_id, metric, value in rows:
        if metric.startswith("requests.received@"):
            channels[metric.split("@", 1)[1]] += value
            continue
        by_metric[metric][index[month]] += value
        if unit_id is not None:
            per_unit[unit_id][metric] += value
    series = {m: [int(v) for v in by_metric[m]] for m in ("cases.opened", "cases.closed")}
    series["requests"] = [int(v) for v in by_metric["requests.received"]]
    series["contacts"] = [
        int(sum(by_metric[m][i] for m in (*metrics.SERVICE_STEPS, "contacts.warn")))
        for i in range(len(months))
    ]
    series["on_time_rate"] = [
        _rate(by_metric["requests.on_time"][i], by_metric["requests.replied"][i]) for i in range(len(months))
    ]
    names = dict(Unit.objects.filter(pk__in=list(per_unit)).values_list("pk", "name"))
    ranking = sorted(
        (
            {
                "unit": names.get(unit_id, ""),
                "closed": int(m["cases.closed"]),
                "on_time_rate": _rate(m["requests.on_time"], m["requests.replied"]),
                "satisfaction_rate": _rate(m["requests.satisfied"], m["requests.rated"]),
            }
            for unit_id, m in per_unit.items()
        ),
        key=lambda r: (-r["closed"], r["unit"]),
    )
    # Map: contacts and requests per grid over the last 90 days, at the grid's centre.
    since = today - dt.timedelta(days=89)
    grid_q = Q() if prefix == "" else Q(grid__squad__path__startswith=prefix)
    points: dict[int, dict] = {}
    rows = (
        GridDailyFact.objects.filter(grid_q, day__gte=since)
        .values("grid_id", "metric")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for r in rows:
        points.setdefault(r["grid_id"], {"contacts": 0, "requests": 0})[r["metric"]] = int(r["total"])
    grids = Grid.objects.filter(pk__in=list(points)).values(
        "pk", "name", "min_lng", "max_lng", "min_lat", "max_lat"
    )
    map_points = [
        {
            "grid": g["name"],
            "lng": round((g["min_lng"] + g["max_lng"]) / 2, 5),
            "lat": round((g["min_lat"] + g["max_lat"]) / 2, 5),
            **points[g["pk"]],
        }
        for g in grids
    ]
    # Overdue items: the latest snapshot, per unit.
    overdue: dict[int, dict] = defaultdict(dict)
    for (unit_id, metric), value in snapshot_on(prefix, today, ("unit_id", "metric")).items():
        if metric.startswith("overdue.") and unit_id is not None:
            overdue[unit_id][metric.split(".", 1)[1]] = int(value)
    unit_names = dict(Unit.objects.filter(pk__in=list(overdue)).values_list("pk", "name"))
    overdue_rows = sorted(
        (
            {
                "unit": unit_names.get(u, ""),
                "requests": v.get("requests", 0),
                "deadlines": v.get("deadlines", 0),
            }
            for u, v in overdue.items()
        ),
        key=lambda r: (-(r["requests"] + r["deadlines"]), r["unit"]),
    )
    total = {m: sum(v) for m, v in by_metric.items()}
    return {
        "months": [m.strftime("%Y-%m") for m in months],
        "trend": series,
        "ranking": ranking,
        "map": map_points,
        "overdue": overdue_rows,
        "channels": [
            {"channel": str(CHANNELS.get(c, c)), "count": int(v)} for c, v in sorted(channels.items()) if c
        ],
        "split_721": {
            "service": int(sum(total.get(m, 0) for m in metrics.SERVICE_STEPS)),
            "management": int(total.get("contacts.warn", 0)),
            "enforcement": int(total.get("decisions.penalty", 0)),
        },
        "updated_at": last_fill(),
    }


def _rate(num: Decimal, den: Decimal) -> float | None:
    return float((num * 100 / den).quantize(Decimal("0.1"))) if den else None


# --- reports ------------------------------------------------------------------------------------


def unit_reports(user) -> QuerySet[UnitReport]:
    prefix = scope_path(user)
    qs = UnitReport.objects.select_related("unit", "prepared_by", "reviewed_by")
    if prefix is None:
        return qs.none()
    return qs.filter(_unit_q(prefix))


def unit_report_for(user, pk) -> UnitReport:
    try:
        return unit_reports(user).get(pk=pk)
    except (UnitReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def bureau_reports(user=None, *, published_only: bool = False) -> QuerySet[BureauReport]:
    qs = BureauReport.objects.select_related("aggregated_by", "published_by")
    if published_only:
        qs = qs.filter(status=BureauReport.Status.PUBLISHED)
    return qs


def bureau_report_for(pk, *, published_only: bool = False) -> BureauReport:
    try:
        return bureau_reports(published_only=published_only).get(pk=pk)
    except (BureauReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
