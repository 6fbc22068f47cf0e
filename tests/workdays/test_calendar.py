"""The calendar and the counting of days (LEGAL.md "Counting days")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from sunshine.core.errors import RuleViolation
from sunshine.workdays import calendar
from sunshine.workdays.calendar import (
    Law,
    add_calendar_days,
    add_hours,
    add_working_days,
    compute,
    is_workday,
    statutory_deadline,
    statutory_period_kind,
    working_days_between,
)

pytestmark = pytest.mark.django_db
D = dt.date
SH = ZoneInfo("Asia/Shanghai")


def span(first, last):
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


# LEGAL.md: the State Council's 2026 notice, every day of it.
HOLIDAYS_2026 = [
    *span(D(2026, 1, 1), D(2026, 1, 3)),
    *span(D(2026, 2, 15), D(2026, 2, 23)),
    *span(D(2026, 4, 4), D(2026, 4, 6)),
    *span(D(2026, 5, 1), D(2026, 5, 5)),
    *span(D(2026, 6, 19), D(2026, 6, 21)),
    *span(D(2026, 9, 25), D(2026, 9, 27)),
    *span(D(2026, 10, 1), D(2026, 10, 7)),
]
MAKEUP_2026 = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]


def weekends_only_add(start, n):
    """What a calendar that skips only Saturdays and Sundays says (the common, wrong answer)."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


@pytest.mark.parametrize("day", HOLIDAYS_2026, ids=str)
def test_every_2026_holiday_is_a_rest_day(day):
    info = calendar.day_info(day)
    assert info.kind == "holiday"
    assert info.is_workday is False
    assert is_workday(day) is False


@pytest.mark.parametrize("day", MAKEUP_2026, ids=str)
def test_every_2026_makeup_day_is_a_working_day(day):
    assert day.weekday() >= 5
    assert calendar.day_info(day).kind == "makeup"
    assert is_workday(day) is True
    # counting one working day from the day before lands on the make-up day itself
    assert add_working_days(day - dt.timedelta(days=1), 1) == day


def test_2026_has_exactly_the_notice_exceptions():
    days = calendar.year_days(2026)
    assert [d.date for d in days if d.kind == "holiday"] == HOLIDAYS_2026
    assert [d.date for d in days if d.kind == "makeup"] == MAKEUP_2026
    # 261 weekdays, 19 of them holidays, plus 6 make-up Saturdays and Sundays
    assert sum(d.is_workday for d in days) == 261 - 19 + 6
    assert not calendar.is_provisional_year(2026)


def test_2026_holiday_names():
    assert calendar.day_info(D(2026, 10, 1)).name == "国庆节"
    assert calendar.day_info(D(2026, 2, 15)).name == "春节"
    assert calendar.day_info(D(2026, 10, 10)).name == "国庆节"


def test_hearing_request_after_notice_on_29_september_2026():
    """《行政处罚法》第六十四条 with 第八十五条: a notice served Tue 29 Sep 2026 leaves until Mon 12 Oct
    to request a hearing (5 working days); skipping only weekends would wrongly say Tue 6 Oct."""
    served = D(2026, 9, 29)
    assert served.weekday() == 1
    assert add_working_days(served, 5) == D(2026, 10, 12)
    assert weekends_only_add(served, 5) == D(2026, 10, 6)
    result = statutory_deadline(served, 5, Law.PENALTY)
    assert result.kind == "working"
    assert result.due == D(2026, 10, 12)
    assert result.provisional is False


def test_hearing_request_boundary_day_before_and_day_of():
    """The last day (12 Oct) is in time; the count reaches it only on the 5th working day."""
    served = D(2026, 9, 29)
    assert add_working_days(served, 4) == D(2026, 10, 10)  # Saturday 10 Oct, a make-up workday
    assert add_working_days(served, 5) == D(2026, 10, 12)
    assert working_days_between(served, D(2026, 10, 11)) == 4
    assert working_days_between(served, D(2026, 10, 12)) == 5


def test_explanation_in_chinese():
    with translation.override("zh-hans"):
        text = statutory_deadline(D(2026, 9, 29), 5, Law.PENALTY).explanation
    assert (
        text
        == "自2026-09-29起5个工作日（不含法定节假日，含调休上班日），依据《行政处罚法》第八十五条：2026-10-12"
    )


def test_explanation_in_english():
    with translation.override("en"):
        text = statutory_deadline(D(2026, 9, 29), 5, Law.PENALTY).explanation
    assert text == (
        "5 working days from 2026-09-29 (statutory holidays excluded, make-up workdays included), "
        "under Administrative Penalty Law, Article 85: 2026-10-12"
    )


def test_start_day_not_counted():
    assert add_working_days(D(2026, 11, 2), 1) == D(2026, 11, 3)
    assert add_working_days(D(2026, 11, 2), 0) == D(2026, 11, 2)
    assert add_calendar_days(D(2026, 11, 2), 1) == D(2026, 11, 3)


