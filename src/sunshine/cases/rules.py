"""The legal rules of the penalty and compulsion procedures, one small function each.

Every function takes plain values (dates, amounts, ids, flags), cites its article in its docstring and,
when the rule is broken, raises :class:`sunshine.core.errors.RuleViolation` whose message and citation
the user sees. The services look the values up and call these; the transition table in
:mod:`sunshine.cases.workflow` names which guard runs on which action. ``docs/rules.md`` maps every rule
to its function and its test.

Period functions (``*_period``) return a :class:`sunshine.workdays.calendar.Computed` (or a
:class:`MonthsPeriod`): the due date with how it was computed (start, length, working or calendar days,
the rule), which the services store as running deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CENT = Decimal("0.01")

# --- citations (translatable: the user sees them) -------------------------------------------
C_APL = "《行政处罚法》"
CIT_29 = _("《行政处罚法》第二十九条")
CIT_30 = _("《行政处罚法》第三十条")
CIT_33 = _("《行政处罚法》第三十三条")
CIT_36 = _("《行政处罚法》第三十六条")
CIT_42 = _("《行政处罚法》第四十二条")
CIT_43 = _("《行政处罚法》第四十三条")
CIT_44_62 = _("《行政处罚法》第四十四条、第六十二条")
CIT_45 = _("《行政处罚法》第四十五条")
CIT_51 = _("《行政处罚法》第五十一条")
CIT_52 = _("《行政处罚法》第五十二条")
CIT_56 = _("《行政处罚法》第五十六条、第八十五条")
CIT_57 = _("《行政处罚法》第五十七条")
CIT_58 = _("《行政处罚法》第五十八条")
CIT_60 = _("《行政处罚法》第六十条")
CIT_61 = _("《行政处罚法》第六十一条、第八十五条")
CIT_63 = _("《行政处罚法》第六十三条")
CIT_64_REQUEST = _("《行政处罚法》第六十四条第（一）项、第八十五条")
CIT_64_NOTICE = _("《行政处罚法》第六十四条第（二）项、第八十五条")
CIT_64_CHAIR = _("《行政处罚法》第六十四条第（四）项")
CIT_67 = _("《行政处罚法》第六十七条")
CIT_68 = _("《行政处罚法》第六十八条、第六十九条")
CIT_71 = _("《行政处罚法》第七十一条、第八十五条")
CIT_72_73 = _("《行政处罚法》第七十二条、第七十三条")
CIT_REMEDY_RECON = _("《行政复议法》第二十条")
CIT_REMEDY_LITIGATION = _("《行政诉讼法》第四十六条")
CIT_REMEDY_RECON_FIRST = _("《行政复议法》第二十三条")
CIT_COMPULSION_18 = _("《行政强制法》第十八条")
CIT_COMPULSION_19 = _("《行政强制法》第十九条")
CIT_COMPULSION_25 = _("《行政强制法》第二十五条")
CIT_COMPULSION_35 = _("《行政强制法》第三十五条")
CIT_COMPULSION_43 = _("《行政强制法》第四十三条")
CIT_COMPULSION_44 = _("《行政强制法》第四十四条")
CIT_SEPARATION = _("《行政处罚法》第五十七条、第五十八条（职能分离）")

# --- constants fixed by the statutes -------------------------------------------------------
SUMMARY_MAX_INDIVIDUAL = Decimal("200")  # 第五十一条
SUMMARY_MAX_ORGANISATION = Decimal("3000")  # 第五十一条
ON_THE_SPOT_COLLECTION_MAX = Decimal("100")  # 第六十八条
MIN_HANDLERS = 2  # 第四十二条; 《行政强制法》第十八条
PRESERVATION_WORKING_DAYS = 7  # 第五十六条, 第八十五条
DECISION_CALENDAR_DAYS = 90  # 第六十条
SERVICE_WORKING_DAYS = 7  # 第六十一条, 第八十五条
HEARING_REQUEST_WORKING_DAYS = 5  # 第六十四条(一), 第八十五条
HEARING_NOTICE_WORKING_DAYS = 7  # 第六十四条(二), 第八十五条
PAYMENT_CALENDAR_DAYS = 15  # 第六十七条
CASH_HANDOVER_WORKING_DAYS = 2  # 第七十一条, 第八十五条
SURCHARGE_DAILY_RATE = Decimal("0.03")  # 第七十二条
RECONSIDERATION_DAYS = 60  # 《行政复议法》第二十条
LITIGATION_MONTHS = 6  # 《行政诉讼法》第四十六条
SEIZURE_MAX_DAYS = 30  # 《行政强制法》第二十五条
SEIZURE_EXTENSION_MAX_DAYS = 30  # 《行政强制法》第二十五条
EMERGENCY_REPORT_HOURS = 24  # 《行政强制法》第十九条
# The statement/defence reply window the advance notice gives. The law sets no number for statement
# and defence; the notice offers the same five working days as the hearing request (第六十四条), the
# common practice, so a single reply deadline covers every right the notice announces.
STATEMENT_REPLY_WORKING_DAYS = 5
# 《行政强制法》第四十三条 does not define "night"; 22:00–06:00 is the usual reading (as in
# 《中华人民共和国治安管理处罚法》 practice and most local enforcement rules).
NIGHT_STARTS = dt.time(22, 0)
NIGHT_ENDS = dt.time(6, 0)
# A collective discussion (第五十七条) is held by the agency's leaders; the bureau's rule is at least three.
COLLECTIVE_DISCUSSION_MIN_PARTICIPANTS = 3

# The review checks LEGAL.md lists (国办发〔2018〕118号): the written opinion answers each of them.
REVIEW_CHECKS = (
    ("authority", _("authority of the agency and the officers")),
    ("procedure", _("procedure")),
    ("facts", _("facts")),
    ("evidence", _("evidence")),
    ("law_applied", _("law applied")),
    ("discretion", _("discretion benchmark used")),
    ("documents", _("completeness of documents")),
    ("suspected_crime", _("whether a suspected crime must be referred")),
)

INDIVIDUAL = "individual"
ORGANISATION = "organisation"
WARNING = "warning"
FINE = "fine"


def money(value) -> Decimal:
    """A yuan amount with two places (never float)."""
    if value is None or value == "":
        return Decimal("0.00")
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthsPeriod:
    """A period counted in months (litigation, 《行政诉讼法》第四十六条), shaped like
    :class:`sunshine.workdays.calendar.Computed`."""

    start: dt.date
    length: int
    due: dt.date
    citation: object = ""
    kind: str = "months"
    provisional: bool = False
    rolled_from: dt.date | None = None

    @property
    def due_date(self) -> dt.date:
        return self.due

    @property
    def explanation(self) -> str:
        from django.utils.encoding import force_str
        from django.utils.translation import gettext

        return gettext("%(length)s months from %(start)s, under %(citation)s: %(due)s") % {
            "length": self.length,
            "start": self.start.isoformat(),
            "citation": force_str(self.citation),
            "due": self.due.isoformat(),
        }


def _working_period(start: dt.date, days: int, citation, rule: str = ""):
    from sunshine.workdays import calendar

    return calendar.compute(start, days, "working", rule=rule, citation=citation)


def _calendar_period(start: dt.date, days: int, citation, rule: str = "", roll_forward: bool | None = None):
    from sunshine.workdays import calendar

    return calendar.compute(start, days, "calendar", rule=rule, citation=citation, roll_forward=roll_forward)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day (31 Aug + 6 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def preservation_period(registered_on: dt.date):
    """Evidence registered for preservation is decided within 7 working days
    (《行政处罚法》第五十六条, 第八十五条)."""
    return _working_period(registered_on, PRESERVATION_WORKING_DAYS, CIT_56)


def decision_period(filed_on: dt.date, extension_days: int = 0):
    """Decision within 90 days of filing, plus a recorded extension (《行政处罚法》第六十条)."""
    return _calendar_period(filed_on, DECISION_CALENDAR_DAYS + extension_days, CIT_60)


def service_period(decided_on: dt.date):
    """A decision not handed over is served within 7 working days (《行政处罚法》第六十一条, 第八十五条)."""
    return _working_period(decided_on, SERVICE_WORKING_DAYS, CIT_61)


def hearing_request_period(notice_served_on: dt.date):
    """A hearing is requested within 5 working days of the notice (《行政处罚法》第六十四条(一), 第八十五条).

    Served Tue 29 Sep 2026 → Mon 12 Oct 2026 (National Day 1–7 Oct, make-up workday Sat 10 Oct).
    """
    return _working_period(notice_served_on, HEARING_REQUEST_WORKING_DAYS, CIT_64_REQUEST)


def statement_period(notice_served_on: dt.date):
    """The reply window for statement and defence the advance notice gives
    (《行政处罚法》第四十四条, 第四十五条)."""
    return _working_period(notice_served_on, STATEMENT_REPLY_WORKING_DAYS, CIT_44_62)


def earliest_hearing_date(notified_on: dt.date) -> dt.date:
    """The party is notified 7 working days before the hearing (《行政处罚法》第六十四条(二))."""
    return _working_period(notified_on, HEARING_NOTICE_WORKING_DAYS, CIT_64_NOTICE).due


def payment_period(received_on: dt.date):
    """The fine is paid within 15 days of receiving the decision (《行政处罚法》第六十七条)."""
    return _calendar_period(received_on, PAYMENT_CALENDAR_DAYS, CIT_67)


def cash_handover_period(collected_on: dt.date):
    """Cash collected on the spot reaches the agency within 2 working days
    (《行政处罚法》第七十一条, 第八十五条)."""
    return _working_period(collected_on, CASH_HANDOVER_WORKING_DAYS, CIT_71)


def reconsideration_period(known_on: dt.date):
    """Reconsideration may be applied for within 60 days (《行政复议法》第二十条)."""
    return _calendar_period(known_on, RECONSIDERATION_DAYS, CIT_REMEDY_RECON)


def litigation_period(known_on: dt.date) -> MonthsPeriod:
    """A lawsuit may be brought within 6 months (《行政诉讼法》第四十六条)."""
    return MonthsPeriod(
        known_on, LITIGATION_MONTHS, add_months(known_on, LITIGATION_MONTHS), CIT_REMEDY_LITIGATION
    )


def seizure_period(start: dt.date, extension_days: int = 0):
    """Sealing or seizure lasts at most 30 days, plus one extension of at most 30 (《行政强制法》第二十五条).

    30 days is longer than ten, so these are calendar days (《行政强制法》第六十九条).
    """
    days = SEIZURE_MAX_DAYS + extension_days
    return _calendar_period(start, days, CIT_COMPULSION_25, roll_forward=False)


# --- handlers, recusal and separation of duties --------------------------------------------


def check_handler_count(handler_ids: Iterable[int]) -> None:
    """At least two enforcement officers carry out a penalty (《行政处罚法》第四十二条)."""
    if len(set(handler_ids)) < MIN_HANDLERS:
        raise RuleViolation(
            "handlers_fewer_than_two",
            _("A case needs at least two enforcement officers as handlers."),
            CIT_42,
            field="handlers",
        )


def check_handlers_qualified(staff_members: Iterable, *, on: dt.date) -> None:
    """Every handler holds a valid certificate, is active and is not an auxiliary (《行政处罚法》第四十二条).

    The qualification itself is the organisation's rule (:func:`sunshine.org.rules.assert_can_handle_cases`).
    """
    from sunshine.org.rules import assert_can_handle_cases

    for staff in staff_members:
        assert_can_handle_cases(staff, on=on)


def check_not_recused(staff_ids: Iterable[int], recused_ids: Iterable[int]) -> None:
    """An officer recused from a case takes no part in it (《行政处罚法》第四十三条)."""
    clash = set(staff_ids) & set(recused_ids)
    if clash:
        raise RuleViolation(
            "handler_recused",
            _("An officer who has been recused from this case cannot act in it."),
            CIT_43,
            field="handlers",
        )


def check_recusal_decider(*, decider_is_agency_head: bool) -> None:
    """Recusal is decided by the agency's head (《行政处罚法》第四十三条)."""
    if not decider_is_agency_head:
        raise RuleViolation(
            "recusal_not_by_head",
            _("Only the agency's head (a bureau leader) decides on recusal."),
            CIT_43,
        )


