"""The disclosure rules, each with its citation. Pure functions: dates in, dates or a
:class:`~sunshine.core.errors.RuleViolation` out.

- Publication deadline: a penalty decision is published within **7 working days** of the day it was
  made — 国办发〔2018〕118号《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的
  指导意见》(二)3 (行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开); the number
  of days is the regional setting ``decision_publication_working_days``.
- Withdrawal: a published decision that is changed, revoked, confirmed unlawful or void is withdrawn
  **within 3 days** with the reason made public — 《行政处罚法》第四十八条第二款; the law's "三日" are
  working days (第八十五条).
- Hold-back: state secrets and information whose disclosure would endanger public safety or social
  stability are not disclosed (《政府信息公开条例》第十四条); commercial secrets and personal privacy are
  not disclosed (第十五条). A legal reviewer decides, with the ground and a written reason.
- Minors: nothing that could identify a minor in a case is disclosed (《未成年人保护法》第一百零三条): a
  decision whose party was under 18 at the time of the act is never published.
- Masking: an individual's name is published as the surname and 某某, and no ID number, telephone
  number, bank account or home address is published (国办发〔2018〕118号 (二)3: 涉及个人隐私的信息应当
  进行技术处理; 《个人信息保护法》第二十八条) — :mod:`sunshine.disclosure.freeze`.
- Publication period: a decision stays published for the period in the regional settings
  (``publication_years_individual``, default 2 years; ``publication_years_org``, default 5 years), the
  common practice under 国办发〔2018〕118号 recorded in LEGAL.md; then it is taken down.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation
from sunshine.workdays import calendar

CIT_PUBLISH = _("国办发〔2018〕118号 (二)3: penalty decisions are published within 7 working days")
CIT_WITHDRAW = _("《行政处罚法》第四十八条第二款, 第八十五条")
CIT_HOLD = _("《政府信息公开条例》第十四条, 第十五条")
CIT_MINOR = _("《未成年人保护法》第一百零三条")
CIT_PERIOD = _("国办发〔2018〕118号; the regional publication period setting")

ADULT_AGE = 18
WITHDRAWAL_WORKING_DAYS = 3
MAX_REASON = 2000


def publication_due(decided_on: dt.date, working_days: int) -> dt.date:
    """The last day on which the decision may be published: the ``working_days``-th working day after
    the day it was made (the decision day itself is not counted), 国办发〔2018〕118号 (二)3."""
    return calendar.add_working_days(decided_on, working_days)


def withdrawal_due(changed_on: dt.date) -> dt.date:
    """The last day for withdrawing a published decision changed or revoked on ``changed_on``: three
    working days later (《行政处罚法》第四十八条第二款; 第八十五条: the law's days are working days)."""
    return calendar.add_working_days(changed_on, WITHDRAWAL_WORKING_DAYS)


def is_late(done_on: dt.date, due_on: dt.date) -> bool:
    """Whether something done on ``done_on`` missed its deadline ``due_on`` (the due day is in time)."""
    return done_on > due_on


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


def publication_ends(
    *, published_on: dt.date, organisation: bool, years_individual: int, years_org: int
) -> dt.date:
    """The last day a decision stays published: ``published_on`` plus the period for the party's kind
    (regional settings; 国办发〔2018〕118号). On the day after, it is taken down."""
    return _add_years(published_on, years_org if organisation else years_individual)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def involves_minor(*, birth_dates, act_date: dt.date) -> bool:
    """Whether any individual party was under 18 on the day of the act (the 18th birthday itself counts
    as adult): such a decision is never published (《未成年人保护法》第一百零三条)."""
    return any(b is not None and age_on(b, act_date) < ADULT_AGE for b in birth_dates)


def _reason(reason: str, *, code: str, citation) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(code, _("Give the reason in writing."), citation, field="reason")
    if len(reason) > MAX_REASON:
        raise RuleViolation(
            code, _("The reason is too long (at most 2,000 characters)."), citation, field="reason"
        )
    return reason


def check_hold_back(*, status: str, ground: str, reason: str, grounds) -> str:
    """A legal reviewer may hold back a decision that is still awaiting publication, on one of the
    grounds of 《政府信息公开条例》第十四条 (state secret, public safety) or 第十五条 (commercial secret,
    personal privacy), with a written reason. A published decision is withdrawn instead."""
    if status != "pending":
        raise RuleViolation(
            "disclosure_not_pending",
            _(
                "Only a decision that is still awaiting publication can be held back; "
                "withdraw a published one."
            ),
            CIT_HOLD,
        )
    if ground not in grounds:
        raise RuleViolation(
            "disclosure_hold_ground",
            _("Choose the ground for holding the decision back."),
            CIT_HOLD,
            field="ground",
        )
    return _reason(reason, code="disclosure_hold_reason", citation=CIT_HOLD)


def check_publish_now(*, status: str) -> None:
    """A decision awaiting publication may be published before its deadline (国办发〔2018〕118号 (二)3
    sets the latest day, not the earliest); a held-back, excluded or withdrawn one never is."""
    if status != "pending":
        raise RuleViolation(
            "disclosure_not_pending",
            _("Only a decision awaiting publication can be published."),
            CIT_PUBLISH,
        )


def check_release(*, status: str, reason: str) -> str:
    """A hold-back may be lifted when its ground has gone (the third party agreed, or the public interest
    outweighs it: 《政府信息公开条例》第十五条), with a written reason; the decision is then published."""
    if status != "held_back":
        raise RuleViolation(
            "disclosure_not_held", _("Only a held-back decision can be released for publication."), CIT_HOLD
        )
    return _reason(reason, code="disclosure_release_reason", citation=CIT_HOLD)


def check_withdraw(*, status: str, reason: str) -> str:
    """A published decision (or one still awaiting publication) is withdrawn with the reason shown to the
    public (《行政处罚法》第四十八条第二款)."""
    if status not in ("published", "pending"):
        raise RuleViolation(
            "disclosure_not_withdrawable",
            _("Only a published decision, or one awaiting publication, can be withdrawn."),
            CIT_WITHDRAW,
        )
    return _reason(reason, code="disclosure_withdrawal_reason", citation=CIT_WITHDRAW)
