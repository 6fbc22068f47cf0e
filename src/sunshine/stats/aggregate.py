"""Filling the fact tables incrementally (STYLE.md 11; Zulip ``analytics`` shows the pattern).

A run finds the *dirty days* — the days whose figures may have changed since the last run — and
recomputes each of them completely from the source rows, replacing that day's rows. Two high-water
marks find them:

- for every source table, its highest primary key: new rows (also rows bulk-inserted without the
  services, as ``generate_city`` does) make the days of their dates dirty;
- the audit log's sequence: every service writes an audit event naming the object it changed, and
  the chain serialises appends so the sequence grows in commit order. A changed case, request, field
  contact, training record or staff member makes the days of all its dated rows dirty.

Because a day is always rebuilt whole, a re-run changes nothing (idempotent), the result does not
depend on how the rows arrived between runs, and it equals a recount from the raw rows. The months
of the dirty days are then re-summed from the daily rows, and a snapshot of the state figures
(officers, legal reviewers, training commitment met, overdue items) is taken for the run's day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .models import DailyFact, FillRun, GridDailyFact, MonthlyFact, Snapshot, UnitMonthFact, Watermark

CHUNK = 500
# With more dirty days than this, the months are re-summed from the daily rows instead of moved by the
# change (a rebuild, the first fill).
FULL_MONTHS_FROM = 62
CASE_DIMS = ("case__unit_id", "case__matter_version__matter__category", "case__procedure")


def local_start(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the bureau's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _runs(days: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Contiguous runs (first, last) of the sorted ``days``."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == dt.timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


# --- computing days -----------------------------------------------------------------------------


class Acc:
    """Accumulates (day, unit, category, procedure, channel, metric) → value, skipping zeros."""

    def __init__(self):
        self.facts: dict[tuple, Decimal] = defaultdict(Decimal)
        self.grid: dict[tuple, int] = defaultdict(int)

    def add(self, day, unit, category, procedure, channel, metric, value) -> None:
        if value:
            key = (_as_date(day), unit, category or "", procedure or "", channel or "", metric)
            self.facts[key] += Decimal(value)

    def add_grid(self, day, grid, metric, value) -> None:
        if value and grid:
            self.grid[(_as_date(day), grid, metric)] += int(value)


def _contacts(days: list[dt.date], acc: Acc) -> None:
    from sunshine.parties.models import FieldContact

    tz = timezone.get_current_timezone()
    for first, last in _runs(days):
        qs = FieldContact.objects.filter(
            occurred_at__gte=local_start(first), occurred_at__lt=local_start(last + dt.timedelta(days=1))
        ).annotate(
            d=TruncDate("occurred_at", tzinfo=tz), u=Coalesce(F("recorder_unit_id"), F("grid__squad_id"))
        )
        for r in qs.values("d", "u", "matter__category", "step").annotate(n=Count("pk")).order_by():
            acc.add(r["d"], r["u"], r["matter__category"], "", "", f"contacts.{r['step']}", r["n"])
        for r in qs.filter(grid__isnull=False).values("d", "grid_id").annotate(n=Count("pk")).order_by():
            acc.add_grid(r["d"], r["grid_id"], "contacts", r["n"])


def _requests(days: list[dt.date], acc: Acc) -> None:
    from sunshine.service.models import Request, Status

    tz = timezone.get_current_timezone()
    for first, last in _runs(days):
        qs = (
            Request.objects.filter(
                received_at__gte=local_start(first), received_at__lt=local_start(last + dt.timedelta(days=1))
            )
            .exclude(status=Status.MERGED)
            .annotate(d=TruncDate("received_at", tzinfo=tz))
        )
        rows = qs.values("d", "unit_id", "matter__category", "channel").annotate(
            received=Count("pk"),
            replied=Count("pk", filter=Q(replied_at__isnull=False)),
            on_time=Count("pk", filter=Q(replied_at__isnull=False, replied_at__lte=F("due_at"))),
            rated=Count("pk", filter=Q(satisfaction__isnull=False)),
            satisfaction_sum=Sum("satisfaction"),
            satisfied=Count("pk", filter=Q(satisfaction__gte=4)),
        )
        for r in rows.order_by():
            dims = (r["d"], r["unit_id"], r["matter__category"], "", r["channel"])
            for name in ("received", "replied", "on_time", "rated", "satisfaction_sum", "satisfied"):
                acc.add(*dims, f"requests.{name}", r[name])
        for r in qs.filter(grid__isnull=False).values("d", "grid_id").annotate(n=Count("pk")).order_by():
            acc.add_grid(r["d"], r["grid_id"], "requests", r["n"])


def _by_date(model, field: str, days: list[dt.date], extra: tuple = (), filters: Q | None = None, **agg):
    """Rows of ``model`` dated on ``days`` grouped by the date, the case's dimensions and ``extra``."""
    for chunk in _chunks(days):
        qs = model.objects.filter(**{f"{field}__in": chunk})
        if filters is not None:
            qs = qs.filter(filters)
        yield from qs.values(field, *CASE_DIMS, *extra).annotate(**agg).order_by()