def check_separation(actor_staff_id: int | None, handler_ids: Iterable[int], *, what) -> None:
    """Whoever approves, reviews or decides is not one of the case's handlers (separation of duties,
    《行政处罚法》第五十七条 review by the head, 第五十八条 legal review)."""
    if actor_staff_id is not None and actor_staff_id in set(handler_ids):
        raise RuleViolation(
            "separation_of_duties",
            _("A handler of the case cannot %(what)s it.") % {"what": what},
            CIT_SEPARATION,
        )


# --- summary procedure and collection -------------------------------------------------------


def summary_limit(party_kind: str) -> Decimal:
    return SUMMARY_MAX_ORGANISATION if party_kind == ORGANISATION else SUMMARY_MAX_INDIVIDUAL


def check_summary_procedure(*, party_kind: str, penalty_kinds: Iterable[str], fine: Decimal) -> None:
    """The summary procedure decides only a warning or a fine up to ¥200 (individual) / ¥3,000
    (organisation) (《行政处罚法》第五十一条): ¥200.00 is allowed, ¥200.01 is not."""
    kinds = set(penalty_kinds)
    if not kinds or not kinds <= {WARNING, FINE}:
        raise RuleViolation(
            "summary_kind_not_allowed",
            _("The summary procedure may only impose a warning or a fine."),
            CIT_51,
            field="penalty_kinds",
        )
    fine = money(fine)
    if FINE in kinds and fine <= 0:
        raise RuleViolation("fine_amount_missing", _("A fine needs an amount."), CIT_51, field="fine")
    limit = summary_limit(party_kind)
    if fine > limit:
        raise RuleViolation(
            "summary_fine_over_limit",
            _(
                "A fine of ¥%(fine)s is over the summary procedure's limit of ¥%(limit)s for this party; "
                "use the general procedure."
            )
            % {"fine": fine, "limit": limit},
            CIT_51,
            field="fine",
        )


