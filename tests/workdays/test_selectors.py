"""Deadline boards: mine, my squad's, bureau-wide; overdue first; due soon; query counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sunshine.workdays import selectors
from sunshine.workdays.services import deadline_set

pytestmark = pytest.mark.django_db
D = dt.date
SH = ZoneInfo("Asia/Shanghai")


def _set(owner, key, start, length, user, kind="working", **extra):
    return deadline_set(
        owner=owner,
        key=key,
        label=key,
        start=start,
        length=length,
        kind=kind,
        responsible=user,
        actor=user,
        **extra,
    )


@pytest.fixture
def frozen_today(monkeypatch):
    """Pretend today is Fri 9 Oct 2026 (the day after National Day week; Sat 10 Oct is a make-up day)."""
    now = dt.datetime(2026, 10, 9, 10, 0, tzinfo=SH)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now


def test_board_orders_overdue_first_and_flags_due_soon(bureau, make_user, frozen_today):
    officer = make_user("officer")
    owner = bureau["squad1"]
    later = _set(owner, "later", D(2026, 10, 9), 10, officer)  # Thu 22 Oct (Sat 10 Oct counts)
    overdue = _set(owner, "overdue", D(2026, 9, 28), 2, officer)  # Wed 30 Sep: past
    today = _set(owner, "today", D(2026, 10, 8), 1, officer)  # Fri 9 Oct: due today, not overdue
    soon_edge = _set(owner, "soon_edge", D(2026, 10, 9), 2, officer)  # Mon 12 Oct = today + 2 working days
    beyond = _set(owner, "beyond", D(2026, 10, 9), 3, officer)  # Tue 13 Oct: not due soon
    rows = list(selectors.deadline_board(officer))
    assert [r.key for r in rows] == ["overdue", "today", "soon_edge", "beyond", "later"]
    states = {r.key: selectors.state_of(r) for r in rows}
    assert states == {
        "overdue": "overdue",
        "today": "due_soon",
        "soon_edge": "due_soon",
        "beyond": "ok",
        "later": "ok",
    }
    assert (overdue.due, today.due, soon_edge.due, beyond.due, later.due) == (
        D(2026, 9, 30),
        D(2026, 10, 9),
        D(2026, 10, 12),
        D(2026, 10, 13),
        D(2026, 10, 22),
    )
    assert selectors.deadline_counts(officer) == {"open": 5, "overdue": 1, "due_soon": 2}


def test_hours_deadline_overdue_by_the_minute(bureau, make_user, frozen_today):
    officer = make_user("officer")
    owner = bureau["squad1"]
    _set(owner, "past", frozen_today - dt.timedelta(hours=25), 24, officer, kind="hours")
    _set(owner, "future", frozen_today - dt.timedelta(hours=23), 24, officer, kind="hours")
    states = {r.key: selectors.state_of(r) for r in selectors.deadline_board(officer)}
    assert states == {"past": "overdue", "future": "due_soon"}


def test_closed_deadlines_leave_the_board(bureau, make_user):
    from sunshine.workdays.services import deadline_meet

    officer = make_user("officer")
    _set(bureau["squad1"], "a", D(2026, 10, 9), 5, officer)
    deadline_meet(owner=bureau["squad1"], key="a", actor=officer)
    assert list(selectors.deadline_board(officer)) == []


def test_squad_board_scope(bureau, make_user):
    officer1 = make_user("officer", unit="squad1", username="o1")
    officer2 = make_user("officer", unit="squad2", username="o2")
    leader = make_user("leader")
    _set(bureau["squad1"], "s1", D(2026, 10, 9), 5, officer1)
    _set(bureau["squad2"], "s2", D(2026, 10, 9), 5, officer2)
    assert [r.key for r in selectors.deadline_board_for_unit(officer1)] == ["s1"]
    assert [r.key for r in selectors.deadline_board_for_unit(officer1, bureau["squad1"])] == ["s1"]
    with pytest.raises(Http404):
        selectors.deadline_board_for_unit(officer1, bureau["squad2"])
    # bureau-wide roles: any unit, and a parent unit includes its sub-units
    assert [r.key for r in selectors.deadline_board_for_unit(leader, bureau["squad2"])] == ["s2"]
    assert sorted(r.key for r in selectors.deadline_board_for_unit(leader, bureau["brigade"])) == ["s1", "s2"]
    # someone else's own board never shows my deadlines
    assert [r.key for r in selectors.deadline_board(officer2)] == ["s2"]


def test_board_query_count_does_not_grow(bureau, make_user):
    officer = make_user("officer")
    for i in range(3):
        _set(bureau["squad1"], f"k{i}", D(2026, 10, 9), 5, officer)
    selectors.deadline_board(officer)  # warm the calendar cache

    def run():
        with CaptureQueriesContext(connection) as ctx:
            rows = list(selectors.deadline_board(officer))
            for row in rows:
                str(row.owner), row.explanation, str(row.responsible), row.unit
        return len(ctx.captured_queries)

    small = run()
    for i in range(3, 30):
        _set(bureau["squad1"], f"k{i}", D(2026, 10, 9), 5, officer)
    assert run() == small <= 3


def test_work_cards(bureau, make_user, rf, frozen_today):
    from sunshine.workdays.work import cards

    officer = make_user("officer")
    _set(bureau["squad1"], "overdue", D(2026, 9, 28), 2, officer)
    request = rf.get("/work/")
    request.user = officer
    got = cards(request)
    assert [c["value"] for c in got] == [1, 0]
    assert got[0]["variant"] == "danger"
    request.user = make_user("auxiliary")
    assert cards(request) == []


def test_month_grid_marks_national_day():
    weeks = selectors.month_grid(2026, 10)
    days = {d.date: d for week in weeks for d in week if d}
    assert len(days) == 31
    assert days[D(2026, 10, 1)].kind == "holiday"
    assert days[D(2026, 10, 10)].kind == "makeup"
    assert weeks[0][0] is None  # 1 Oct 2026 is a Thursday: the first week starts in September
