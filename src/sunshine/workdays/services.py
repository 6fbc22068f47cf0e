"""Every write of the calendar and of the stored deadlines.

Other apps keep their running deadlines with three calls, inside their own service's transaction
(the calling service has already checked that the actor may act on the owner)::

    from sunshine.workdays.services import deadline_set, deadline_meet, deadline_cancel

    deadline_set(owner=case, key="hearing_request", label=_("Hearing request"),
                 start=notice_served_on, length=5, kind="working",
                 rule="penalty_law_85", citation=_("Administrative Penalty Law, Article 85"),
                 responsible=case.main_handler, unit=case.unit, actor=user)
    deadline_meet(owner=case, key="hearing_request", actor=user)     # the party asked in time
    deadline_cancel(owner=case, key="hearing_request", actor=user)   # no longer applies

``calendar_year_set`` (system administrator) enters or corrects a year; every open deadline whose
computation touches that year is recomputed and loses its provisional flag.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation

from . import calendar
from .models import CalendarDay, CalendarPolicy, CalendarYear, Deadline, DeadlineKind, Source
from .notices import package_years
from .rules import check_makeup_workday

MAX_LENGTH = {"working": 3660, "calendar": 3660 * 2, "hours": 24 * 366}
YEAR_MIN, YEAR_MAX = 1949, 2200


def _stored_text(value: Any, limit: int) -> str:
    """Texts kept in the database are written in the bureau's language, whatever the actor's."""
    with translation.override(settings.LANGUAGE_CODE):
        return force_str(value)[:limit]


def _days(value, field: str) -> dict[dt.date, str]:
    if isinstance(value, Mapping):
        items = value.items()
    else:
        items = ((item, "") if isinstance(item, dt.date) else tuple(item) for item in value or ())
    days: dict[dt.date, str] = {}
    for day, name in items:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise RuleViolation("day_invalid", _("Not a date: %(value)s") % {"value": day}, "", field=field)
        days[day] = force_str(name or "")[:64]
    return days


def _on_commit_invalidate() -> None:
    """Drop the cached calendar now (so this transaction computes with its own changes) and again
    on commit (so every process reloads the committed table)."""
    calendar.invalidate()
    transaction.on_commit(calendar.invalidate)


class _CalendarChange:
    """Around a calendar write: if it fails, forget whatever the cache read inside the transaction."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            calendar.invalidate()
        return False


# --- the calendar --------------------------------------------------------------------------------


def _year_replace(
    *, year: int, holidays: dict, makeup: dict, source: str, status: str, note: str, actor
) -> CalendarYear:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    CalendarDay.objects.filter(date__gte=first, date__lte=last).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(date=day, is_workday=False, kind="holiday", name=name, source=source)
            for day, name in sorted(holidays.items())
        ]
        + [
            CalendarDay(date=day, is_workday=True, kind="makeup", name=name, source=source)
            for day, name in sorted(makeup.items())
        ]
    )
    row, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
    row.status = status
    row.source = source
    row.note = note[:200]
    row.entered_by = actor if actor is not None and actor.is_authenticated else None
    row.entered_at = timezone.now()
    row.save()
    return row


@transaction.atomic
def calendar_year_set(
    *,
    year: int,
    holidays: Mapping[dt.date, str] | Iterable,
    makeup_workdays: Mapping[dt.date, str] | Iterable,
    actor,
    status: str = CalendarYear.Status.OFFICIAL,
    note: str = "",
) -> CalendarYear:
    """Enter or correct a year's statutory holidays and make-up workdays (system administrator).

    ``holidays`` and ``makeup_workdays`` map dates to names (国庆节 …), or are lists of dates or
    ``(date, name)`` pairs. The year's stored days are replaced. Every open deadline whose computation
    touches the year is recomputed (and is no longer provisional when the year is official); all of it
    is audited in this transaction. Make-up workdays fall on Saturdays or Sundays (State Council notice).
    """
    if not has_capability(actor, "calendar.manage"):
        raise PermissionDeniedError(_("Only the system administrator may enter the calendar."))
    if not (YEAR_MIN <= year <= YEAR_MAX):
        raise RuleViolation(
            "year_out_of_range",
            _("The year must be between %(min)s and %(max)s.") % {"min": YEAR_MIN, "max": YEAR_MAX},
            "",
            field="year",
        )
    if status not in CalendarYear.Status.values:
        raise RuleViolation("year_status_invalid", _("Unknown status."), "", field="status")
    holiday_days = _days(holidays, "holidays")
    makeup_days = _days(makeup_workdays, "makeup_workdays")
    for field, days in (("holidays", holiday_days), ("makeup_workdays", makeup_days)):
        for day in days:
            if day.year != year:
                raise RuleViolation(
                    "day_outside_year",
                    _("%(date)s is not in %(year)s.") % {"date": day.isoformat(), "year": year},
                    "",
                    field=field,
                )
    both = sorted(set(holiday_days) & set(makeup_days))
    if both:
        raise RuleViolation(
            "day_both_kinds",
            _("%(date)s cannot be both a holiday and a make-up workday.") % {"date": both[0].isoformat()},
            "",
            field="makeup_workdays",
        )
    for day in makeup_days:
        check_makeup_workday(day.weekday(), day.isoformat())

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    before = {
        "holidays": [
            d.isoformat()
            for d in CalendarDay.objects.filter(date__range=(first, last), is_workday=False).values_list(
                "date", flat=True
            )
        ],
        "makeup_workdays": [
            d.isoformat()
            for d in CalendarDay.objects.filter(date__range=(first, last), is_workday=True).values_list(
                "date", flat=True
            )
        ],
        "status": CalendarYear.objects.filter(year=year).values_list("status", flat=True).first()
        or "provisional",
    }
    row = _year_replace(
        year=year,
        holidays=holiday_days,
        makeup=makeup_days,
        source=Source.ADMINISTRATOR,
        status=status,
        note=note,
        actor=actor,
    )
    audit_append(
        actor=actor,
        action="workdays.calendar_year_set",
        obj=row,
        payload={
            "year": year,
            "status": status,
            "holidays": sorted(d.isoformat() for d in holiday_days),
            "makeup_workdays": sorted(d.isoformat() for d in makeup_days),
            "before": before,
        },
    )
    with _CalendarChange():
        _on_commit_invalidate()
        deadlines_recompute(actor=actor, year=year, reason="calendar_year_set")
    return row


