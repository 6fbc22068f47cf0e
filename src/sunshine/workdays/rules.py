"""How a statutory period is counted: working days or calendar days.

Pure functions; each cites its article. :func:`statutory_period_kind` is re-exported by
:mod:`sunshine.workdays.calendar`, which is where other apps import it from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

WORKING = "working"
CALENDAR = "calendar"
HOURS = "hours"
KINDS = (WORKING, CALENDAR, HOURS)


class Law:
    """The laws whose own article says which of their periods are working days."""

    PENALTY = "penalty"  # 《行政处罚法》
    COMPULSION = "compulsion"  # 《行政强制法》
    RECONSIDERATION = "reconsideration"  # 《行政复议法》
    ALL = (PENALTY, COMPULSION, RECONSIDERATION)


CITATION_PENALTY_85 = _("Administrative Penalty Law, Article 85")
CITATION_COMPULSION_69 = _("Administrative Compulsion Law, Article 69")
CITATION_RECONSIDERATION_88 = _("Administrative Reconsideration Law, Article 88")
# Applied to administrative reconsideration by 《行政复议法》第八十八条 and to litigation by
# 《行政诉讼法》第一百零一条: a period whose last day is a holiday ends on the next working day.
CITATION_ROLL_FORWARD = _("Civil Procedure Law, Article 85; Administrative Reconsideration Law, Article 88")

# 《行政处罚法》第八十五条：本法中"二日""三日""五日""七日"的规定是指工作日，不含法定节假日。
PENALTY_WORKING_PERIODS = frozenset({2, 3, 5, 7})
# 《行政复议法》第八十八条第二款：本法关于行政复议期间有关"三日"、"五日"、"七日"、"十日"的规定是指工作日。
RECONSIDERATION_WORKING_PERIODS = frozenset({3, 5, 7, 10})
# 《行政强制法》第六十九条：本法中十日以内期限的规定是指工作日，不含法定节假日。
COMPULSION_WORKING_LIMIT = 10


@dataclass(frozen=True)
class PeriodRule:
    """How a period of ``days`` under a law is counted, and the article that says so."""

    days: int
    kind: str
    rule: str
    citation: Any  # a lazy translatable string


def statutory_period_kind(days: int, law: str) -> PeriodRule:
    """Whether a statutory period of ``days`` days under ``law`` counts working or calendar days.

    - ``Law.PENALTY`` — 《行政处罚法》第八十五条: the law's 二日、三日、五日、七日 are working days
      (excluding statutory holidays); its longer periods (十五日, 九十日, …) are calendar days.
    - ``Law.COMPULSION`` — 《行政强制法》第六十九条: periods of ten days or less are working days;
      longer ones (三十日, …) are calendar days.
    - ``Law.RECONSIDERATION`` — 《行政复议法》第八十八条: 三日、五日、七日、十日 are working days.

    An unknown law or a negative number of days raises :class:`RuleViolation`.
    """
    if days < 0:
        raise RuleViolation(
            "period_negative", _("A period cannot be negative."), CITATION_PENALTY_85, field="days"
        )
    if law == Law.PENALTY:
        kind = WORKING if days in PENALTY_WORKING_PERIODS else CALENDAR
        return PeriodRule(days, kind, "penalty_law_85", CITATION_PENALTY_85)
    if law == Law.COMPULSION:
        kind = WORKING if 0 < days <= COMPULSION_WORKING_LIMIT else CALENDAR
        return PeriodRule(days, kind, "compulsion_law_69", CITATION_COMPULSION_69)
    if law == Law.RECONSIDERATION:
        kind = WORKING if days in RECONSIDERATION_WORKING_PERIODS else CALENDAR
        return PeriodRule(days, kind, "reconsideration_law_88", CITATION_RECONSIDERATION_88)
    raise RuleViolation("period_unknown_law", _("Unknown law for counting a period."), "", field="law")


def check_makeup_workday(weekday: int, date_text: str) -> None:
    """A make-up workday (调休上班日) moves work onto a rest day, so it falls on a Saturday or Sunday.

    Per the State Council's yearly notice on holiday arrangements (国务院办公厅关于部分节假日安排的通知).
    """
    if weekday < 5:
        raise RuleViolation(
            "makeup_not_weekend",
            _("%(date)s is a weekday; a make-up workday is always a Saturday or Sunday.")
            % {"date": date_text},
            _("State Council notice on holiday arrangements"),
            field="makeup_workdays",
        )