def check_summary_document_number(number: str) -> None:
    """The summary decision is a pre-numbered form handed over on the spot (《行政处罚法》第五十二条)."""
    if not (number or "").strip():
        raise RuleViolation(
            "summary_number_missing",
            _("Enter the number printed on the pre-numbered decision form handed to the party."),
            CIT_52,
            field="document_number",
        )


def check_on_the_spot_collection(
    *, fine: Decimal, hard_to_collect_later: bool, remote_area_request: bool = False
) -> None:
    """Officers collect a fine on the spot only when it is ¥100 or less, when collecting it later would be
    hard (《行政处罚法》第六十八条), or in a remote area at the party's request (第六十九条)."""
    if money(fine) <= ON_THE_SPOT_COLLECTION_MAX or hard_to_collect_later or remote_area_request:
        return
    raise RuleViolation(
        "on_the_spot_collection_refused",
        _(
            "A fine over ¥100 is paid at the bank or online, not to the officers, unless collecting it later "
            "would be hard."
        ),
        CIT_68,
        field="fine",
    )


# --- who may be penalised, and when --------------------------------------------------------


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check_minor(*, birth_date: dt.date | None, act_date: dt.date, mitigated: bool) -> None:
    """Under 14 at the time of the act: no penalty; 14 to 18: a lighter or reduced penalty
    (《行政处罚法》第三十条). The 14th birthday itself counts as 14 (已满十四周岁)."""
    if birth_date is None:
        return
    age = age_on(birth_date, act_date)
    if age < 14:
        raise RuleViolation(
            "minor_under_14",
            _(
                "The party was under 14 at the time of the act and is not penalised; the guardian is ordered "
                "to discipline the child."
            ),
            CIT_30,
        )
    if age < 18 and not mitigated:
        raise RuleViolation(
            "minor_not_mitigated",
            _("The party was under 18 at the time of the act: the penalty must be lighter or reduced."),
            CIT_30,
            field="mitigated",
        )