def _cases(days: list[dt.date], acc: Acc) -> None:
    from sunshine.cases.models import (
        Case,
        CompulsoryMeasure,
        Decision,
        Execution,
        Hearing,
        LegalReview,
        Remedy,
    )

    dims = ("unit_id", "matter_version__matter__category", "procedure")
    for metric, field in (("cases.opened", "registered_on"), ("cases.closed", "closed_on")):
        for chunk in _chunks(days):
            rows = Case.objects.filter(**{f"{field}__in": chunk}).values(field, *dims).annotate(n=Count("pk"))
            for r in rows.order_by():
                acc.add(r[field], *(r[d] for d in dims), "", metric, r["n"])

    def add(r, field, metric, value):
        acc.add(r[field], *(r[d] for d in CASE_DIMS), "", metric, value)

    waiver = Q(kind=Decision.Kind.NO_PENALTY, case__first_violation=True)
    for r in _by_date(
        Decision,
        "decided_on",
        days,
        ("kind",),
        n=Count("pk"),
        fine=Sum("fine"),
        waived=Count("pk", filter=waiver),
    ):
        add(r, "decided_on", f"decisions.{r['kind']}", r["n"])
        add(r, "decided_on", "waivers.first_violation", r["waived"])
        if r["kind"] == Decision.Kind.PENALTY:
            add(r, "decided_on", "fines.decided", r["fine"])
    paid = Q(kind__in=[Execution.Kind.PAID, Execution.Kind.COLLECTED_ON_SPOT])
    for r in _by_date(Execution, "on", days, filters=paid, amount=Sum("amount")):
        add(r, "on", "fines.collected", r["amount"])
    for r in _by_date(CompulsoryMeasure, "start", days, ("kind",), n=Count("pk")):
        add(r, "start", f"measures.{r['kind']}", r["n"])
    for r in _by_date(Hearing, "requested_on", days, n=Count("pk")):
        add(r, "requested_on", "hearings.requested", r["n"])
    held = Q(outcome=Hearing.Outcome.HELD)
    for r in _by_date(Hearing, "hearing_on", days, filters=held, n=Count("pk")):
        add(r, "hearing_on", "hearings.held", r["n"])
    for r in _by_date(LegalReview, "reviewed_on", days, ("outcome",), n=Count("pk")):
        add(r, "reviewed_on", f"reviews.{r['outcome']}", r["n"])
    for r in _by_date(Remedy, "filed_on", days, ("kind",), n=Count("pk")):
        add(r, "filed_on", f"remedies.{r['kind']}", r["n"])
    decided = Q(outcome__in=["upheld", "changed", "revoked"])
    for r in _by_date(Remedy, "decided_on", days, ("outcome",), filters=decided, n=Count("pk")):
        add(r, "decided_on", f"remedies.{r['outcome']}", r["n"])


def _training(days: list[dt.date], acc: Acc) -> None:
    from sunshine.org.models import TrainingRecord

    for chunk in _chunks(days):
        rows = TrainingRecord.objects.filter(date__in=chunk).values("date", "staff__unit_id")
        for r in rows.annotate(h=Sum("hours")).order_by():
            acc.add(r["date"], r["staff__unit_id"], "", "", "", "training.hours", r["h"])


def _av(days: list[dt.date], acc: Acc) -> None:
    """Audio-visual recording of the activities that must be filmed (seed 001, seed 004), through the
    evidence app's own counting (``evidence.selectors.av_statistics``), per day and unit that had any."""
    from sunshine.evidence.models import Activity
    from sunshine.evidence.selectors import av_statistics

    tz = timezone.get_current_timezone()
    for first, last in _runs(days):
        pairs = (
            Activity.objects.filter(
                started_at__gte=local_start(first), started_at__lt=local_start(last + dt.timedelta(days=1))
            )
            .annotate(d=TruncDate("started_at", tzinfo=tz))
            .values_list("d", "case__unit_id")
            .distinct()
            .order_by()
        )
        for day, unit in pairs:
            day = _as_date(day)
            counts = av_statistics(unit_ids=[unit], date_from=day, date_to=day)
            acc.add(day, unit, "", "", "", "av.activities", counts["activities"])
            acc.add(day, unit, "", "", "", "av.done", counts["activities_done"])
            acc.add(day, unit, "", "", "", "av.fewer_devices", counts["activities_fewer_devices"])


