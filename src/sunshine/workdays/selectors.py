"""Reads of deadlines, scoped to the acting user, and of the calendar for display.

- :func:`deadline_board` — the user's own open deadlines (responsible = user).
- :func:`deadline_board_for_unit` — a unit's open deadlines (its subtree): bureau-wide roles any unit,
  others their own squad only (an out-of-scope unit is a 404, like a missing one).
- :func:`deadlines_for_owner` — every deadline of one object (a case page shows them all).

Each board row is annotated with ``state``: ``"overdue"``, ``"due_soon"`` (due within the policy's
working days, 2 by default) or ``"ok"``, and ordered overdue first, then by due day.
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from sunshine.accounts.roles import bureau_wide
from sunshine.org.models import Unit

from . import calendar
from .models import Deadline

OVERDUE, DUE_SOON, OK = "overdue", "due_soon", "ok"


def _thresholds(today: dt.date | None = None, now: dt.datetime | None = None):
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    soon = calendar.add_working_days(today, calendar.policy().due_soon_working_days)
    return today, now, soon


def _overdue_q(today, now) -> Q:
    return Q(due_at__isnull=False, due_at__lt=now) | Q(due_at__isnull=True, due__lt=today)


def annotate_state(queryset: QuerySet, *, today=None, now=None) -> QuerySet:
    """Add ``state`` and ``state_rank`` (0 overdue, 1 due soon, 2 ok) to open deadlines."""
    today, now, soon = _thresholds(today, now)
    return queryset.annotate(
        state_rank=Case(
            When(_overdue_q(today, now), then=Value(0)),
            When(due__lte=soon, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def _board(queryset: QuerySet) -> QuerySet:
    return (
        annotate_state(queryset.filter(status=Deadline.Status.OPEN))
        .select_related("owner_type", "responsible", "unit")
        .prefetch_related("owner")
        # Overdue first, then due soon, then the rest is simply the order of due days (an hours
        # deadline due today sorts by its time, before the day deadlines due today), so the index
        # on (…, status, due) serves the ordering.
        .order_by("due", F("due_at").asc(nulls_last=True), "id")
    )


def state_of(row: Deadline) -> str:
    rank = getattr(row, "state_rank", None)
    if rank is None:
        today, now, soon = _thresholds()
        if row.status != Deadline.Status.OPEN:
            return OK
        if (row.due_at is not None and row.due_at < now) or (row.due_at is None and row.due < today):
            return OVERDUE
        return DUE_SOON if row.due <= soon else OK
    return (OVERDUE, DUE_SOON, OK)[rank]


def user_unit(user) -> Unit | None:
    """The user's own unit, read fresh (its materialised path decides the scope)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Unit.objects.filter(staff__user=user).first()


def deadline_board(user) -> QuerySet:
    """The user's own open deadlines, overdue first."""
    if not getattr(user, "is_authenticated", False):
        return Deadline.objects.none()
    return _board(Deadline.objects.filter(responsible=user))


def visible_units(user) -> QuerySet:
    """Units whose board the user may open: every unit for bureau-wide roles, else their own subtree."""
    if bureau_wide(user):
        return Unit.objects.all()
    unit = user_unit(user)
    if unit is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=unit.path)


def deadline_board_for_unit(user, unit: Unit | None = None) -> QuerySet:
    """Open deadlines of ``unit`` and its sub-units (default: the user's own unit), overdue first.

    Bureau-wide roles may open any unit; everyone else only their own unit's subtree. A unit out of
    scope raises ``Http404``, the same as a missing one.
    """
    if unit is None:
        unit = user_unit(user)
        if unit is None:
            raise Http404
    path = Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
    if path is None:
        raise Http404
    if not bureau_wide(user):
        own = user_unit(user)
        if own is None or not path.startswith(own.path):
            raise Http404
    subtree = list(Unit.objects.filter(path__startswith=path).values_list("id", flat=True))
    return _board(Deadline.objects.filter(unit_id__in=subtree))


def deadline_counts(user) -> dict[str, int]:
    """``{"open", "overdue", "due_soon"}`` for the user's own board, in one query."""
    if not getattr(user, "is_authenticated", False):
        return {"open": 0, "overdue": 0, "due_soon": 0}
    today, now, soon = _thresholds()
    overdue = _overdue_q(today, now)
    return Deadline.objects.filter(responsible=user, status=Deadline.Status.OPEN).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=overdue),
        due_soon=Count("id", filter=~overdue & Q(due__lte=soon)),
    )


def deadlines_for_owner(owner, *, open_only: bool = False) -> QuerySet:
    """Every deadline of ``owner`` (open ones annotated with their state), for its detail page.

    The caller has already checked that the user may see ``owner``.
    """
    owner_type = ContentType.objects.get_for_model(owner, for_concrete_model=False)
    rows = Deadline.objects.filter(owner_type=owner_type, owner_id=owner.pk)
    if open_only:
        rows = rows.filter(status=Deadline.Status.OPEN)
    return annotate_state(rows).select_related("responsible", "unit").order_by("status", "due", "id")


# --- the calendar for display ------------------------------------------------------------------


def month_grid(year: int, month: int) -> list[list[calendar.DayInfo | None]]:
    """The weeks of a month, Monday first; days outside the month are ``None``."""
    weeks = []
    for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([calendar.day_info(day) if day.month == month else None for day in week])
    return weeks


def _runs(days: list) -> list[dict]:
    """Consecutive days with the same name, as ``{"first", "last", "name", "count"}``."""
    runs: list[dict] = []
    for day in days:
        last = runs[-1] if runs else None
        if last and (day.date - last["last"]).days == 1 and day.name == last["name"]:
            last["last"] = day.date
            last["count"] += 1
        else:
            runs.append({"first": day.date, "last": day.date, "name": day.name, "count": 1})
    return runs


def year_summary(year: int) -> dict:
    """The year's status and its named holidays (grouped into runs) and make-up workdays."""
    days = calendar.year_days(year)
    return {
        "year": year,
        "provisional": calendar.is_provisional_year(year),
        "holidays": _runs([d for d in days if d.kind == calendar.HOLIDAY]),
        "makeup": [d for d in days if d.kind == calendar.MAKEUP],
        "workdays": sum(1 for d in days if d.is_workday),
    }