@transaction.atomic
def calendar_seed_from_package(*, actor=None) -> list[int]:
    """Import every year of the installed chinese-calendar package that no administrator entered.

    Run by ``manage.py calendar_seed`` after upgrading the package (for example when it adds 2027).
    Years an administrator entered are never overwritten; LEGAL.md's 2026 notice always wins. Returns
    the years whose days changed; their open deadlines are recomputed.
    """
    changed: list[int] = []
    admin_years = set(CalendarYear.objects.filter(source=Source.ADMINISTRATOR).values_list("year", flat=True))
    for year, (holidays, makeup) in sorted(package_years().items()):
        if year in admin_years:
            continue
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        stored = {
            (day, kind, name)
            for day, kind, name in CalendarDay.objects.filter(date__range=(first, last)).values_list(
                "date", "kind", "name"
            )
        }
        wanted = {(d, "holiday", n) for d, n in holidays.items()} | {
            (d, "makeup", n) for d, n in makeup.items() if d not in holidays
        }
        official = CalendarYear.objects.filter(year=year, status=CalendarYear.Status.OFFICIAL).exists()
        if stored == wanted and official:
            continue
        row = _year_replace(
            year=year,
            holidays=holidays,
            makeup={d: n for d, n in makeup.items() if d not in holidays},
            source=Source.PACKAGE,
            status=CalendarYear.Status.OFFICIAL,
            note="chinese-calendar",
            actor=actor,
        )
        audit_append(
            actor=actor,
            action="workdays.calendar_year_seed",
            obj=row,
            payload={"year": year, "holidays": len(holidays), "makeup_workdays": len(makeup)},
        )
        changed.append(year)
    if changed:
        with _CalendarChange():
            _on_commit_invalidate()
            for year in changed:
                deadlines_recompute(actor=actor, year=year, reason="calendar_seed")
    return changed


@transaction.atomic
def calendar_policy_set(
    *, roll_forward_calendar_periods: bool, due_soon_working_days: int = 2, actor
) -> CalendarPolicy:
    """Change the calendar policy (system administrator). Open calendar-day deadlines that follow
    the policy are recomputed."""
    if not has_capability(actor, "calendar.manage"):
        raise PermissionDeniedError(_("Only the system administrator may change the calendar policy."))
    if not (0 <= due_soon_working_days <= 30):
        raise RuleViolation(
            "due_soon_out_of_range",
            _("“Due soon” must be between 0 and 30 working days."),
            "",
            field="due_soon_working_days",
        )
    row, _created = CalendarPolicy.objects.select_for_update().get_or_create(id=1)
    before = {
        "roll_forward_calendar_periods": row.roll_forward_calendar_periods,
        "due_soon_working_days": row.due_soon_working_days,
    }
    row.roll_forward_calendar_periods = roll_forward_calendar_periods
    row.due_soon_working_days = due_soon_working_days
    row.save()
    audit_append(
        actor=actor,
        action="workdays.policy_set",
        obj=row,
        payload={
            "before": before,
            "roll_forward_calendar_periods": roll_forward_calendar_periods,
            "due_soon_working_days": due_soon_working_days,
        },
    )
    with _CalendarChange():
        _on_commit_invalidate()
        if before["roll_forward_calendar_periods"] != roll_forward_calendar_periods:
            deadlines_recompute(actor=actor, policy_only=True, reason="calendar_policy_set")
    return row