COMPUTERS = (_contacts, _requests, _cases, _training, _av)


def compute_days(days: Iterable[dt.date]) -> Acc:
    """Every figure of ``days``, recounted from the source rows (nothing written)."""
    days = sorted(set(days))
    acc = Acc()
    if days:
        for compute in COMPUTERS:
            compute(days, acc)
    return acc


# --- finding dirty days -------------------------------------------------------------------------


def _sources():
    """(watermark name, model, date fields, datetime field) of every table whose new rows matter."""
    from sunshine.cases.models import (
        Case,
        CompulsoryMeasure,
        Decision,
        Execution,
        Hearing,
        LegalReview,
        Remedy,
    )
    from sunshine.evidence.models import Activity
    from sunshine.org.models import TrainingRecord
    from sunshine.parties.models import FieldContact
    from sunshine.service.models import Request

    return [
        ("evidence.activity", Activity, (), "started_at"),
        ("cases.case", Case, ("registered_on", "decided_on", "closed_on"), None),
        ("cases.decision", Decision, ("decided_on",), None),
        ("cases.execution", Execution, ("on",), None),
        ("cases.measure", CompulsoryMeasure, ("start",), None),
        ("cases.hearing", Hearing, ("requested_on", "hearing_on"), None),
        ("cases.review", LegalReview, ("reviewed_on",), None),
        ("cases.remedy", Remedy, ("filed_on", "decided_on"), None),
        ("parties.contact", FieldContact, (), "occurred_at"),
        ("service.request", Request, (), "received_at"),
        ("org.training", TrainingRecord, ("date",), None),
    ]


def _days_of(qs, date_fields: tuple, datetime_field: str | None) -> set[dt.date]:
    days: set[dt.date] = set()
    for field in date_fields:
        days.update(d for d in qs.values_list(field, flat=True).distinct().order_by() if d is not None)
    if datetime_field:
        tz = timezone.get_current_timezone()
        days.update(
            qs.annotate(d=TruncDate(datetime_field, tzinfo=tz))
            .values_list("d", flat=True)
            .distinct()
            .order_by()
        )
    return {_as_date(d) for d in days}


AUDIT_MARK = "audit.event"
AUDITED_TYPES = (
    "cases.case",
    "service.request",
    "parties.fieldcontact",
    "org.trainingrecord",
    "org.staff",
    "evidence.activity",
)


def _case_days(case_ids: list[int]) -> set[dt.date]:
    days: set[dt.date] = set()
    for name, model, date_fields, _dt in _sources():
        if not name.startswith("cases."):
            continue
        key = "pk" if name == "cases.case" else "case_id"
        for chunk in _chunks(case_ids):
            days |= _days_of(model.objects.filter(**{f"{key}__in": chunk}), date_fields, None)
    return days


def _changed_days(marks: dict[str, int]) -> tuple[set[dt.date], int]:
    """Days touched by objects the audit log says changed since the mark, and the new mark."""
    from sunshine.audit.models import Event
    from sunshine.evidence.models import Activity
    from sunshine.org.models import TrainingRecord
    from sunshine.parties.models import FieldContact
    from sunshine.service.models import Request

    start = marks.get(AUDIT_MARK, 0)
    top = Event.objects.filter(seq__gt=start).aggregate(m=Max("seq"))["m"]
    if top is None:
        return set(), start
    touched: dict[str, set[int]] = defaultdict(set)
    rows = Event.objects.filter(seq__gt=start, seq__lte=top, object_type__in=AUDITED_TYPES)
    for object_type, object_id in rows.values_list("object_type", "object_id").order_by():
        if object_id.isdigit():
            touched[object_type].add(int(object_id))
    days = _case_days(sorted(touched["cases.case"]))
    for ids in _chunks(sorted(touched["service.request"])):
        days |= _days_of(Request.objects.filter(pk__in=ids), (), "received_at")
    for ids in _chunks(sorted(touched["parties.fieldcontact"])):
        days |= _days_of(FieldContact.objects.filter(pk__in=ids), (), "occurred_at")
    for ids in _chunks(sorted(touched["org.trainingrecord"])):
        days |= _days_of(TrainingRecord.objects.filter(pk__in=ids), ("date",), None)
    for ids in _chunks(sorted(touched["evidence.activity"])):
        days |= _days_of(Activity.objects.filter(pk__in=ids), (), "started_at")
    for ids in _chunks(sorted(touched["org.staff"])):
        # A staff member moved to another unit: their training hours move with them.
        days |= _days_of(TrainingRecord.objects.filter(staff_id__in=ids), ("date",), None)
    return days, top