def limitation_expires(act_ended_on: dt.date, *, extended: bool) -> dt.date:
    """Last day on which the act can still be discovered (《行政处罚法》第三十六条)."""
    return add_years(act_ended_on, 5 if extended else 2)


def check_limitation(*, act_ended_on: dt.date, discovered_on: dt.date, extended: bool) -> None:
    """An act not discovered within 2 years (5 where life, health or financial safety is involved with
    harmful consequences) is no longer penalised; a continuing act counts from its end
    (《行政处罚法》第三十六条)."""
    last_day = limitation_expires(act_ended_on, extended=extended)
    if discovered_on > last_day:
        raise RuleViolation(
            "limitation_expired",
            _("The act ended on %(end)s and was discovered after %(last)s: it can no longer be penalised.")
            % {"end": act_ended_on.isoformat(), "last": last_day.isoformat()},
            CIT_36,
            field="act_ended_on",
        )


def check_no_second_fine(*, penalty_kinds: Iterable[str], other_fined_cases: Iterable[str]) -> None:
    """The same act is never fined twice (《行政处罚法》第二十九条)."""
    others = list(other_fined_cases)
    if FINE in set(penalty_kinds) and others:
        raise RuleViolation(
            "second_fine_same_act",
            _("This act has already been fined in case %(numbers)s.") % {"numbers": "、".join(others)},
            CIT_29,
        )


