"""The rules of oversight, as pure functions with their citations.

- Seed 002 (国务院办公厅关于推行行政执法责任制的若干意见, 2005), section 四(三)(四) and 五: faults found,
  "一年内有两次以上执法过错的，要依法予以处理"; "对考试不合格的，要离岗学习"; annual review of
  enforcement qualification; fine revenue never a measure (also 《行政处罚法》第七十四条).
- Seed 004 (the ministry's three-year campaign plan): the "four musts" (四个做到) checked daily; problems
  rectified within a set time; accountability by correction, admonition talk, circulated criticism and
  reassignment.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CITE_FAULTS = _(
    "State Council General Office opinions on the enforcement responsibility system (2005): two or more "
    "enforcement faults in a year are dealt with"
)
CITE_EXAM = _(
    "State Council General Office opinions on the enforcement responsibility system (2005): an officer "
    "who fails the qualification exam leaves the post to study"
)
CITE_ANNUAL_REVIEW = _(
    "State Council General Office opinions on the enforcement responsibility system (2005): annual review "
    "of enforcement qualification"
)
CITE_FOUR_MUSTS = _(
    "Ministry of Housing and Urban-Rural Development three-year campaign plan: the four musts, problems "
    "rectified within a set time"
)
CITE_ACCOUNTABILITY = _(
    "Ministry of Housing and Urban-Rural Development three-year campaign plan: correction, admonition, "
    "circulated criticism, reassignment"
)
CITE_FINES = _("Administrative Penalty Law, Article 74")
CITE_HIDDEN = _("The bureau's rules on social supervisors: reports on staff go to the inspection office only")

# Seed 002: "两次以上" includes two.
FAULTS_FLAG_THRESHOLD = 2
RECTIFY_DEFAULT_WORKING_DAYS = 5
RECTIFY_MAX_WORKING_DAYS = 30


class Code:
    RECTIFY_PERIOD = "oversight.rectify_period"
    FINDING_STATE = "oversight.finding_state"
    NOT_YOUR_FINDING = "oversight.not_your_finding"
    EMPTY_RESPONSE = "oversight.empty_response"
    NOT_CHECKER = "oversight.not_the_checker"
    OUT_OF_SQUAD = "oversight.out_of_squad"
    NO_OFFICERS = "oversight.no_officers"
    NO_DESCRIPTION = "oversight.no_description"
    ACTION_STATE = "oversight.action_state"
    OWN_PROPOSAL = "oversight.own_proposal"
    NO_BASIS = "oversight.no_basis"
    OWN_CASE = "oversight.subject_may_not_act"
    INVESTIGATION_STATE = "oversight.investigation_state"
    NO_OFFICERS_RESPONSIBLE = "oversight.no_officers_responsible"
    FAULT_FUTURE = "oversight.fault_in_future"
    ALREADY_REVIEWED = "oversight.already_reviewed"
    NOT_AN_OFFICER = "oversight.not_an_officer"
    REPORT_KIND = "oversight.not_misconduct"


def flagged_for_faults(count: int) -> bool:
    """Whether ``count`` faults in one calendar year flag the officer for handling.

    Seed 002 (国办发〔2005〕37号 五): 一年内有两次以上执法过错的，要依法予以处理 — "以上" includes the number,
    so one fault does not flag and two do.
    """
    return count >= FAULTS_FLAG_THRESHOLD


def rectification_days(days) -> int:
    """The working days given to rectify a finding: 1 to 30, default 5 (seed 004: 科学制定整改措施和时限).

    A period counted in working days skips statutory holidays and counts make-up workdays
    (《行政处罚法》第八十五条 counts short periods the same way).
    """
    if days in (None, ""):
        return RECTIFY_DEFAULT_WORKING_DAYS
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= RECTIFY_MAX_WORKING_DAYS:
        raise RuleViolation(
            Code.RECTIFY_PERIOD,
            gettext("The time to rectify is 1 to %(max)d working days.") % {"max": RECTIFY_MAX_WORKING_DAYS},
            CITE_FOUR_MUSTS,
            field="rectify_days",
        )
    return days


def exam_leads_to_study_leave(passed: bool) -> bool:
    """Seed 002: 对考试不合格的，要离岗学习 — a failed qualification exam puts the officer on study leave
    (no case handling, 《行政处罚法》第四十二条) until an exam is passed."""
    return not passed


def exam_failed_again(previous_failures_on_leave: int, passed: bool) -> bool:
    """Seed 002: 仍不合格的要调离执法岗位 — failing again while on study leave calls for reassignment."""
    return not passed and previous_failures_on_leave >= 1


def assert_fault_date(found_on: dt.date, *, today: dt.date) -> None:
    """A fault is recorded when it has been found: never on a future day (seed 002)."""
    if found_on > today:
        raise RuleViolation(
            Code.FAULT_FUTURE,
            gettext("A fault cannot be found on a future day."),
            CITE_FAULTS,
            field="found_on",
        )


def assert_not_subject(actor_staff_id: int | None, subject_staff_id: int | None) -> None:
    """No one investigates, proposes, approves or reviews a matter about themselves (recusal, as in
    《行政处罚法》第四十三条)."""
    if actor_staff_id is not None and actor_staff_id == subject_staff_id:
        raise RuleViolation(
            Code.OWN_CASE,
            gettext("You are the staff member concerned and may not act on this."),
            _("Administrative Penalty Law, Article 43 (recusal)"),
        )


def assert_other_approver(proposed_by_id: int, approver_id: int) -> None:
    """An accountability action is approved by a leader other than the one who proposed it (seed 004:
    approval of 问责 by the unit's leaders)."""
    if proposed_by_id == approver_id:
        raise RuleViolation(
            Code.OWN_PROPOSAL,
            gettext("An accountability action is approved by a leader other than its proposer."),
            CITE_ACCOUNTABILITY,
        )


def certificate_review_concerns(*, training_hours, faults: int, status: str, expires_on: dt.date, year: int):
    """What the annual review should look at for one officer (seed 002 annual review; seed 003's 60 hours).

    Returns a list of short codes: ``training`` (fewer than 60 hours this year), ``faults`` (flagged),
    ``study_leave`` (not on duty), ``expiring`` (the certificate expires by the end of the year).
    """
    from sunshine.org.rules import training_commitment_met

    concerns = []
    if not training_commitment_met(training_hours):
        concerns.append("training")
    if flagged_for_faults(faults):
        concerns.append("faults")
    if status != "active":
        concerns.append("study_leave")
    if expires_on <= dt.date(year, 12, 31):
        concerns.append("expiring")
    return concerns