def dirty_days(marks: dict[str, int]) -> tuple[set[dt.date], dict[str, int]]:
    """The days to recompute since ``marks`` and the marks after them (nothing written)."""
    new = dict(marks)
    days: set[dt.date] = set()
    for name, model, date_fields, datetime_field in _sources():
        start = marks.get(name, 0)
        # The top first, then the rows up to it: a row inserted meanwhile waits for the next run.
        top = model.objects.filter(pk__gt=start).aggregate(m=Max("pk"))["m"]
        if top is None:
            continue
        days |= _days_of(model.objects.filter(pk__gt=start, pk__lte=top), date_fields, datetime_field)
        new[name] = top
    changed, new[AUDIT_MARK] = _changed_days(marks)
    return days | changed, new


# --- writing ------------------------------------------------------------------------------------


def _write_days(days: list[dt.date]) -> tuple[int, dict[tuple, Decimal]]:
    """Replace the days' rows; returns the rows written and the change per monthly key."""
    acc = compute_days(days)
    delta: dict[tuple, Decimal] = defaultdict(Decimal)
    for chunk in _chunks(days):
        old = DailyFact.objects.filter(day__in=chunk)
        for day, unit, cat, proc, chan, metric, value in old.values_list(
            "day", "unit_id", "category", "procedure", "channel", "metric", "value"
        ):
            delta[(day.replace(day=1), unit, cat, proc, chan, metric)] -= value
        old.delete()
        GridDailyFact.objects.filter(day__in=chunk).delete()
    facts = []
    for (day, unit, cat, proc, chan, metric), value in acc.facts.items():
        facts.append(
            DailyFact(
                day=day, unit_id=unit, category=cat, procedure=proc, channel=chan, metric=metric, value=value
            )
        )
        delta[(day.replace(day=1), unit, cat, proc, chan, metric)] += value
    DailyFact.objects.bulk_create(facts, batch_size=2000)
    GridDailyFact.objects.bulk_create(
        [GridDailyFact(day=d, grid_id=g, metric=m, value=v) for (d, g, m), v in acc.grid.items()],
        batch_size=2000,
    )
    return len(facts), {k: v for k, v in delta.items() if v}


def _apply(model, keys: tuple[str, ...], delta: dict[tuple, Decimal]) -> None:
    """Add ``delta`` (key → change) to the rows of ``model`` identified by ``keys``; a row that reaches
    zero is deleted, a missing one created, so the table equals a full re-sum of the daily rows."""
    if not delta:
        return
    months = {k[0] for k in delta}
    metrics = {k[-1] for k in delta}
    existing = {
        tuple(row[1:-1]): (row[0], row[-1])
        for row in model.objects.filter(month__in=months, metric__in=metrics)
        .values_list("pk", *keys, "value")
        .order_by()
    }
    update, create, delete = [], [], []
    for key, change in delta.items():
        found = existing.get(key)
        if found is None:
            create.append(model(value=change, **dict(zip(keys, key, strict=True))))
            continue
        pk, value = found
        value += change
        if value == 0:
            delete.append(pk)
        else:
            update.append((value, pk))
    if update:
        field = model._meta.get_field("value")
        table, column = model._meta.db_table, field.column
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",  # noqa: S608 - model names
                [(field.get_db_prep_save(v, connection), pk) for v, pk in update],
            )
    for chunk in _chunks(delete):
        model.objects.filter(pk__in=chunk).delete()
    model.objects.bulk_create(create, batch_size=2000)


