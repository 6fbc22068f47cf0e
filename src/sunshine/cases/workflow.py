"""The procedures as explicit transition tables (STYLE.md 4): (procedure, state, action) → next state,
who may take the action, and the guards that must hold.

A guard is a function of a :class:`GuardContext` (plain values the service gathered about the case and
the submitted data) that calls one rule of :mod:`sunshine.cases.rules`; it raises ``RuleViolation`` with
the rule's citation when the rule is broken. :func:`sunshine.cases.services.case_act` looks the action up
here, checks the role, builds the context, runs the guards, then writes the step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import Role

from . import rules


class Procedure(models.TextChoices):
    GENERAL = "general", _("General procedure")
    SUMMARY = "summary", _("Summary procedure")


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    FILED = "filed", _("Filed")
    INVESTIGATING = "investigating", _("Investigating")
    NOTICE_SERVED = "notice_served", _("Advance notice served")
    HEARING = "hearing", _("Hearing")
    REVIEW = "review", _("Legal review")
    REVIEWED = "reviewed", _("Legal review passed")
    DISCUSSION = "discussion", _("Collective discussion")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    DECIDED = "decided", _("Decided")
    SERVED = "served", _("Decision served")
    EXECUTED = "executed", _("Executed")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFERRED = "referred", _("Referred to the judicial authorities")


S = State
# A transition whose target is PREVIOUS returns to the state the case was in before (resume).
PREVIOUS = "__previous__"
# States in which the case is being handled before its decision.
PRE_DECISION = (
    S.FILED,
    S.INVESTIGATING,
    S.NOTICE_SERVED,
    S.HEARING,
    S.REVIEW,
    S.REVIEWED,
    S.DISCUSSION,
    S.AWAITING_DECISION,
)
AFTER_DECISION = (S.SERVED, S.EXECUTED, S.CLOSED)
FINAL_STATES = (S.ARCHIVED,)


@dataclass
class GuardContext:
    """Everything a guard may look at, as plain values (no database access in guards)."""

    today: dt.date
    procedure: str = Procedure.GENERAL
    party_kind: str = rules.INDIVIDUAL
    party_birth_dates: list = field(default_factory=list)
    act_date: dt.date | None = None
    act_ended_on: dt.date | None = None
    discovered_on: dt.date | None = None
    limitation_extended: bool = False
    handler_ids: list[int] = field(default_factory=list)
    handler_staff: list = field(default_factory=list)
    recused_ids: list[int] = field(default_factory=list)
    actor_staff_id: int | None = None
    actor_is_leader: bool = False
    notice_served: bool = False
    notified_kinds: list[str] = field(default_factory=list)
    notified_fine: Decimal = Decimal("0")
    statement_recorded: bool = False
    rights_waived: bool = False
    reply_due: dt.date | None = None
    hearing_available: bool = False
    hearing_request_due: dt.date | None = None
    hearing_requested: bool = False
    hearing_concluded: bool = False
    review_required: bool = False
    review_approved: bool = False
    major: bool = False
    discussion_held: bool = False
    decision_due: dt.date | None = None
    other_fined_cases: list[str] = field(default_factory=list)
    first_violation: bool = False
    harm: str = "harmful"
    corrected_in_time: bool = False
    benchmark_check: Callable | None = None
    reviewer_is_legal_reviewer: bool = False
    reviewer_new_to_role: bool = False
    reviewer_has_qualification: bool = False
    decision_fine: Decimal = Decimal("0")
    decision_kinds: list[str] = field(default_factory=list)
    decision_known_on: dt.date | None = None
    service_due: dt.date | None = None
    remedy_pending: bool = False
    data: dict = field(default_factory=dict)


# --- guards: each calls one rule ------------------------------------------------------------


def g_handlers(ctx: GuardContext) -> None:
    """《行政处罚法》第四十二条: two or more qualified officers, auxiliaries never."""
    ids = ctx.data.get("handler_ids", ctx.handler_ids)
    rules.check_handler_count(ids)
    rules.check_handlers_qualified(ctx.data.get("handler_staff", ctx.handler_staff), on=ctx.today)


def g_not_recused(ctx: GuardContext) -> None:
    """《行政处罚法》第四十三条."""
    rules.check_not_recused(ctx.data.get("handler_ids", ctx.handler_ids), ctx.recused_ids)


def g_actor_not_handler_approve(ctx: GuardContext) -> None:
    rules.check_separation(ctx.actor_staff_id, ctx.handler_ids, what=_("approve"))


def g_actor_not_handler_review(ctx: GuardContext) -> None:
    rules.check_separation(ctx.actor_staff_id, ctx.handler_ids, what=_("review"))


def g_actor_not_handler_decide(ctx: GuardContext) -> None:
    rules.check_separation(ctx.actor_staff_id, ctx.handler_ids, what=_("decide"))


def g_limitation(ctx: GuardContext) -> None:
    """《行政处罚法》第三十六条."""
    if ctx.act_ended_on and ctx.discovered_on:
        rules.check_limitation(
            act_ended_on=ctx.act_ended_on, discovered_on=ctx.discovered_on, extended=ctx.limitation_extended
        )


def _proposed(ctx: GuardContext) -> tuple[list[str], Decimal]:
    return list(ctx.data.get("penalty_kinds") or []), rules.money(ctx.data.get("fine"))


def g_minor(ctx: GuardContext) -> None:
    """《行政处罚法》第三十条."""
    kinds, _fine = _proposed(ctx)
    if not kinds or ctx.act_date is None:
        return
    for birth in ctx.party_birth_dates:
        rules.check_minor(birth_date=birth, act_date=ctx.act_date, mitigated=bool(ctx.data.get("mitigated")))


def g_no_second_fine(ctx: GuardContext) -> None:
    """《行政处罚法》第二十九条."""
    kinds, _fine = _proposed(ctx)
    rules.check_no_second_fine(penalty_kinds=kinds, other_fined_cases=ctx.other_fined_cases)


def g_waiver(ctx: GuardContext) -> None:
    """《行政处罚法》第三十三条."""
    kinds, _fine = _proposed(ctx)
    rules.check_waiver(
        first_violation=ctx.first_violation,
        harm=ctx.harm,
        corrected_in_time=ctx.corrected_in_time,
        penalty_kinds=kinds,
    )


def g_benchmark(ctx: GuardContext) -> None:
    """《行政处罚法》第三十四条: the proposed penalty lies in its benchmark tier (catalog's rule)."""
    kinds, fine = _proposed(ctx)
    if ctx.benchmark_check is not None and kinds:
        ctx.benchmark_check(kinds, fine)


def g_party_heard(ctx: GuardContext) -> None:
    """《行政处罚法》第四十四条, 第六十二条."""
    rules.check_party_heard(
        notice_served=ctx.notice_served,
        statement_recorded=ctx.statement_recorded,
        rights_waived=ctx.rights_waived,
        reply_period_over=ctx.reply_due is not None and ctx.today > ctx.reply_due,
    )


def g_hearing_concluded(ctx: GuardContext) -> None:
    """《行政处罚法》第六十四条, 第六十五条: a requested hearing is held (or abandoned) before moving on."""
    if ctx.hearing_requested and not ctx.hearing_concluded:
        from sunshine.core.errors import RuleViolation

        raise RuleViolation(
            "hearing_not_held",
            _("The party requested a hearing: hold it (or record that the party abandoned it) first."),
            _("《行政处罚法》第六十四条、第六十五条"),
        )


def g_hearing_request(ctx: GuardContext) -> None:
    """《行政处罚法》第六十三条, 第六十四条(一)."""
    rules.check_hearing_available(available=ctx.hearing_available)
    requested_on = ctx.data.get("requested_on") or ctx.today
    if ctx.hearing_request_due is not None:
        rules.check_hearing_request_in_time(requested_on=requested_on, due=ctx.hearing_request_due)


def g_hearing_schedule(ctx: GuardContext) -> None:
    """《行政处罚法》第六十四条(二), (四)."""
    rules.check_hearing_chair(chair_id=ctx.data["chair_id"], investigator_ids=ctx.handler_ids)
    notified_on = ctx.data.get("notified_on") or ctx.today
    rules.check_hearing_notice(
        notified_on=notified_on,
        hearing_on=ctx.data["hearing_on"],
        earliest=rules.earliest_hearing_date(notified_on),
    )


def g_review_required_passed(ctx: GuardContext) -> None:
    """《行政处罚法》第五十八条."""
    rules.check_legal_review_passed(required=ctx.review_required, approved=ctx.review_approved)


def g_reviewer(ctx: GuardContext) -> None:
    """《行政处罚法》第五十八条; the opinion covers every review check."""
    rules.check_reviewer(
        reviewer_is_legal_reviewer=ctx.reviewer_is_legal_reviewer,
        new_to_role=ctx.reviewer_new_to_role,
        has_legal_qualification=ctx.reviewer_has_qualification,
    )
    rules.check_separation(ctx.actor_staff_id, ctx.handler_ids, what=_("review"))
    rules.check_review_opinion(ctx.data.get("checks") or {})


def g_discussion_done(ctx: GuardContext) -> None:
    """《行政处罚法》第五十七条."""
    rules.check_collective_discussion(required=ctx.major, held=ctx.discussion_held)


def g_discussion_participants(ctx: GuardContext) -> None:
    """《行政处罚法》第五十七条."""
    rules.check_discussion_participants(ctx.data.get("participant_ids") or [])


def g_decision_in_time(ctx: GuardContext) -> None:
    """《行政处罚法》第六十条."""
    if ctx.decision_due is not None:
        rules.check_decision_in_time(decided_on=ctx.data.get("decided_on") or ctx.today, due=ctx.decision_due)


def g_defence_not_raising(ctx: GuardContext) -> None:
    """《行政处罚法》第四十五条."""
    kinds, fine = _proposed(ctx)
    rules.check_defence_not_raising(
        notified_kinds=ctx.notified_kinds,
        notified_fine=ctx.notified_fine,
        decided_kinds=kinds,
        decided_fine=fine,
    )


def g_service_in_time(ctx: GuardContext) -> None:
    """《行政处罚法》第六十一条."""
    if ctx.service_due is not None:
        rules.check_service_in_time(
            served_on=ctx.data.get("served_on") or ctx.today,
            due=ctx.service_due,
            late_reason=ctx.data.get("late_reason", ""),
        )


def g_execution(ctx: GuardContext) -> None:
    """《行政强制法》第四十三条, 第四十四条 for compulsory enforcement;
    《行政处罚法》第六十八条 on the spot."""
    kind = ctx.data.get("kind")
    if kind in ("enforced", "demolished"):
        rules.check_demand_before_enforcement(
            demand_served_on=ctx.data.get("demand_served_on"), enforced_on=ctx.data["at_day"]
        )
        rules.check_enforcement_time(
            moment=ctx.data["at"],
            statutory_holiday=bool(ctx.data.get("statutory_holiday")),
            urgent=bool(ctx.data.get("urgent")),
        )
    if kind == "demolished":
        rules.check_forced_demolition(
            notice_published_on=ctx.data.get("notice_published_on"),
            decision_known_on=ctx.decision_known_on or ctx.today,
            today=ctx.data["at_day"],
            remedy_pending=ctx.remedy_pending,
        )
    if kind == "collected_on_spot":
        if ctx.procedure != Procedure.SUMMARY and not ctx.data.get("remote_area_request"):
            from sunshine.core.errors import RuleViolation

            raise RuleViolation(
                "on_the_spot_collection_refused",
                _(
                    "After a general-procedure decision, officers collect a fine only in a remote area "
                    "at the party's request; otherwise it is paid at the bank or online."
                ),
                rules.CIT_68,
            )
        rules.check_on_the_spot_collection(
            fine=ctx.decision_fine,
            hard_to_collect_later=bool(ctx.data.get("hard_to_collect_later")),
            remote_area_request=bool(ctx.data.get("remote_area_request")),
        )


def g_recusal(ctx: GuardContext) -> None:
    """《行政处罚法》第四十三条: the head decides; the case keeps two qualified handlers."""
    rules.check_recusal_decider(decider_is_agency_head=ctx.actor_is_leader)
    rules.check_handler_count(ctx.data.get("handler_ids", ctx.handler_ids))
    rules.check_handlers_qualified(ctx.data.get("handler_staff", []), on=ctx.today)


def g_measure(ctx: GuardContext) -> None:
    """《行政强制法》第十八条, 第十九条, 第二十五条."""
    rules.check_compulsion_officers(ctx.data.get("officer_ids") or [])
    rules.check_witness(
        party_present=bool(ctx.data.get("party_present")), witness=ctx.data.get("witness", "")
    )
    rules.check_seizure_term(start=ctx.data["start"], end=ctx.data["end"])
    if ctx.data.get("emergency") and ctx.data.get("reported_at") and ctx.data.get("started_at"):
        rules.check_emergency_report(started_at=ctx.data["started_at"], reported_at=ctx.data["reported_at"])


def g_measure_report(ctx: GuardContext) -> None:
    """《行政强制法》第十九条."""
    rules.check_emergency_report(started_at=ctx.data["started_at"], reported_at=ctx.data["reported_at"])


def g_measure_extension(ctx: GuardContext) -> None:
    """《行政强制法》第二十五条."""
    rules.check_seizure_extension(
        days=int(ctx.data.get("days") or 0),
        already_extended=bool(ctx.data.get("already_extended")),
        approved_by_head=ctx.actor_is_leader,
    )


def g_testing_time(ctx: GuardContext) -> None:
    """《行政强制法》第二十五条第三款."""
    rules.check_testing_time(
        days=int(ctx.data.get("days") or 0), notified_in_writing=bool(ctx.data.get("notified_in_writing"))
    )


def g_preservation_in_time(ctx: GuardContext) -> None:
    """《行政处罚法》第五十六条."""
    rules.check_preservation_in_time(
        decided_on=ctx.data.get("decided_on") or ctx.today,
        due=ctx.data["due"],
        late_reason=ctx.data.get("late_reason", ""),
    )


def g_remedy(ctx: GuardContext) -> None:
    """《行政复议法》第二十三条: against an on-the-spot decision, reconsideration comes first."""
    if (
        ctx.procedure == Procedure.SUMMARY
        and ctx.data.get("kind") == "litigation"
        and not ctx.data.get("reconsideration_decided")
    ):
        from sunshine.core.errors import RuleViolation

        raise RuleViolation(
            "reconsideration_first",
            _("Against an on-the-spot decision the party must apply for reconsideration before suing."),
            rules.CIT_REMEDY_RECON_FIRST,
        )


# --- the tables ----------------------------------------------------------------------------

HANDLER = "handler"  # an officer (or squad leader) who is one of the case's handlers
OFFICERS = (Role.OFFICER, Role.SQUAD_LEADER)
SQUAD_LEADERS = (Role.SQUAD_LEADER,)
LEADERS = (Role.LEADER,)
SUPERVISORS = (Role.SQUAD_LEADER, Role.LEADER)
REVIEWERS = (Role.LEGAL_REVIEWER,)
FINANCE = (Role.FINANCE,)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (a step recorded within the state)
    roles: tuple[str, ...]
    handler_only: bool = False
    guards: tuple[Callable[[GuardContext], None], ...] = ()


T = Transition
_ACTIVE = PRE_DECISION

GENERAL: tuple[Transition, ...] = (
    T(
        "file",
        _("Approve filing"),
        (S.REGISTERED,),
        S.FILED,
        SQUAD_LEADERS,
        False,
        (g_handlers, g_not_recused, g_actor_not_handler_approve, g_limitation),
    ),
    T("not_file", _("Decide not to file"), (S.REGISTERED,), S.WITHDRAWN, SQUAD_LEADERS),
    T(
        "assign_handlers",
        _("Change handlers"),
        (S.REGISTERED, *_ACTIVE),
        None,
        SQUAD_LEADERS,
        False,
        (g_handlers, g_not_recused),
    ),
    T("recuse", _("Decide on recusal"), (S.REGISTERED, *_ACTIVE), None, LEADERS, False, (g_recusal,)),
    T("start_investigation", _("Start investigation"), (S.FILED,), S.INVESTIGATING, OFFICERS, True),
    T("preserve_evidence", _("Register evidence for preservation"), (S.INVESTIGATING,), None, OFFICERS, True),
    T(
        "decide_preservation",
        _("Decide on preserved evidence"),
        (S.INVESTIGATING, S.NOTICE_SERVED, S.HEARING),
        None,
        SUPERVISORS,
        False,
        (g_preservation_in_time,),
    ),
    T("impose_measure", _("Seal or seize"), (S.FILED, S.INVESTIGATING), None, OFFICERS, True, (g_measure,)),
    T(
        "report_measure",
        _("Report an emergency measure"),
        (S.FILED, S.INVESTIGATING, S.NOTICE_SERVED),
        None,
        OFFICERS,
        True,
        (g_measure_report,),
    ),
    T(
        "extend_measure",
        _("Extend sealing or seizure"),
        _ACTIVE,
        None,
        LEADERS,
        False,
        (g_measure_extension,),
    ),
    T(
        "exclude_testing_time",
        _("Exclude testing time from sealing or seizure"),
        _ACTIVE,
        None,
        OFFICERS,
        True,
        (g_testing_time,),
    ),
    T("release_measure", _("Release sealing or seizure"), (*_ACTIVE, S.DECIDED, S.SERVED), None, SUPERVISORS),
    T(
        "serve_advance_notice",
        _("Serve the advance notice"),
        (S.INVESTIGATING,),
        S.NOTICE_SERVED,
        OFFICERS,
        True,
        (g_benchmark, g_minor, g_no_second_fine, g_waiver),
    ),
    T(
        "record_statement",
        _("Record statement and defence"),
        (S.NOTICE_SERVED, S.HEARING),
        None,
        OFFICERS,
        True,
    ),
    T("waive_rights", _("Record the party's waiver"), (S.NOTICE_SERVED,), None, OFFICERS, True),
    T(
        "request_hearing",
        _("Record a hearing request"),
        (S.NOTICE_SERVED,),
        S.HEARING,
        OFFICERS,
        True,
        (g_hearing_request,),
    ),
    T(
        "schedule_hearing",
        _("Schedule the hearing"),
        (S.HEARING,),
        None,
        SUPERVISORS,
        False,
        (g_hearing_schedule,),
    ),
    T("hold_hearing", _("Record the hearing"), (S.HEARING,), None, SUPERVISORS),
    T(
        "submit_for_review",
        _("Submit for legal review"),
        (S.NOTICE_SERVED, S.HEARING),
        S.REVIEW,
        OFFICERS,
        True,
        (g_hearing_concluded, g_party_heard),
    ),
    T(
        "review_approve",
        _("Approve (legal review)"),
        (S.REVIEW,),
        S.REVIEWED,
        REVIEWERS,
        False,
        (g_reviewer,),
    ),
    T(
        "review_return",
        _("Return for more investigation (legal review)"),
        (S.REVIEW,),
        S.INVESTIGATING,
        REVIEWERS,
        False,
        (g_reviewer,),
    ),
    T(
        "review_disapprove",
        _("Disapprove (legal review)"),
        (S.REVIEW,),
        S.INVESTIGATING,
        REVIEWERS,
        False,
        (g_reviewer,),
    ),
    T(
        "submit_for_discussion",
        _("Submit for collective discussion"),
        (S.NOTICE_SERVED, S.HEARING, S.REVIEWED),
        S.DISCUSSION,
        OFFICERS,
        True,
        (g_hearing_concluded, g_party_heard, g_review_required_passed),
    ),
    T(
        "discuss",
        _("Record the collective discussion"),
        (S.DISCUSSION,),
        S.AWAITING_DECISION,
        LEADERS,
        False,
        (g_discussion_participants,),
    ),
    T(
        "submit_for_decision",
        _("Submit for decision"),
        (S.NOTICE_SERVED, S.HEARING, S.REVIEWED),
        S.AWAITING_DECISION,
        OFFICERS,
        True,
        (g_hearing_concluded, g_party_heard, g_review_required_passed, g_discussion_done),
    ),
    T(
        "decide",
        _("Decide the penalty"),
        (S.AWAITING_DECISION,),
        S.DECIDED,
        LEADERS,
        False,
        (
            g_actor_not_handler_decide,
            g_party_heard,
            g_hearing_concluded,
            g_review_required_passed,
            g_discussion_done,
            g_decision_in_time,
            g_defence_not_raising,
            g_benchmark,
            g_minor,
            g_no_second_fine,
            g_waiver,
        ),
    ),
    T(
        "decide_no_penalty",
        _("Decide not to penalise"),
        (S.INVESTIGATING, S.AWAITING_DECISION),
        S.DECIDED,
        LEADERS,
        False,
        (g_actor_not_handler_decide,),
    ),
    T(
        "return_for_investigation",
        _("Return for investigation"),
        (S.AWAITING_DECISION, S.DISCUSSION),
        S.INVESTIGATING,
        LEADERS,
    ),
    T("refer_criminal", _("Refer to the judicial authorities"), _ACTIVE, S.REFERRED, LEADERS),
    T("withdraw", _("Withdraw the case"), _ACTIVE, S.WITHDRAWN, LEADERS),
    T("suspend", _("Suspend"), _ACTIVE, S.SUSPENDED, SUPERVISORS),
    T("resume", _("Resume"), (S.SUSPENDED,), PREVIOUS, SUPERVISORS),
    T("extend_decision_period", _("Extend the decision period"), _ACTIVE, None, LEADERS),
    T(
        "serve_decision",
        _("Serve the decision"),
        (S.DECIDED,),
        S.SERVED,
        OFFICERS,
        True,
        (g_service_in_time,),
    ),
    T("execute", _("Record execution"), (S.SERVED,), S.EXECUTED, OFFICERS, True, (g_execution,)),
    # 罚缴分离 (《行政处罚法》第六十七条): the bank collects the fine; finance records what it confirmed.
    T("record_bank_payment", _("Record the payment the bank confirmed"), (S.SERVED,), S.EXECUTED, FINANCE),
    T("close", _("Close the case"), (S.SERVED, S.EXECUTED), S.CLOSED, SQUAD_LEADERS),
    T("archive", _("Archive"), (S.CLOSED, S.WITHDRAWN, S.REFERRED), S.ARCHIVED, SQUAD_LEADERS),
    T(
        "file_remedy",
        _("Record reconsideration or lawsuit"),
        AFTER_DECISION,
        None,
        OFFICERS,
        True,
        (g_remedy,),
    ),
    T("remedy_outcome", _("Record the remedy's outcome"), AFTER_DECISION, None, SUPERVISORS),
)

SUMMARY: tuple[Transition, ...] = (
    # The summary decision itself is made by services.case_summary_decide: the case is created already
    # decided and handed over on the spot (第五十一条, 第五十二条), so it starts in SERVED.
    T(
        "hand_over_cash",
        _("Hand the collected cash to the agency"),
        (S.EXECUTED, S.CLOSED),
        None,
        OFFICERS,
        True,
    ),
    T("execute", _("Record execution"), (S.SERVED,), S.EXECUTED, OFFICERS, True, (g_execution,)),
    # 罚缴分离 (《行政处罚法》第六十七条): the bank collects the fine; finance records what it confirmed.
    T("record_bank_payment", _("Record the payment the bank confirmed"), (S.SERVED,), S.EXECUTED, FINANCE),
    T("close", _("Close the case"), (S.SERVED, S.EXECUTED), S.CLOSED, SUPERVISORS),
    T("archive", _("Archive"), (S.CLOSED,), S.ARCHIVED, SUPERVISORS),
    T(
        "file_remedy",
        _("Record reconsideration or lawsuit"),
        AFTER_DECISION,
        None,
        OFFICERS,
        True,
        (g_remedy,),
    ),
    T("remedy_outcome", _("Record the remedy's outcome"), AFTER_DECISION, None, SUPERVISORS),
)

TABLES = {Procedure.GENERAL: GENERAL, Procedure.SUMMARY: SUMMARY}
_INDEX = {
    (procedure, source, t.action): t
    for procedure, table in TABLES.items()
    for t in table
    for source in t.sources
}
ACTIONS = sorted({t.action for table in TABLES.values() for t in table})
ACTION_LABELS = {t.action: t.label for table in TABLES.values() for t in table}


def transition_for(procedure: str, state: str, action: str) -> Transition | None:
    """The transition for ``action`` in ``state``, or ``None`` when the action is not possible there."""
    return _INDEX.get((procedure, state, action))


def available(procedure: str, state: str) -> list[Transition]:
    table = TABLES.get(procedure, ())
    return [t for t in table if state in t.sources]


def next_state(transition: Transition, current: str, previous: str = "") -> str:
    if transition.target is None:
        return current
    if transition.target == PREVIOUS:
        return previous
    return transition.target


def role_allows(transition: Transition, roles) -> bool:
    return bool(set(roles) & set(transition.roles))


def run_guards(transition: Transition, ctx: GuardContext) -> None:
    for guard in transition.guards:
        guard(ctx)


# Events written outside the tables (registration, the on-the-spot decision).
EXTRA_LABELS = {"register": _("Register"), "decide_on_spot": _("Decide on the spot")}
