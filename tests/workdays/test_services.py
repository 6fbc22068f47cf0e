"""Deadline services and entering a year (recomputation, audit, permissions, rules)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.workdays import calendar
from sunshine.workdays.models import CalendarDay, CalendarYear, Deadline
from sunshine.workdays.services import (
    calendar_policy_set,
    calendar_seed_from_package,
    calendar_year_set,
    deadline_cancel,
    deadline_meet,
    deadline_set,
    deadlines_cancel_all,
)

pytestmark = pytest.mark.django_db
D = dt.date
SH = ZoneInfo("Asia/Shanghai")

# What an administrator would enter for 2027 (illustrative data for the test: a National Day week
# Fri 1 – Thu 7 Oct with make-up Saturday 9 Oct, and New Year's Day on Fri 1 Jan).
HOLIDAYS_2027 = {D(2027, 1, 1): "元旦", **{D(2027, 10, d): "国庆节" for d in range(1, 8)}}
MAKEUP_2027 = {D(2027, 10, 9): "国庆节"}


def payload(event) -> dict:
    return event.payload if isinstance(event.payload, dict) else json.loads(event.payload)


@pytest.fixture
def owner(bureau):
    return bureau["squad1"]


def test_deadline_set_computes_and_audits(owner, make_user):
    officer = make_user("officer")
    row = deadline_set(
        owner=owner,
        key="hearing_request",
        label="听证申请期限",
        start=D(2026, 9, 29),
        length=5,
        kind="working",
        rule="penalty_law_85",
        citation="《行政处罚法》第八十五条",
        responsible=officer,
        actor=officer,
    )
    assert row.due == D(2026, 10, 12)
    assert row.provisional is False
    assert row.status == Deadline.Status.OPEN
    assert row.unit == officer.staff.unit  # defaults to the responsible officer's unit
    assert row.owner == owner
    event = Event.objects.filter(action="workdays.deadline_set").latest("seq")
    assert event.object_id == str(row.pk)
    assert payload(event)["due"] == "2026-10-12"
    assert "2026-10-12" in row.explanation


def test_deadline_set_replaces_the_open_one(owner, make_user):
    officer = make_user("officer")
    first = deadline_set(
        owner=owner,
        key="seizure",
        label="扣押期限",
        start=D(2026, 3, 2),
        length=30,
        kind="calendar",
        actor=officer,
    )
    extended = deadline_set(
        owner=owner,
        key="seizure",
        label="扣押期限（延长）",
        start=D(2026, 3, 2),
        length=60,
        kind="calendar",
        actor=officer,
    )
    assert extended.pk == first.pk
    assert extended.due == D(2026, 5, 6)  # 1 May is a holiday week: 60 days → Fri 1 May → Wed 6 May
    assert extended.rolled_from == D(2026, 5, 1)
    assert Deadline.objects.filter(owner_id=owner.pk, key="seizure").count() == 1
    assert (
        payload(Event.objects.filter(action="workdays.deadline_set").latest("seq"))["replaced_due"]
        == "2026-04-01"
    )


def test_one_open_deadline_per_owner_and_key_is_a_database_constraint(owner, make_user):
    officer = make_user("officer")
    row = deadline_set(
        owner=owner, key="k", label="x", start=D(2026, 3, 2), length=5, kind="working", actor=officer
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.create(
            owner_type=row.owner_type,
            owner_id=row.owner_id,
            key="k",
            label="y",
            kind="working",
            start=row.start,
            length=5,
            due=row.due,
        )


def test_meet_and_cancel(owner, make_user):
    officer = make_user("officer")
    deadline_set(
        owner=owner, key="a", label="a", start=D(2026, 3, 2), length=5, kind="working", actor=officer
    )
    deadline_set(
        owner=owner, key="b", label="b", start=D(2026, 3, 2), length=5, kind="working", actor=officer
    )
    met = deadline_meet(owner=owner, key="a", actor=officer, at=dt.datetime(2026, 3, 9, 10, tzinfo=SH))
    assert met.status == Deadline.Status.MET
    assert met.met_late is False
    assert deadline_meet(owner=owner, key="a", actor=officer) is None  # nothing open any more
    cancelled = deadline_cancel(owner=owner, key="b", actor=officer, reason="撤案")
    assert cancelled.status == Deadline.Status.CANCELLED
    assert cancelled.closed_note == "撤案"
    assert Event.objects.filter(action="workdays.deadline_meet").count() == 1
    assert Event.objects.filter(action="workdays.deadline_cancel").count() == 1
    # a new deadline with the same key may be opened after the old one closed
    again = deadline_set(
        owner=owner, key="a", label="a", start=D(2026, 4, 1), length=5, kind="working", actor=officer
    )
    assert again.pk != met.pk


def test_met_late_on_the_day_after_due(owner, make_user):
    officer = make_user("officer")
    deadline_set(
        owner=owner, key="a", label="a", start=D(2026, 9, 29), length=5, kind="working", actor=officer
    )
    on_time = deadline_meet(
        owner=owner, key="a", actor=officer, at=dt.datetime(2026, 10, 12, 23, 59, tzinfo=SH)
    )
    assert on_time.met_late is False
    deadline_set(
        owner=owner, key="b", label="b", start=D(2026, 9, 29), length=5, kind="working", actor=officer
    )
    late = deadline_meet(owner=owner, key="b", actor=officer, at=dt.datetime(2026, 10, 13, 0, 1, tzinfo=SH))
    assert late.met_late is True


def test_cancel_all(owner, make_user):
    officer = make_user("officer")
    for key in ("a", "b", "c"):
        deadline_set(
            owner=owner, key=key, label=key, start=D(2026, 3, 2), length=5, kind="working", actor=officer
        )
    assert len(deadlines_cancel_all(owner=owner, actor=officer, reason="结案")) == 3
    assert not Deadline.objects.filter(status="open").exists()


def test_hours_deadline(owner, make_user):
    officer = make_user("officer")
    start = dt.datetime(2026, 9, 30, 22, 30, tzinfo=SH)
    row = deadline_set(
        owner=owner,
        key="emergency_report",
        label="当场强制措施报告",
        start=start,
        length=24,
        kind="hours",
        citation="《行政强制法》第十九条",
        actor=officer,
    )
    assert row.due_at == start + dt.timedelta(hours=24)
    assert row.due == D(2026, 10, 1)
    assert row.start == D(2026, 9, 30)
    with pytest.raises(ValueError):
        deadline_set(
            owner=owner, key="x", label="x", start=D(2026, 9, 30), length=24, kind="hours", actor=officer
        )


def test_bad_kind_and_length_are_programming_errors(owner, make_user):
    officer = make_user("officer")
    with pytest.raises(ValueError):
        deadline_set(
            owner=owner, key="x", label="x", start=D(2026, 9, 30), length=5, kind="weeks", actor=officer
        )
    with pytest.raises(ValueError):
        deadline_set(
            owner=owner, key="x", label="x", start=D(2026, 9, 30), length=-1, kind="working", actor=officer
        )


# --- entering a year -------------------------------------------------------------------------------


def test_administrator_enters_2027_and_open_deadlines_are_recomputed(owner, make_user, sysadmin):
    officer = make_user("officer")
    # 5 working days from Wed 29 Sep 2027: provisional (weekends only) → Wed 6 Oct 2027
    row = deadline_set(
        owner=owner,
        key="hearing_request",
        label="听证申请期限",
        start=D(2027, 9, 29),
        length=5,
        kind="working",
        responsible=officer,
        actor=officer,
    )
    untouched = deadline_set(
        owner=owner,
        key="in_2026",
        label="2026",
        start=D(2026, 11, 2),
        length=5,
        kind="working",
        actor=officer,
    )
    assert row.provisional is True
    assert row.due == D(2027, 10, 6)

    calendar_year_set(year=2027, holidays=HOLIDAYS_2027, makeup_workdays=MAKEUP_2027, actor=sysadmin)

    row.refresh_from_db()
    assert row.provisional is False
    # 30 Sep, Fri 8 Oct, Sat 9 Oct (make-up), Mon 11, Tue 12 Oct
    assert row.due == D(2027, 10, 12)
    assert not calendar.is_provisional_year(2027)
    year = CalendarYear.objects.get(year=2027)
    assert (year.status, year.source, year.entered_by) == ("official", "administrator", sysadmin)
    event = Event.objects.filter(action="workdays.deadlines_recompute").latest("seq")
    assert payload(event)["changes"] == [[row.pk, "2027-10-06", "2027-10-12"]]
    assert Event.objects.filter(action="workdays.calendar_year_set").exists()
    untouched_before = untouched.updated_at
    untouched.refresh_from_db()
    assert untouched.updated_at == untouched_before


def test_correcting_a_year_replaces_its_days(sysadmin):
    calendar_year_set(year=2027, holidays=HOLIDAYS_2027, makeup_workdays=MAKEUP_2027, actor=sysadmin)
    calendar_year_set(year=2027, holidays=[D(2027, 1, 1)], makeup_workdays=[], actor=sysadmin)
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [D(2027, 1, 1)]
    assert calendar.is_workday(D(2027, 10, 4))


def test_only_the_system_administrator_enters_a_year(make_user):
    for role in ("officer", "leader", "security_admin"):
        with pytest.raises(PermissionDeniedError):
            calendar_year_set(year=2027, holidays={}, makeup_workdays={}, actor=make_user(role))
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_makeup_workday_must_be_a_weekend(sysadmin):
    with pytest.raises(RuleViolation) as caught:
        calendar_year_set(year=2027, holidays={}, makeup_workdays={D(2027, 10, 8): "国庆节"}, actor=sysadmin)
    assert caught.value.code == "makeup_not_weekend"
    # Saturday 9 Oct 2027 is accepted (the other side of the boundary)
    calendar_year_set(year=2027, holidays={}, makeup_workdays={D(2027, 10, 9): "国庆节"}, actor=sysadmin)


def test_year_rules(sysadmin):
    with pytest.raises(RuleViolation) as caught:
        calendar_year_set(year=2027, holidays={D(2028, 1, 1): "元旦"}, makeup_workdays={}, actor=sysadmin)
    assert caught.value.code == "day_outside_year"
    with pytest.raises(RuleViolation) as caught:
        calendar_year_set(
            year=2027, holidays=[D(2027, 10, 9)], makeup_workdays=[D(2027, 10, 9)], actor=sysadmin
        )
    assert caught.value.code == "day_both_kinds"
    with pytest.raises(RuleViolation) as caught:
        calendar_year_set(year=1800, holidays={}, makeup_workdays={}, actor=sysadmin)
    assert caught.value.code == "year_out_of_range"
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_policy_change_recomputes_calendar_deadlines_that_follow_it(owner, make_user, sysadmin):
    officer = make_user("officer")
    follows = deadline_set(
        owner=owner,
        key="pay",
        label="缴纳罚款",
        start=D(2026, 9, 18),
        length=15,
        kind="calendar",
        actor=officer,
    )
    fixed = deadline_set(
        owner=owner,
        key="fixed",
        label="fixed",
        start=D(2026, 9, 18),
        length=15,
        kind="calendar",
        roll_forward=True,
        actor=officer,
    )
    assert follows.due == D(2026, 10, 8)
    calendar_policy_set(roll_forward_calendar_periods=False, actor=sysadmin)
    follows.refresh_from_db()
    fixed.refresh_from_db()
    assert follows.due == D(2026, 10, 3)
    assert follows.rolled_from is None
    assert fixed.due == D(2026, 10, 8)
    with pytest.raises(PermissionDeniedError):
        calendar_policy_set(roll_forward_calendar_periods=True, actor=officer)
    with pytest.raises(RuleViolation):
        calendar_policy_set(roll_forward_calendar_periods=True, due_soon_working_days=31, actor=sysadmin)


def test_seed_from_package_keeps_administrator_years_and_is_idempotent(sysadmin):
    assert calendar_seed_from_package() == []
    calendar_year_set(year=2025, holidays=[D(2025, 1, 1)], makeup_workdays=[], actor=sysadmin)
    assert calendar_seed_from_package() == []
    assert CalendarDay.objects.filter(date__year=2025).count() == 1
    # a package year whose rows were lost is restored
    CalendarDay.objects.filter(date__year=2024).delete()
    assert calendar_seed_from_package() == [2024]
    assert not calendar.is_workday(D(2024, 10, 1))
