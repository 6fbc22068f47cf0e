"""Properties of the working-day count, checked by hypothesis over 2004–2030."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunshine.workdays.calendar import add_calendar_days, add_working_days, is_workday, working_days_between

pytestmark = pytest.mark.django_db
PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
starts = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=400)


def count_forward(start: dt.date, n: int) -> dt.date:
    """The definition: step one day at a time, counting the working days."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


@PROPERTY
@given(start=starts, a=counts, b=counts)
def test_monotonic_in_n(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low) <= add_working_days(start, high)
    if low < high:
        assert add_working_days(start, low) < add_working_days(start, high)


@PROPERTY
@given(start=starts, n=st.integers(min_value=1, max_value=400))
def test_result_is_a_working_day(start, n):
    assert is_workday(add_working_days(start, n))


@PROPERTY
@given(start=starts, n=st.integers(min_value=0, max_value=60))
def test_equals_counting_day_by_day(start, n):
    due = add_working_days(start, n)
    assert due == count_forward(start, n)
    assert working_days_between(start, due) == n


@PROPERTY
@given(start=starts, n=st.integers(min_value=1, max_value=120))
def test_calendar_roll_forward_lands_on_first_working_day_at_or_after_the_last_day(start, n):
    last = start + dt.timedelta(days=n)
    due = add_calendar_days(start, n, roll_forward=True)
    assert is_workday(due)
    assert due >= last
    assert all(not is_workday(last + dt.timedelta(days=i)) for i in range((due - last).days))
    assert add_calendar_days(start, n, roll_forward=False) == last