def waiver_assessment(
    *, first_violation: bool, harm: str, corrected_in_time: bool, waiver_applies: bool = True
) -> str:
    """Whether the law forbids or allows a penalty (《行政处罚法》第三十三条):

    - slight act (``harm == "none"``), corrected in time, no harmful consequence → ``"must_not_penalise"``;
    - first violation, slight harm (``harm == "slight"``), corrected in time, and the benchmark allows the
      waiver → ``"may_waive"``;
    - otherwise ``"penalise"``. Education follows either way.
    """
    if corrected_in_time and harm == "none":
        return "must_not_penalise"
    if first_violation and corrected_in_time and harm == "slight" and waiver_applies:
        return "may_waive"
    return "penalise"


def check_waiver(*, first_violation: bool, harm: str, corrected_in_time: bool, penalty_kinds) -> None:
    """A slight act corrected in time without harmful consequence is not penalised
    (《行政处罚法》第三十三条)."""
    if set(penalty_kinds) and (
        waiver_assessment(first_violation=first_violation, harm=harm, corrected_in_time=corrected_in_time)
        == "must_not_penalise"
    ):
        raise RuleViolation(
            "waiver_must_not_penalise",
            _(
                "The act was slight, corrected in time and caused no harm: it is not penalised; educate the "
                "party instead."
            ),
            CIT_33,
        )


# --- advance notice, statement and defence, hearing ----------------------------------------


def check_party_heard(
    *, notice_served: bool, statement_recorded: bool, rights_waived: bool, reply_period_over: bool
) -> None:
    """No decision before the party was told the facts, grounds, basis and rights and was heard, unless the
    party expressly waived (《行政处罚法》第四十四条, 第六十二条)."""
    if not notice_served:
        raise RuleViolation(
            "advance_notice_missing",
            _("Serve the advance notice of the proposed penalty before deciding."),
            CIT_44_62,
        )
    if not (statement_recorded or rights_waived or reply_period_over):
        raise RuleViolation(
            "party_not_heard",
            _(
                "The party has not been heard: record the statement and defence, the party's express waiver, "
                "or wait until the reply period has passed."
            ),
            CIT_44_62,
        )


def check_defence_not_raising(
    *, notified_kinds: Iterable[str], notified_fine: Decimal, decided_kinds: Iterable[str], decided_fine
) -> None:
    """A statement or defence never makes the penalty heavier (《行政处罚法》第四十五条): the decision
    imposes no kind of penalty that the advance notice did not announce and no larger fine."""
    if set(decided_kinds) - set(notified_kinds):
        raise RuleViolation(
            "penalty_raised_after_defence",
            _("The decision cannot add a kind of penalty the advance notice did not announce."),
            CIT_45,
            field="penalty_kinds",
        )
    if money(decided_fine) > money(notified_fine):
        raise RuleViolation(
            "penalty_raised_after_defence",
            _("The decision cannot be heavier than the penalty announced in the advance notice (¥%(fine)s).")
            % {"fine": money(notified_fine)},
            CIT_45,
            field="fine",
        )


def check_hearing_available(*, available: bool) -> None:
    """A hearing is held on request for the penalties 《行政处罚法》第六十三条 lists (whether they apply is
    the catalog's :func:`sunshine.catalog.rules.hearing_available`, with the regional thresholds)."""
    if not available:
        raise RuleViolation(
            "hearing_not_available",
            _(
                "The proposed penalty is below the hearing threshold: the party may state and defend, but a "
                "hearing is not available."
            ),
            CIT_63,
        )


def check_hearing_request_in_time(*, requested_on: dt.date, due: dt.date) -> None:
    """A hearing is requested within 5 working days of the notice (《行政处罚法》第六十四条(一))."""
    if requested_on > due:
        raise RuleViolation(
            "hearing_request_late",
            _("The hearing request came on %(day)s, after the last day %(due)s.")
            % {"day": requested_on.isoformat(), "due": due.isoformat()},
            CIT_64_REQUEST,
            field="requested_on",
        )


