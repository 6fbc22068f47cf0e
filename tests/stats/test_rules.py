"""The reporting rules, each on both sides of its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.errors import RuleViolation
from sunshine.stats import rules


def test_quarter_bounds():
    assert rules.quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert rules.quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    with pytest.raises(RuleViolation):
        rules.quarter_bounds(2026, 5)


def test_seed_001_submission_window_opens_on_the_quarters_last_week():
    """Seed 001 (统计报送制度): 每季度最后一周 — Q3 2026's last week is 24-30 September."""
    with pytest.raises(RuleViolation) as exc:
        rules.check_submission(year=2026, quarter=3, today=dt.date(2026, 9, 23))
    assert exc.value.code == "stats.submission_too_early"
    assert "每季度最后一周" in str(exc.value.citation)
    assert rules.check_submission(year=2026, quarter=3, today=dt.date(2026, 9, 24)) is False


def test_seed_001_submission_after_the_quarter_is_late_and_needs_a_reason():
    assert rules.check_submission(year=2026, quarter=3, today=dt.date(2026, 9, 30)) is False
    with pytest.raises(RuleViolation) as exc:
        rules.check_submission(year=2026, quarter=3, today=dt.date(2026, 10, 1))
    assert exc.value.code == "stats.submission_late"
    assert (
        rules.check_submission(year=2026, quarter=3, today=dt.date(2026, 10, 1), late_reason="系统故障")
        is True
    )


def test_q4_window_is_the_last_seven_days_of_december():
    assert rules.submission_window(2026, 4) == (dt.date(2026, 12, 25), dt.date(2026, 12, 31))
    assert rules.submission_window(2026, 1) == (dt.date(2026, 3, 25), dt.date(2026, 3, 31))


def test_state_council_118_annual_report_by_31_january():
    """国办发〔2018〕118号: the annual figures are published by 31 January of the next year."""
    with pytest.raises(RuleViolation) as exc:
        rules.check_annual_publication(year=2026, today=dt.date(2026, 12, 31))
    assert exc.value.code == "stats.year_not_over"
    assert rules.check_annual_publication(year=2026, today=dt.date(2027, 1, 1)) is False
    assert rules.check_annual_publication(year=2026, today=dt.date(2027, 1, 31)) is False
    assert rules.check_annual_publication(year=2026, today=dt.date(2027, 2, 1)) is True


def test_return_needs_comments():
    with pytest.raises(RuleViolation):
        rules.check_return_comments(comments="  ")
    rules.check_return_comments(comments="请补充")