def test_working_days_skip_spring_festival_and_count_its_makeup_saturdays():
    # Fri 13 Feb 2026 + 1 → Sat 14 Feb (make-up); + 2 → Tue 24 Feb (15–23 Feb off, 24 Feb back)
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    # Fri 27 Feb + 1 → Sat 28 Feb (make-up); + 2 → Mon 2 Mar
    assert add_working_days(D(2026, 2, 27), 1) == D(2026, 2, 28)
    assert add_working_days(D(2026, 2, 27), 2) == D(2026, 3, 2)


def test_working_days_across_new_year_2026():
    # Wed 31 Dec 2025 + 1 → Sun 4 Jan 2026, a make-up workday after 元旦 1–3 Jan
    assert add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert add_working_days(D(2025, 12, 31), 2) == D(2026, 1, 5)


@pytest.mark.parametrize(
    ("holiday_first", "holiday_last"),
    [
        (D(2026, 4, 4), D(2026, 4, 6)),
        (D(2026, 5, 1), D(2026, 5, 5)),
        (D(2026, 6, 19), D(2026, 6, 21)),
        (D(2026, 9, 25), D(2026, 9, 27)),
        (D(2026, 10, 1), D(2026, 10, 7)),
    ],
)
def test_day_before_and_day_after_each_holiday_block(holiday_first, holiday_last):
    before = holiday_first - dt.timedelta(days=1)
    after = holiday_last + dt.timedelta(days=1)
    assert not is_workday(holiday_first) and not is_workday(holiday_last)
    # one working day from the last working day before the block lands after the block
    last_before = before
    while not is_workday(last_before):
        last_before -= dt.timedelta(days=1)
    first_after = after
    while not is_workday(first_after):
        first_after += dt.timedelta(days=1)
    assert add_working_days(last_before, 1) == first_after
    assert working_days_between(last_before, holiday_last) == 0


# --- statutory periods: which count working days --------------------------------------------------


@pytest.mark.parametrize(
    ("days", "kind"),
    [
        (2, "working"),
        (3, "working"),
        (5, "working"),
        (7, "working"),
        (10, "calendar"),
        (15, "calendar"),
        (90, "calendar"),
        (1, "calendar"),
    ],
)
def test_penalty_law_article_85(days, kind):
    """《行政处罚法》第八十五条: 二日、三日、五日、七日 are working days; 15 and 90 days are calendar days."""
    rule = statutory_period_kind(days, Law.PENALTY)
    assert rule.kind == kind
    assert rule.rule == "penalty_law_85"
    with translation.override("zh-hans"):
        assert str(rule.citation) == "《行政处罚法》第八十五条"


@pytest.mark.parametrize(
    ("days", "kind"), [(1, "working"), (9, "working"), (10, "working"), (11, "calendar"), (30, "calendar")]
)
def test_compulsion_law_article_69_boundary_at_ten_days(days, kind):
    """《行政强制法》第六十九条: periods of ten days or less are working days (10 yes, 11 no)."""
    rule = statutory_period_kind(days, Law.COMPULSION)
    assert rule.kind == kind
    with translation.override("zh-hans"):
        assert str(rule.citation) == "《行政强制法》第六十九条"


@pytest.mark.parametrize(
    ("days", "kind"), [(3, "working"), (10, "working"), (15, "calendar"), (60, "calendar")]
)
def test_reconsideration_law_article_88(days, kind):
    """《行政复议法》第八十八条: 三日、五日、七日、十日 are working days."""
    assert statutory_period_kind(days, Law.RECONSIDERATION).kind == kind


def test_statutory_period_refuses_unknown_law_and_negative_days():
    with pytest.raises(RuleViolation) as caught:
        statutory_period_kind(5, "traffic")
    assert caught.value.code == "period_unknown_law"
    with pytest.raises(RuleViolation):
        statutory_period_kind(-1, Law.PENALTY)


def test_compulsion_ten_days_cross_national_day():
    """A 10-day compulsion period from Mon 28 Sep 2026 counts working days: Fri 16 Oct
    (29, 30 Sep; 8, 9, Sat 10, 12–16 Oct)."""
    result = statutory_deadline(D(2026, 9, 28), 10, Law.COMPULSION)
    assert result.kind == "working"
    assert result.due == D(2026, 10, 16)
    # an 11-day period is counted in calendar days: Fri 9 Oct
    assert statutory_deadline(D(2026, 9, 28), 11, Law.COMPULSION).due == D(2026, 10, 9)


# --- calendar days and rolling forward ---------------------------------------------------------------


def test_fifteen_calendar_days_ending_on_a_holiday_roll_forward():
    """15-day payment period (《行政处罚法》第六十七条) from Fri 18 Sep 2026 ends Sat 3 Oct, a holiday:
    rolled to Thu 8 Oct, the first working day after National Day."""
    result = statutory_deadline(D(2026, 9, 18), 15, Law.PENALTY)
    assert result.kind == "calendar"
    assert result.due == D(2026, 10, 8)
    assert result.rolled_from == D(2026, 10, 3)
    assert add_calendar_days(D(2026, 9, 18), 15) == D(2026, 10, 8)