def check_hearing_notice(*, notified_on: dt.date, hearing_on: dt.date, earliest: dt.date) -> None:
    """The party is notified of the hearing's time and place 7 working days before it
    (《行政处罚法》第六十四条(二)); ``earliest`` is ``notified_on`` + 7 working days."""
    if hearing_on < earliest:
        raise RuleViolation(
            "hearing_notice_too_short",
            _("A hearing notified on %(notified)s can be held on %(earliest)s at the earliest.")
            % {"notified": notified_on.isoformat(), "earliest": earliest.isoformat()},
            CIT_64_NOTICE,
            field="hearing_on",
        )


def check_hearing_chair(*, chair_id: int, investigator_ids: Iterable[int]) -> None:
    """The hearing is chaired by someone who did not investigate the case (《行政处罚法》第六十四条(四))."""
    if chair_id in set(investigator_ids):
        raise RuleViolation(
            "hearing_chair_investigator",
            _("The hearing cannot be chaired by one of the case's investigators."),
            CIT_64_CHAIR,
            field="chair",
        )


# --- legal review and collective discussion ------------------------------------------------


def check_legal_review_passed(*, required: bool, approved: bool) -> None:
    """No decision before the required legal review approved it (《行政处罚法》第五十八条)."""
    if required and not approved:
        raise RuleViolation(
            "legal_review_missing",
            _("This decision needs a legal review that approves it before it is made."),
            CIT_58,
        )


def check_reviewer(*, reviewer_is_legal_reviewer: bool, new_to_role: bool, has_legal_qualification: bool):
    """Legal review is done by the agency's legal reviewers; one new to the role holds the national legal
    professional qualification (《行政处罚法》第五十八条第二款). "New to the role" means no earlier review
    recorded in Sunshine."""
    if not reviewer_is_legal_reviewer:
        raise RuleViolation("reviewer_not_legal", _("Only a legal reviewer reviews decisions."), CIT_58)
    if new_to_role and not has_legal_qualification:
        raise RuleViolation(
            "reviewer_not_qualified",
            _(
                "A reviewer doing a first legal review must hold the national legal professional "
                "qualification."
            ),
            CIT_58,
        )


def check_review_opinion(checks: dict) -> None:
    """The written opinion covers every review check: authority, procedure, facts, evidence, law applied,
    discretion benchmark, documents, suspected crime (《行政处罚法》第五十八条; 国办发〔2018〕118号)."""
    missing = [str(label) for key, label in REVIEW_CHECKS if not str(checks.get(key) or "").strip()]
    if missing:
        raise RuleViolation(
            "review_opinion_incomplete",
            _("The review opinion does not cover: %(items)s.") % {"items": "、".join(missing)},
            CIT_58,
            field="checks",
        )


def check_collective_discussion(*, required: bool, held: bool) -> None:
    """Complex or major cases are decided by the leaders' collective discussion (《行政处罚法》第五十七条)."""
    if required and not held:
        raise RuleViolation(
            "collective_discussion_missing",
            _("This is a major or complex case: the leaders' collective discussion must decide it first."),
            CIT_57,
        )


def check_discussion_participants(participant_ids: Iterable[int]) -> None:
    """A collective discussion is held by at least three of the agency's leaders
    (《行政处罚法》第五十七条)."""
    if len(set(participant_ids)) < COLLECTIVE_DISCUSSION_MIN_PARTICIPANTS:
        raise RuleViolation(
            "discussion_too_few",
            _("A collective discussion needs at least three participants."),
            CIT_57,
            field="participants",
        )


# --- time limits the agency must keep -----------------------------------------------------


def check_decision_in_time(*, decided_on: dt.date, due: dt.date) -> None:
    """The decision is made within 90 days of filing unless an extension was approved and recorded
    (《行政处罚法》第六十条)."""
    if decided_on > due:
        raise RuleViolation(
            "decision_period_expired",
            _("The decision period ended on %(due)s: record the head's approval of an extension first.")
            % {"due": due.isoformat()},
            CIT_60,
        )


def check_late_reason(*, done_on: dt.date, due: dt.date, reason: str, citation, code: str) -> None:
    """An act the agency does after its period (service 第六十一条, preservation decision 第五十六条) still
    has to be done, but only with the reason for the delay on the record."""
    if done_on > due and not (reason or "").strip():
        raise RuleViolation(
            code,
            _("The period ended on %(due)s: record the reason for the delay.") % {"due": due.isoformat()},
            citation,
            field="late_reason",
        )