def _apply_months(delta: dict[tuple, Decimal]) -> None:
    """Move the monthly tables by the change of the daily rows (cheap for a few days)."""
    _apply(MonthlyFact, ("month", "unit_id", "category", "procedure", "channel", "metric"), delta)
    compact: dict[tuple, Decimal] = defaultdict(Decimal)
    for (month, unit, _cat, _proc, channel, metric), change in delta.items():
        compact[(month, unit, metric)] += change
        if metric == "requests.received":
            compact[(month, unit, f"requests.received@{channel}")] += change
    _apply(UnitMonthFact, ("month", "unit_id", "metric"), {k: v for k, v in compact.items() if v})


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _write_months(months: set[dt.date]) -> None:
    dims = ("unit_id", "category", "procedure", "channel", "metric")
    for month in sorted(months):
        MonthlyFact.objects.filter(month=month).delete()
        rows = (
            DailyFact.objects.filter(day__gte=month, day__lt=_next_month(month))
            .values(*dims)
            .annotate(total=Sum("value"))
            .order_by()
        )
        MonthlyFact.objects.bulk_create(
            [MonthlyFact(month=month, value=r.pop("total"), **r) for r in rows], batch_size=2000
        )
        UnitMonthFact.objects.filter(month=month).delete()
        compact = MonthlyFact.objects.filter(month=month)
        per_unit = [
            UnitMonthFact(month=month, unit_id=r["unit_id"], metric=r["metric"], value=r["total"])
            for r in compact.values("unit_id", "metric").annotate(total=Sum("value")).order_by()
        ]
        per_unit += [
            UnitMonthFact(
                month=month,
                unit_id=r["unit_id"],
                metric=f"requests.received@{r['channel']}",
                value=r["total"],
            )
            for r in compact.filter(metric="requests.received")
            .values("unit_id", "channel")
            .annotate(total=Sum("value"))
            .order_by()
        ]
        UnitMonthFact.objects.bulk_create(per_unit, batch_size=2000)


def take_snapshot(day: dt.date, now: dt.datetime) -> None:
    """Replace ``day``'s state figures per unit."""
    from sunshine.org.models import Staff, TrainingRecord
    from sunshine.org.rules import training_commitment_met
    from sunshine.service.models import OPEN_STATUSES, Request
    from sunshine.workdays.models import Deadline

    Snapshot.objects.filter(day=day).delete()
    rows: list[Snapshot] = []

    def put(metric, counts):
        rows.extend(Snapshot(day=day, unit_id=u, metric=metric, value=v) for u, v in counts.items() if v)

    active = Staff.objects.filter(status=Staff.Status.ACTIVE)
    put(
        "staff.officers",
        dict(
            active.filter(kind=Staff.Kind.OFFICER).values_list("unit_id").annotate(n=Count("pk")).order_by()
        ),
    )
    put(
        "staff.legal_reviewers",
        dict(active.filter(is_legal_reviewer=True).values_list("unit_id").annotate(n=Count("pk")).order_by()),
    )
    met: dict[int, int] = defaultdict(int)
    hours = (
        TrainingRecord.objects.filter(
            date__gte=day.replace(month=1, day=1),
            date__lte=day,
            staff__kind=Staff.Kind.OFFICER,
            staff__status=Staff.Status.ACTIVE,
        )
        .values_list("staff_id", "staff__unit_id")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for _staff, unit, total in hours:
        if training_commitment_met(total):
            met[unit] += 1
    put("training.officers_met", met)
    put(
        "overdue.requests",
        dict(
            Request.objects.filter(status__in=OPEN_STATUSES, due_at__lt=now)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )
    put(
        "overdue.deadlines",
        dict(
            Deadline.objects.filter(status=Deadline.Status.OPEN, due__lt=day)
            .values_list("unit_id")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )
    Snapshot.objects.bulk_create(rows)


def _load_marks() -> dict[str, int]:
    return dict(Watermark.objects.select_for_update().values_list("name", "value"))


def _save_marks(old: dict[str, int], new: dict[str, int]) -> None:
    for name, value in new.items():
        if old.get(name) != value:
            Watermark.objects.update_or_create(name=name, defaults={"value": value})


@transaction.atomic
def fill(*, trigger: str = FillRun.Trigger.SCHEDULE, extra_days: Iterable[dt.date] = ()) -> FillRun:
    """One incremental run: recompute the dirty days (and ``extra_days``), their months, today's
    snapshot; advance the marks. Safe to run at any time and any number of times."""
    started = timezone.now()
    marks = _load_marks()
    days, new_marks = dirty_days(marks)
    days = sorted(days | set(extra_days))
    rows = 0
    if days:
        rows, delta = _write_days(days)
        if len(days) > FULL_MONTHS_FROM:
            _write_months({d.replace(day=1) for d in days})
        else:
            _apply_months(delta)
    take_snapshot(timezone.localdate(started), started)
    _save_marks(marks, new_marks)
    return FillRun.objects.create(
        trigger=trigger, started_at=started, finished_at=timezone.now(), days=len(days), rows=rows
    )


def rebuild(*, start: dt.date, end: dt.date) -> FillRun:
    """Recompute every day from ``start`` to ``end`` (inclusive) after an incremental run."""
    if end < start:
        raise ValueError("end before start")
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    return fill(trigger=FillRun.Trigger.REBUILD, extra_days=days)