@transaction.atomic
def deadlines_recompute(
    *, actor, year: int | None = None, policy_only: bool = False, reason: str = ""
) -> int:
    """Recompute open day-counted deadlines against the current calendar; returns how many changed.

    ``year``: only those whose computation touches that year (start ≤ 31 Dec and due ≥ 1 Jan).
    ``policy_only``: only calendar-day deadlines that follow the roll-forward policy.
    """
    calendar.invalidate()
    rows = Deadline.objects.select_for_update().filter(
        status=Deadline.Status.OPEN, kind__in=[DeadlineKind.WORKING, DeadlineKind.CALENDAR]
    )
    if year is not None:
        rows = rows.filter(start__lte=dt.date(year, 12, 31), due__gte=dt.date(year, 1, 1))
    if policy_only:
        rows = rows.filter(kind=DeadlineKind.CALENDAR, roll_forward__isnull=True)
    changed: list[Deadline] = []
    changes: list[list] = []
    for row in rows.order_by("id").iterator(chunk_size=2000):
        result = calendar.compute(row.start, row.length, row.kind, roll_forward=row.roll_forward)
        if (row.due, row.provisional, row.rolled_from) != (
            result.due,
            result.provisional,
            result.rolled_from,
        ):
            changes.append([row.pk, row.due.isoformat(), result.due.isoformat()])
            row.due, row.provisional, row.rolled_from = result.due, result.provisional, result.rolled_from
            changed.append(row)
    if changed:
        # Many deadlines share a new due day: one UPDATE per distinct result is far cheaper than a
        # CASE expression per row (bulk_update).
        groups: dict[tuple, list[int]] = {}
        for row in changed:
            groups.setdefault((row.due, row.provisional, row.rolled_from), []).append(row.pk)
        now = timezone.now()
        for (due, provisional, rolled_from), ids in groups.items():
            for first in range(0, len(ids), 900):
                Deadline.objects.filter(pk__in=ids[first : first + 900]).update(
                    due=due, provisional=provisional, rolled_from=rolled_from, updated_at=now
                )
        audit_append(
            actor=actor,
            action="workdays.deadlines_recompute",
            object_type="workdays.deadline",
            payload={"reason": reason, "year": year, "changed": len(changed), "changes": changes[:1000]},
        )
    return len(changed)


# --- deadlines -----------------------------------------------------------------------------------


def _owner_key(owner) -> tuple[ContentType, int]:
    if owner is None or owner.pk is None:
        raise ValueError("a deadline's owner must be a saved model instance")
    return ContentType.objects.get_for_model(owner, for_concrete_model=False), int(owner.pk)


def _default_unit(responsible):
    staff = getattr(responsible, "staff", None) if responsible is not None else None
    return getattr(staff, "unit", None)


@transaction.atomic(savepoint=False)
def deadline_set(
    *,
    owner,
    key: str,
    label: Any,
    start: dt.date | dt.datetime,
    length: int,
    kind: str,
    citation: Any = "",
    rule: str = "",
    responsible=None,
    unit=None,
    roll_forward: bool | None = None,
    actor,
    audit: bool = True,
) -> Deadline:
    """Set (or replace) the running deadline ``key`` of ``owner`` and return it.

    - ``kind``: ``"working"`` (working days), ``"calendar"`` (calendar days; ``roll_forward`` None
      follows the policy) or ``"hours"`` (``start`` is an aware datetime). For day counts an aware
      datetime ``start`` is taken as its local (Asia/Shanghai) date. The start day is not counted.
    - Use :func:`sunshine.workdays.calendar.statutory_period_kind` to choose ``kind`` for a period of
      a law, and pass its ``rule`` and ``citation``.
    - An open deadline with the same owner and key is replaced in place (an extension, a new start);
      met or cancelled ones stay as history.
    - ``unit`` defaults to the responsible user's unit, for the squad board.

    The caller's service has checked the actor's permission on ``owner``; this writes the audit event,
    unless ``audit=False``: then the caller records the deadline in its own audit event (a case step lists
    the deadlines it set or closed in its payload; see ``cases.services``).
    """
    if kind not in DeadlineKind.values:
        raise ValueError(f"unknown kind {kind!r}")
    if not (0 <= length <= MAX_LENGTH[kind]):
        raise ValueError(f"length {length} out of range for {kind}")
    owner_type, owner_id = _owner_key(owner)
    if kind == DeadlineKind.HOURS and (not isinstance(start, dt.datetime) or timezone.is_naive(start)):
        raise ValueError("an hours deadline starts at an aware datetime")
    result = calendar.compute(start, length, kind, rule=rule, citation=citation, roll_forward=roll_forward)
    values = {
        "label": _stored_text(label, 200),
        "kind": kind,
        "length": length,
        "rule": rule[:64],
        "citation": _stored_text(citation, 200),
        "roll_forward": roll_forward if kind == DeadlineKind.CALENDAR else None,
        "start": timezone.localdate(start) if kind == DeadlineKind.HOURS else result.start,
        "start_at": start if kind == DeadlineKind.HOURS else None,
        "due": timezone.localdate(result.due) if kind == DeadlineKind.HOURS else result.due,
        "due_at": result.due if kind == DeadlineKind.HOURS else None,
        "rolled_from": result.rolled_from,
        "provisional": result.provisional,
        "responsible": responsible,
        "unit": unit if unit is not None else _default_unit(responsible),
    }
    row = (
        Deadline.objects.select_for_update()
        .filter(owner_type=owner_type, owner_id=owner_id, key=key, status=Deadline.Status.OPEN)
        .first()
    )
    replaced = None
    if row is None:
        row = Deadline.objects.create(owner_type=owner_type, owner_id=owner_id, key=key, **values)
    else:
        replaced = (row.due_at or row.due).isoformat()
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    if not audit:
        return row
    audit_append(
        actor=actor,
        action="workdays.deadline_set",
        obj=row,
        payload={
            "owner": f"{owner_type.app_label}.{owner_type.model}:{owner_id}",
            "key": key,
            "kind": kind,
            "start": (row.start_at or row.start).isoformat(),
            "length": length,
            "due": (row.due_at or row.due).isoformat(),
            "provisional": row.provisional,
            "rule": rule,
            "replaced_due": replaced,
        },
    )
    return row


