"""China's working-day calendar and the counting of time limits — the one place every module uses.

Other apps import from here::

    from sunshine.workdays.calendar import (
        add_working_days, add_calendar_days, add_hours, is_workday, statutory_period_kind, compute,
    )

Counting rules (LEGAL.md "Counting days"):

- The start day is never counted (期间开始之日不计算在内): ``add_working_days(start, n)`` is the
  n-th working day *after* ``start``; ``add_calendar_days(start, n)`` is ``start + n`` days.
- Working days follow the State Council's notice: statutory holidays (法定节假日) are rest days even on
  weekdays, and make-up workdays (调休上班日) are working days even on Saturdays and Sundays.
  Skipping only weekends is wrong.
- A calendar-day period whose last day is a rest day ends on the next working day when the calendar
  policy says so (default on; 《民事诉讼法》第八十五条, applied by 《行政复议法》第八十八条).
- Which periods are working days is decided by :func:`statutory_period_kind`
  (《行政处罚法》第八十五条, 《行政强制法》第六十九条, 《行政复议法》第八十八条).
- A year with no official data (e.g. 2027 before the State Council publishes it) counts weekends
  only and everything computed with it is ``provisional``; when an administrator enters the year,
  stored deadlines are recomputed (``services.calendar_year_set``).

The calendar is read from the database once and cached in the process; it is reloaded when
:func:`invalidate` is called (the services do, on commit) and, in other processes, within a few
seconds through a version number kept in Django's cache.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _

from .rules import (
    CALENDAR,
    CITATION_ROLL_FORWARD,
    HOURS,
    KINDS,
    WORKING,
    Law,
    PeriodRule,
    statutory_period_kind,
)

__all__ = [
    "CALENDAR",
    "HOURS",
    "WORKING",
    "Computed",
    "DayInfo",
    "Law",
    "PeriodRule",
    "add_calendar_days",
    "add_hours",
    "add_working_days",
    "compute",
    "day_info",
    "invalidate",
    "is_provisional_year",
    "is_rest_day",
    "is_statutory_holiday",
    "is_workday",
    "next_working_day",
    "policy",
    "statutory_deadline",
    "statutory_period_kind",
    "working_days_between",
    "year_days",
]

_VERSION_KEY = "sunshine:workdays:calendar-version"
_RECHECK_SECONDS = 5.0

HOLIDAY = "holiday"
MAKEUP = "makeup"
WEEKEND = "weekend"
WORKDAY = "workday"


@dataclass(frozen=True)
class Policy:
    roll_forward_calendar_periods: bool = True
    due_soon_working_days: int = 2


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    kind: str  # holiday / makeup / weekend / workday
    is_workday: bool
    name: str
    provisional: bool


class _State:
    """One snapshot of the calendar table: the exceptions, the known years and the policy."""

    def __init__(self, version, years, holidays, makeup, policy):
        self.version = version
        self.official_years: frozenset[int] = frozenset(
            y for y, status in years.items() if status == "official"
        )
        self.known_years: dict[int, str] = years
        self.holidays: dict[dt.date, str] = holidays
        self.makeup: dict[dt.date, str] = makeup
        self.policy: Policy = policy
        self._ordinals: dict[int, list[int]] = {}

    def is_workday(self, day: dt.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.makeup:
            return True
        return day.weekday() < 5

    def workday_ordinals(self, year: int) -> list[int]:
        """The sorted ordinals of the year's working days (built once per year)."""
        found = self._ordinals.get(year)
        if found is None:
            first = dt.date(year, 1, 1).toordinal()
            last = dt.date(year, 12, 31).toordinal()
            is_workday = self.is_workday
            found = [o for o in range(first, last + 1) if is_workday(dt.date.fromordinal(o))]
            self._ordinals[year] = found
        return found


_state: _State | None = None
_checked_at = 0.0


def _load(version) -> _State:
    from .models import CalendarDay, CalendarPolicy, CalendarYear

    years = dict(CalendarYear.objects.values_list("year", "status"))
    holidays: dict[dt.date, str] = {}
    makeup: dict[dt.date, str] = {}
    for day, kind, name in CalendarDay.objects.values_list("date", "kind", "name"):
        if kind in (HOLIDAY, WEEKEND):
            holidays[day] = name
        else:
            makeup[day] = name
    row = CalendarPolicy.objects.filter(id=1).values_list(
        "roll_forward_calendar_periods", "due_soon_working_days"
    )
    policy = Policy(*row[0]) if row else Policy()
    return _State(version, years, holidays, makeup, policy)


def _current() -> _State:
    global _state, _checked_at
    state = _state
    now = time.monotonic()
    if state is not None and now - _checked_at < _RECHECK_SECONDS:
        return state
    shared = cache.get(_VERSION_KEY)
    if state is None or shared != state.version:
        state = _load(shared)
        _state = state
    _checked_at = now
    return state


