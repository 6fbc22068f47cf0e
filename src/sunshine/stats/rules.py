"""The rules of statistics reporting, as pure functions with their citations.

Seed 001 (行政执法统计报送制度): 各执法单位应当于每季度最后一周将本季度执法数据报送至局法制宣传监督股;
法制宣传监督股将数据汇总 … 由局办公室 … 向社会公开. 国办发〔2018〕118号: 每年1月31日前公开本机关上年度
行政执法总体情况有关数据.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CITE_QUARTERLY = _(
    "The bureau's work plan for the three enforcement systems, 8 (statistics reporting): each unit reports "
    "its quarter's figures to the legal section in the last week of the quarter"
)
CITE_ANNUAL = _(
    "State Council General Office 2018 No. 118: the previous year's enforcement figures are published "
    "by 31 January"
)
CITE_AGGREGATE = _(
    "The bureau's work plan for the three enforcement systems, 8 (statistics reporting): the legal section "
    "aggregates the units' figures"
)
# The quarter's last week: its last seven calendar days.
LAST_WEEK_DAYS = 7


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``quarter`` (1-4) of ``year``."""
    if quarter not in (1, 2, 3, 4):
        raise RuleViolation("stats.bad_quarter", _("The quarter must be 1, 2, 3 or 4."), CITE_QUARTERLY)
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def submission_window(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The quarter's last week: its last seven days, up to and including the quarter's last day (seed 001)."""
    _first, last = quarter_bounds(year, quarter)
    return last - dt.timedelta(days=LAST_WEEK_DAYS - 1), last


def check_submission(*, year: int, quarter: int, today: dt.date, late_reason: str = "") -> bool:
    """A unit submits its quarter in the quarter's last week (seed 001, 统计报送制度: 每季度最后一周).

    Before the window opens the figures are not the quarter's: refused. After the quarter's last day
    the submission is late: accepted only with the reason stated, and marked late. Returns whether it
    is late.
    """
    opens, closes = submission_window(year, quarter)
    if today < opens:
        raise RuleViolation(
            "stats.submission_too_early",
            _(
                "The figures of %(year)s Q%(quarter)s can be submitted from %(opens)s (the quarter's last "
                "week)."
            )
            % {"year": year, "quarter": quarter, "opens": opens.isoformat()},
            CITE_QUARTERLY,
        )
    if today > closes:
        if not late_reason.strip():
            raise RuleViolation(
                "stats.submission_late",
                _(
                    "The submission of %(year)s Q%(quarter)s was due by %(closes)s; state the reason for "
                    "the late submission."
                )
                % {"year": year, "quarter": quarter, "closes": closes.isoformat()},
                CITE_QUARTERLY,
            )
        return True
    return False


def annual_deadline(year: int) -> dt.date:
    """The annual report of ``year`` is published by 31 January of the next year (国办发〔2018〕118号)."""
    return dt.date(year + 1, 1, 31)


def check_annual_publication(*, year: int, today: dt.date) -> bool:
    """The annual report covers a finished year, so it is published from 1 January of the next year, and
    by 31 January (国办发〔2018〕118号); after that it is still published, marked late. Returns whether
    it is late."""
    if today <= dt.date(year, 12, 31):
        raise RuleViolation(
            "stats.year_not_over",
            _("The annual report of %(year)s can be published only after the year is over.") % {"year": year},
            CITE_ANNUAL,
        )
    return today > annual_deadline(year)


def check_period_over(*, year: int, quarter: int, today: dt.date) -> None:
    """The legal section aggregates a quarter only once it is in its last week or over (seed 001)."""
    opens, _closes = submission_window(year, quarter)
    if today < opens:
        raise RuleViolation(
            "stats.period_not_reported",
            _("%(year)s Q%(quarter)s is not yet in its reporting week.") % {"year": year, "quarter": quarter},
            CITE_AGGREGATE,
        )


def check_all_accepted(*, missing: list[str]) -> None:
    """The legal section aggregates only when every enforcement unit's report is accepted (seed 001)."""
    if missing:
        raise RuleViolation(
            "stats.reports_missing",
            _("These units' reports are not yet accepted: %(units)s.") % {"units": "、".join(missing)},
            CITE_AGGREGATE,
        )


def check_return_comments(*, comments: str) -> None:
    """A report returned by the legal section says what to correct (seed 001: the legal section reviews)."""
    if not comments.strip():
        raise RuleViolation(
            "stats.comments_required",
            _("Say what must be corrected when returning a report."),
            CITE_AGGREGATE,
        )