def _close(
    *, owner, key: str, actor, status: str, at=None, note: str = "", audit: bool = True
) -> Deadline | None:
    owner_type, owner_id = _owner_key(owner)
    row = (
        Deadline.objects.select_for_update()
        .filter(owner_type=owner_type, owner_id=owner_id, key=key, status=Deadline.Status.OPEN)
        .first()
    )
    if row is None:
        return None
    row.status = status
    row.closed_note = _stored_text(note, 200)
    if status == Deadline.Status.MET:
        row.met_at = at or timezone.now()
    row.save(update_fields=["status", "met_at", "closed_note", "updated_at"])
    if not audit:
        return row
    audit_append(
        actor=actor,
        action=f"workdays.deadline_{'meet' if status == Deadline.Status.MET else 'cancel'}",
        obj=row,
        payload={
            "owner": f"{owner_type.app_label}.{owner_type.model}:{owner_id}",
            "key": key,
            "due": (row.due_at or row.due).isoformat(),
            "met_at": row.met_at.isoformat() if row.met_at else None,
            "late": row.met_late,
            "note": row.closed_note,
        },
    )
    return row


@transaction.atomic(savepoint=False)
def deadline_meet(
    *, owner, key: str, actor, at: dt.datetime | None = None, note: str = "", audit: bool = True
) -> Deadline | None:
    """Mark the open deadline ``key`` of ``owner`` as met (at ``at``, default now) and return it.

    Returns ``None`` when there is no open deadline with that key (nothing to meet), so a transition
    can call it unconditionally. A deadline met after its due day is kept as met late (``met_late``).
    """
    return _close(
        owner=owner, key=key, actor=actor, status=Deadline.Status.MET, at=at, note=note, audit=audit
    )


@transaction.atomic(savepoint=False)
def deadline_cancel(*, owner, key: str, actor, reason: str = "", audit: bool = True) -> Deadline | None:
    """Cancel the open deadline ``key`` of ``owner`` (it no longer applies); ``None`` when none is open."""
    return _close(
        owner=owner, key=key, actor=actor, status=Deadline.Status.CANCELLED, note=reason, audit=audit
    )


@transaction.atomic(savepoint=False)
def deadlines_cancel_all(*, owner, actor, reason: str = "", audit: bool = True) -> list[Deadline]:
    """Cancel every open deadline of ``owner`` (e.g. a case withdrawn or closed); returns the rows."""
    owner_type, owner_id = _owner_key(owner)
    keys = list(
        Deadline.objects.filter(
            owner_type=owner_type, owner_id=owner_id, status=Deadline.Status.OPEN
        ).values_list("key", flat=True)
    )
    cancelled = [
        deadline_cancel(owner=owner, key=key, actor=actor, reason=reason, audit=audit) for key in keys
    ]
    return [row for row in cancelled if row is not None]


__all__ = [
    "calendar_policy_set",
    "calendar_seed_from_package",
    "calendar_year_set",
    "deadline_cancel",
    "deadline_meet",
    "deadline_set",
    "deadlines_cancel_all",
    "deadlines_recompute",
]