def check_service_in_time(*, served_on: dt.date, due: dt.date, late_reason: str = "") -> None:
    """Service within 7 working days of the decision (《行政处罚法》第六十一条, 第八十五条)."""
    check_late_reason(done_on=served_on, due=due, reason=late_reason, citation=CIT_61, code="service_late")


def check_preservation_in_time(*, decided_on: dt.date, due: dt.date, late_reason: str = "") -> None:
    """Preserved evidence is dealt with within 7 working days (《行政处罚法》第五十六条, 第八十五条)."""
    check_late_reason(
        done_on=decided_on, due=due, reason=late_reason, citation=CIT_56, code="preservation_late"
    )


# --- payment and late surcharge -------------------------------------------------------------


def late_surcharge(*, fine, due: dt.date, paid_on: dt.date, suspended_days: int = 0) -> Decimal:
    """3% of the fine for every day after the due date, never more than the fine itself; days while
    reconsideration or litigation is pending do not count (《行政处罚法》第七十二条, 第七十三条)."""
    days = max(0, (paid_on - due).days - max(0, suspended_days))
    surcharge = money(money(fine) * SURCHARGE_DAILY_RATE * days)
    return min(surcharge, money(fine))


# --- remedies --------------------------------------------------------------------------------


def remedies(*, summary: bool, known_on: dt.date) -> list[dict]:
    """The remedies every decision states (《行政处罚法》第五十九条(五)): reconsideration within 60 days
    (《行政复议法》第二十条), litigation within 6 months (《行政诉讼法》第四十六条); against an on-the-spot
    decision, reconsideration first (《行政复议法》第二十三条)."""
    recon = reconsideration_period(known_on)
    lit = litigation_period(known_on)
    return [
        {"kind": "reconsideration", "due": recon.due, "citation": str(recon.citation)},
        {
            "kind": "litigation",
            "due": lit.due,
            "citation": str(CIT_REMEDY_RECON_FIRST) if summary else str(lit.citation),
            "after_reconsideration_only": summary,
        },
    ]


def remedies_text(*, summary: bool) -> str:
    from django.utils.translation import gettext

    if summary:
        return gettext(
            "If you disagree with this decision, you must first apply for administrative reconsideration "
            "within 60 days of receiving it (《行政复议法》第二十条、第二十三条); if you disagree with the "
            "reconsideration decision, you may then bring an administrative lawsuit."
        )
    return gettext(
        "If you disagree with this decision, you may apply for administrative reconsideration within 60 days "
        "of receiving it (《行政复议法》第二十条), or bring an administrative lawsuit at the people's court "
        "within 6 months (《行政诉讼法》第四十六条)."
    )


def check_remedies_stated(*, text: str, summary: bool) -> None:
    """Every decision states the remedies and their periods; a summary decision says reconsideration comes
    first (《行政复议法》第二十条, 第二十三条; 《行政诉讼法》第四十六条)."""
    text = text or ""
    if "60" not in text and "六十" not in text:
        raise RuleViolation(
            "remedies_missing", _("The decision must state the remedies and their periods."), CIT_REMEDY_RECON
        )
    if summary and "第二十三条" not in text:
        raise RuleViolation(
            "remedies_recon_first_missing",
            _("An on-the-spot decision must say that reconsideration comes first."),
            CIT_REMEDY_RECON_FIRST,
        )


# --- administrative compulsion --------------------------------------------------------------


def check_compulsion_officers(officer_ids: Iterable[int]) -> None:
    """A compulsory measure is carried out by at least two officers (《行政强制法》第十八条(二))."""
    if len(set(officer_ids)) < MIN_HANDLERS:
        raise RuleViolation(
            "compulsion_officers_fewer_than_two",
            _("A compulsory measure needs at least two enforcement officers."),
            CIT_COMPULSION_18,
            field="officers",
        )


def check_witness(*, party_present: bool, witness: str) -> None:
    """When the party is absent, a witness is invited and signs the record (《行政强制法》第十八条(九))."""
    if not party_present and not (witness or "").strip():
        raise RuleViolation(
            "witness_missing",
            _("The party is absent: name the witness who signs the on-site record."),
            CIT_COMPULSION_18,
            field="witness",
        )