def invalidate() -> None:
    """Forget the cached calendar here and tell other processes to reload theirs."""
    global _state
    _state = None
    cache.set(_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError("expected a date")


# --- days --------------------------------------------------------------------------------------


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day under the official calendar (make-up workdays included)."""
    return _current().is_workday(_as_date(day))


def is_rest_day(day: dt.date) -> bool:
    """Not a working day: a statutory holiday, or a Saturday or Sunday that is not a make-up workday."""
    return not is_workday(day)


def is_statutory_holiday(day: dt.date) -> bool:
    """Whether ``day`` is inside a statutory holiday period of the State Council's notice (春节, 国庆节 …),
    weekends within the period included; ordinary weekends are not. For rules such as
    《行政强制法》第四十三条 (no enforcement on statutory holidays), the calling rule decides whether
    ordinary weekends count too (then use :func:`is_rest_day`)."""
    return _as_date(day) in _current().holidays


def is_provisional_year(year: int) -> bool:
    """True when the year's official holidays are not known (weekends only are skipped)."""
    return year not in _current().official_years


def year_status(year: int) -> str:
    """``"official"`` or ``"provisional"``."""
    return "provisional" if is_provisional_year(year) else "official"


def day_info(day: dt.date) -> DayInfo:
    state = _current()
    day = _as_date(day)
    provisional = day.year not in state.official_years
    if day in state.holidays:
        return DayInfo(day, HOLIDAY, False, state.holidays[day], provisional)
    if day in state.makeup:
        return DayInfo(day, MAKEUP, True, state.makeup[day], provisional)
    if day.weekday() >= 5:
        return DayInfo(day, WEEKEND, False, "", provisional)
    return DayInfo(day, WORKDAY, True, "", provisional)


def year_days(year: int) -> list[DayInfo]:
    """Every day of ``year`` with its kind."""
    first = dt.date(year, 1, 1)
    count = (dt.date(year + 1, 1, 1) - first).days if year < 9999 else 365
    return [day_info(first + dt.timedelta(days=i)) for i in range(count)]


def policy() -> Policy:
    return _current().policy


# --- counting ----------------------------------------------------------------------------------


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (the start day itself is never counted).

    ``add_working_days(date(2026, 9, 29), 5) == date(2026, 10, 12)``: National Day (1–7 Oct) is
    skipped and Saturday 10 Oct, a make-up workday, counts. ``n == 0`` returns ``start``.
    """
    if type(start) is not dt.date:
        start = _as_date(start)
    if n <= 0:
        if n == 0:
            return start
        raise ValueError("n must not be negative")
    state = _state if _state is not None and time.monotonic() - _checked_at < _RECHECK_SECONDS else _current()
    year = start.year
    ordinals = state._ordinals.get(year) or state.workday_ordinals(year)
    index = bisect_right(ordinals, start.toordinal())
    remaining = len(ordinals) - index
    if n <= remaining:  # the common case: the answer lies in the start's year
        return dt.date.fromordinal(ordinals[index + n - 1])
    while True:
        n -= remaining
        year += 1
        ordinals = state.workday_ordinals(year)
        remaining = len(ordinals)
        if n <= remaining:
            return dt.date.fromordinal(ordinals[n - 1])


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return add_working_days(day, 1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie in (start, end] — e.g. whether a notice was given 7 working days ahead."""
    start, end = _as_date(start), _as_date(end)
    if end <= start:
        return 0
    state = _current()
    total = 0
    for year in range(start.year, end.year + 1):
        ordinals = state.workday_ordinals(year)
        lo = bisect_right(ordinals, start.toordinal())
        hi = bisect_right(ordinals, end.toordinal())
        total += hi - lo
    return total


def add_calendar_days(start: dt.date, n: int, roll_forward: bool | None = None) -> dt.date:
    """``start + n`` calendar days; when the last day is a rest day and rolling forward is on
    (``roll_forward=None`` follows the calendar policy, default on), the next working day.

    Rolling forward: 《民事诉讼法》第八十五条 (期间届满的最后一日是法定休假日的，
    以法定休假日后的第一日为期间届满的日期), applied to administrative matters by
    《行政复议法》第八十八条 and 《行政诉讼法》第一百零一条.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    start = _as_date(start)
    due = start + dt.timedelta(days=n)
    state = _current()
    if roll_forward is None:
        roll_forward = state.policy.roll_forward_calendar_periods
    if roll_forward and n > 0 and not state.is_workday(due):
        due = add_working_days(due, 1)
    return due


def add_hours(start: dt.datetime, hours: int | float) -> dt.datetime:
    """``start`` plus ``hours`` elapsed hours (e.g. report an emergency measure within 24 h,
    《行政强制法》第十九条). Hours run through nights and holidays. ``start`` must be aware."""
    if not isinstance(start, dt.datetime) or timezone.is_naive(start):
        raise ValueError("start must be an aware datetime")
    if hours < 0:
        raise ValueError("hours must not be negative")
    return start + dt.timedelta(hours=hours)


# --- computations with their explanation --------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    """A computed time limit and how it was computed.

    ``due`` is the last day on which the act is in time (a ``datetime`` for hours). ``provisional``
    says that a year without official holiday data was used; ``rolled_from`` is the last day of a
    calendar-day period that was a rest day and so moved to ``due``.
    """

    start: dt.date | dt.datetime
    length: int
    kind: str
    due: dt.date | dt.datetime
    rule: str = ""
    citation: Any = ""
    provisional: bool = False
    rolled_from: dt.date | None = None

    @property
    def due_date(self) -> dt.date:
        return _as_date(self.due)

    @property
    def explanation(self) -> str:
        """How the limit was computed, in the active language, e.g.

        自2026-09-29起5个工作日（不含法定节假日，含调休上班日），依据《行政处罚法》第八十五条：2026-10-12
        """
        if self.kind == HOURS:
            start = _format_time(self.start)
            head = _("%(length)s hours from %(start)s") % {"length": self.length, "start": start}
            due = _format_time(self.due)
        elif self.kind == WORKING:
            head = _(
                "%(length)s working days from %(start)s "
                "(statutory holidays excluded, make-up workdays included)"
            ) % {"length": self.length, "start": self.start.isoformat()}
            due = self.due.isoformat()
        else:
            head = _("%(length)s calendar days from %(start)s") % {
                "length": self.length,
                "start": self.start.isoformat(),
            }
            due = self.due.isoformat()
        text = head
        citation = force_str(self.citation)
        if citation:
            text += _(", under %(citation)s") % {"citation": citation}
        text += _(": %(due)s") % {"due": due}
        if self.rolled_from:
            text += _(
                " (the last day, %(last)s, is a rest day, so the period ends "
                "on the next working day under %(rule)s)"
            ) % {
                "last": self.rolled_from.isoformat(),
                "rule": force_str(CITATION_ROLL_FORWARD),
            }
        if self.provisional:
            text += _(
                " — provisional: the official holidays of a year used here are not known yet, "
                "so only weekends were skipped"
            )
        return text

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "length": self.length,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "rule": self.rule,
            "citation": force_str(self.citation),
            "provisional": self.provisional,
            "rolled_from": self.rolled_from.isoformat() if self.rolled_from else None,
            "explanation": self.explanation,
        }


def _format_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _any_provisional(state: _State, first_year: int, last_year: int) -> bool:
    return any(year not in state.official_years for year in range(first_year, last_year + 1))


def compute(
    start,
    length: int,
    kind: str,
    *,
    rule: str = "",
    citation: Any = "",
    roll_forward: bool | None = None,
) -> Computed:
    """Compute a time limit of ``length`` working days, calendar days or hours from ``start``.

    ``kind`` is ``"working"``, ``"calendar"`` or ``"hours"`` (then ``start`` is an aware datetime).
    ``roll_forward`` applies to calendar days (``None`` follows the policy). The result carries its
    explanation and the provisional flag.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if length < 0:
        raise ValueError("length must not be negative")
    if kind == HOURS:
        due_at = add_hours(start, length)
        return Computed(start, length, kind, due_at, rule, citation)
    start = _as_date(start)
    state = _current()
    if kind == WORKING:
        due = add_working_days(start, length)
        provisional = length > 0 and _any_provisional(state, (start + dt.timedelta(days=1)).year, due.year)
        return Computed(start, length, kind, due, rule, citation, provisional)
    last = start + dt.timedelta(days=length)
    if roll_forward is None:
        roll_forward = state.policy.roll_forward_calendar_periods
    due = add_calendar_days(start, length, roll_forward=roll_forward)
    # A calendar-day count needs the holidays only to decide whether (and where) to roll forward.
    provisional = bool(roll_forward) and length > 0 and _any_provisional(state, last.year, due.year)
    return Computed(start, length, kind, due, rule, citation, provisional, last if due != last else None)


def statutory_deadline(start, days: int, law: str) -> Computed:
    """A statutory period of ``days`` under ``law`` (``Law.PENALTY`` …), counted as that law says.

    ``statutory_deadline(date(2026, 9, 29), 5, Law.PENALTY).due == date(2026, 10, 12)``.
    """
    period = statutory_period_kind(days, law)
    return compute(start, days, period.kind, rule=period.rule, citation=period.citation)