def test_roll_forward_setting_off():
    assert add_calendar_days(D(2026, 9, 18), 15, roll_forward=False) == D(2026, 10, 3)
    result = compute(D(2026, 9, 18), 15, "calendar", roll_forward=False)
    assert result.due == D(2026, 10, 3)
    assert result.rolled_from is None


def test_roll_forward_follows_policy(sysadmin):
    from sunshine.workdays.services import calendar_policy_set

    calendar_policy_set(roll_forward_calendar_periods=False, actor=sysadmin)
    assert add_calendar_days(D(2026, 9, 18), 15) == D(2026, 10, 3)
    calendar_policy_set(roll_forward_calendar_periods=True, actor=sysadmin)
    assert add_calendar_days(D(2026, 9, 18), 15) == D(2026, 10, 8)


def test_calendar_period_boundary_working_day_does_not_roll():
    # ends Fri 9 Oct 2026 — a working day: no roll; one day later ends Sat 10 Oct, a make-up workday: no roll
    assert add_calendar_days(D(2026, 9, 24), 15) == D(2026, 10, 9)
    assert add_calendar_days(D(2026, 9, 25), 15) == D(2026, 10, 10)
    # ends Sun 11 Oct: rolls to Mon 12 Oct
    assert add_calendar_days(D(2026, 9, 26), 15) == D(2026, 10, 12)


def test_ordinary_weekend_end_rolls_to_monday():
    assert add_calendar_days(D(2026, 11, 6), 15) == D(2026, 11, 23)  # Sat 21 Nov → Mon 23 Nov
    assert add_calendar_days(D(2026, 11, 6), 15, roll_forward=False) == D(2026, 11, 21)


# --- provisional years ----------------------------------------------------------------------------


def test_2027_is_provisional_weekends_only():
    assert calendar.is_provisional_year(2027)
    assert calendar.day_info(D(2027, 1, 1)).kind == "workday"  # unknown yet: a Friday counts
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    result = compute(D(2026, 12, 28), 5, "working")
    assert result.due == D(2027, 1, 4)
    assert result.provisional is True
    with translation.override("en"):
        assert "provisional" in result.explanation


def test_computation_inside_an_official_year_is_not_provisional():
    assert compute(D(2026, 12, 1), 5, "working").provisional is False
    assert compute(D(2026, 12, 1), 15, "calendar").provisional is False


def test_calendar_days_without_rolling_never_provisional():
    assert compute(D(2026, 12, 28), 15, "calendar", roll_forward=False).provisional is False
    assert compute(D(2026, 12, 28), 15, "calendar", roll_forward=True).provisional is True


# --- hours -----------------------------------------------------------------------------------------


def test_add_hours_runs_through_the_holiday():
    start = dt.datetime(2026, 9, 30, 16, 0, tzinfo=SH)
    due = add_hours(start, 24)
    assert timezone.localtime(due) == dt.datetime(2026, 10, 1, 16, 0, tzinfo=SH)
    result = compute(start, 24, "hours", citation="《行政强制法》第十九条")
    assert result.due == due
    with translation.override("zh-hans"):
        assert (
            result.explanation == "自2026-09-30 16:00起24小时，依据《行政强制法》第十九条：2026-10-01 16:00"
        )


def test_add_hours_refuses_naive_time_and_negative_hours():
    with pytest.raises(ValueError):
        add_hours(dt.datetime(2026, 9, 30, 16, 0), 24)  # noqa: DTZ001 - the naive time is the point
    with pytest.raises(ValueError):
        add_hours(timezone.now(), -1)


def test_negative_counts_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)
    with pytest.raises(ValueError):
        add_calendar_days(D(2026, 1, 5), -1)


def test_long_counts_cross_several_years():
    # 1,000 working days from 2024-01-01 run through official 2024–2026 and provisional 2027–2028
    result = compute(D(2024, 1, 1), 1000, "working")
    assert result.provisional is True
    assert working_days_between(D(2024, 1, 1), result.due) == 1000
    assert is_workday(result.due)


def test_cache_reloads_after_invalidate(sysadmin):
    from sunshine.workdays.services import calendar_year_set

    assert is_workday(D(2027, 10, 1))
    calendar_year_set(year=2027, holidays={D(2027, 10, 1): "国庆节"}, makeup_workdays={}, actor=sysadmin)
    assert not is_workday(D(2027, 10, 1))


def test_statutory_holiday_and_rest_day():
    """For 《行政强制法》第四十三条 (no enforcement on statutory holidays): 3 Oct 2026 (a Saturday inside
    National Day) is a statutory holiday; Sat 17 Oct is only a rest day; Sat 10 Oct is a working day."""
    assert calendar.is_statutory_holiday(D(2026, 10, 3)) and calendar.is_rest_day(D(2026, 10, 3))
    assert not calendar.is_statutory_holiday(D(2026, 10, 17)) and calendar.is_rest_day(D(2026, 10, 17))
    assert not calendar.is_statutory_holiday(D(2026, 10, 10)) and not calendar.is_rest_day(D(2026, 10, 10))
    assert calendar.is_statutory_holiday(D(2026, 10, 7)) and not calendar.is_statutory_holiday(D(2026, 10, 8))