def check_emergency_report(*, started_at: dt.datetime, reported_at: dt.datetime) -> None:
    """An emergency measure taken on the spot is reported to the head within 24 hours
    (《行政强制法》第十九条): 24:00:00 after the start is in time, one second more is not."""
    if reported_at - started_at > dt.timedelta(hours=EMERGENCY_REPORT_HOURS):
        raise RuleViolation(
            "emergency_report_late",
            _("An emergency measure must be reported to the head within 24 hours."),
            CIT_COMPULSION_19,
            field="reported_at",
        )


def check_seizure_term(*, start: dt.date, end: dt.date) -> None:
    """Sealing or seizure lasts at most 30 days (《行政强制法》第二十五条)."""
    if end < start or (end - start).days > SEIZURE_MAX_DAYS:
        raise RuleViolation(
            "seizure_too_long",
            _("Sealing or seizure lasts at most 30 days."),
            CIT_COMPULSION_25,
            field="end",
        )


def check_seizure_extension(*, days: int, already_extended: bool, approved_by_head: bool) -> None:
    """One extension of at most 30 days, approved by the head (《行政强制法》第二十五条)."""
    if already_extended:
        raise RuleViolation(
            "seizure_extended_twice", _("Sealing or seizure can be extended only once."), CIT_COMPULSION_25
        )
    if days < 1 or days > SEIZURE_EXTENSION_MAX_DAYS:
        raise RuleViolation(
            "seizure_extension_too_long",
            _("An extension lasts at most 30 days."),
            CIT_COMPULSION_25,
            field="days",
        )
    if not approved_by_head:
        raise RuleViolation(
            "seizure_extension_not_approved",
            _("An extension needs the agency head's approval."),
            CIT_COMPULSION_25,
        )


def check_demand_before_enforcement(*, demand_served_on: dt.date | None, enforced_on: dt.date) -> None:
    """Compulsory enforcement follows a written demand (催告) served on the party (《行政强制法》第三十五条):
    enforcing on the day the demand is served or later is allowed, before it is not."""
    if demand_served_on is None or enforced_on < demand_served_on:
        raise RuleViolation(
            "demand_missing",
            _("Serve the written demand (催告书) on the party before compulsory enforcement."),
            CIT_COMPULSION_35,
            field="demand_served_on",
        )


LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def check_testing_time(*, days: int, notified_in_writing: bool) -> None:
    """Time for testing, inspection, quarantine or appraisal is excluded from the sealing or seizure
    period only when it is fixed and notified to the party in writing (《行政强制法》第二十五条第三款)."""
    if days < 1 or not notified_in_writing:
        raise RuleViolation(
            "testing_time_not_notified",
            _("Testing time is excluded only when its length is fixed and the party is told in writing."),
            CIT_COMPULSION_25,
            field="notified_in_writing",
        )


def is_night(moment: dt.datetime) -> bool:
    """22:00–06:00 local (Asia/Shanghai) time; ``moment`` is an aware datetime."""
    t = moment.astimezone(LOCAL_TZ).time()
    return t >= NIGHT_STARTS or t < NIGHT_ENDS


def check_enforcement_time(*, moment: dt.datetime, statutory_holiday: bool, urgent: bool) -> None:
    """No compulsory enforcement at night (22:00–06:00) or on a statutory holiday unless urgent
    (《行政强制法》第四十三条)."""
    if urgent:
        return
    if is_night(moment) or statutory_holiday:
        raise RuleViolation(
            "enforcement_night_or_holiday",
            _("Compulsory enforcement is not carried out at night or on a statutory holiday unless urgent."),
            CIT_COMPULSION_43,
            field="at",
        )


def check_forced_demolition(
    *,
    notice_published_on: dt.date | None,
    decision_known_on: dt.date,
    today: dt.date,
    remedy_pending: bool,
) -> None:
    """Forced demolition only after a public notice, and only once the reconsideration (60 days) and
    litigation (6 months) windows have passed with no remedy pending (《行政强制法》第四十四条)."""
    if notice_published_on is None:
        raise RuleViolation(
            "demolition_notice_missing",
            _("Publish the notice to demolish within a time limit before any forced demolition."),
            CIT_COMPULSION_44,
        )
    last = max(reconsideration_period(decision_known_on).due, litigation_period(decision_known_on).due)
    if remedy_pending or today <= last:
        raise RuleViolation(
            "demolition_remedy_window_open",
            _(
                "Forced demolition can start only after %(last)s, once the remedy windows have passed "
                "with no reconsideration or lawsuit pending."
            )
            % {"last": last.isoformat()},
            CIT_COMPULSION_44,
        )
