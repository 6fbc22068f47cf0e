"""The rules for issuing enforcement documents, as pure functions with their citations.

Which document a case may issue depends on its procedure, its state and the step records it has
(``sunshine.documents.kinds`` maps each kind to its record); a document for a record that does not exist yet
is refused with a sentence saying what is missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

CIT_DECISION_CONTENT = _("《行政处罚法》第五十九条")
CIT_SEPARATED = _("《罚款决定与罚款收缴分离实施办法》（国务院令第235号）第七条")
CIT_DEMAND = _("《行政强制法》第三十五条、第五十四条")
CIT_SUMMARY = _("《行政处罚法》第五十二条")
CIT_PRESERVATION = _("《行政处罚法》第五十六条")
CIT_MEASURE = _("《行政强制法》第二十四条、第二十八条")
CIT_NOTICE = _("《行政处罚法》第四十四条")
CIT_HEARING = _("《行政处罚法》第六十四条")
CIT_REVIEW = _("《行政处罚法》第五十八条")
CIT_DISCUSSION = _("《行政处罚法》第五十七条")
CIT_RECORD = _("《行政处罚法》第四十七条、第五十五条")
CIT_FILING = _("《行政处罚法》第五十四条")
CIT_SERVICE = _("《行政处罚法》第六十一条")
CIT_CLOSURE = _("《行政处罚法》第四十七条")
CIT_VOID = _("《行政处罚法》第四十七条（全过程记录）")

# States in which the case is being investigated (records, orders to correct may be made).
INVESTIGATION_STATES = frozenset(
    {
        "registered",
        "filed",
        "investigating",
        "notice_served",
        "hearing",
        "review",
        "reviewed",
        "discussion",
        "awaiting_decision",
    }
)
OPEN_STATES = INVESTIGATION_STATES | {"decided", "served", "suspended"}
CLOSING_STATES = frozenset({"executed", "closed", "archived"})
MIN_VOID_REASON = 4
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024


def check_general_procedure(*, procedure: str, title) -> None:
    """Approval forms and notices of the general procedure do not exist for a summary case, which is
    decided and handed over on the spot (《行政处罚法》第五十二条)."""
    if procedure != "general":
        raise RuleViolation(
            "documents_general_only",
            _("%(title)s belongs to the general procedure; this case was decided on the spot.")
            % {"title": title},
            CIT_SUMMARY,
        )


def check_filing_approval(*, state: str) -> None:
    """The filing approval form records the request to file and its approval (《行政处罚法》第五十四条);
    a case withdrawn before filing has none."""
    if state == "withdrawn":
        raise RuleViolation(
            "documents_case_withdrawn",
            _("The case was withdrawn before filing; there is no filing approval to issue."),
            CIT_FILING,
        )


def check_investigating(*, state: str, title) -> None:
    """On-site inspection and inquiry records, and orders to correct, are made while the case is being
    investigated (《行政处罚法》第四十七条, 第五十五条)."""
    if state not in INVESTIGATION_STATES:
        raise RuleViolation(
            "documents_not_investigating",
            _("%(title)s is made while the case is being investigated, before the decision.")
            % {"title": title},
            CIT_RECORD,
        )


def check_record(record, *, missing_message, code: str, citation) -> None:
    """The document is filled from a step record; without the record there is nothing to issue."""
    if record is None:
        raise RuleViolation(code, missing_message, citation)


def check_measure_released(*, released_on: dt.date | None) -> None:
    """A release decision is issued once the sealing or seizure has been released
    (《行政强制法》第二十八条)."""
    if released_on is None:
        raise RuleViolation(
            "documents_measure_not_released",
            _("The sealing or seizure has not been released yet; record the release first."),
            CIT_MEASURE,
        )


def check_hearing_scheduled(*, hearing_on: dt.date | None, notified_on: dt.date | None) -> None:
    """The hearing notice states the time and place, seven working days ahead (《行政处罚法》第六十四条)."""
    if hearing_on is None or notified_on is None:
        raise RuleViolation(
            "documents_hearing_not_scheduled",
            _("The hearing has not been scheduled yet; schedule it (date, place, chair) first."),
            CIT_HEARING,
        )


def check_hearing_held(*, outcome: str) -> None:
    """The hearing record is made of a hearing that took place (《行政处罚法》第六十四条(八))."""
    if outcome != "held":
        raise RuleViolation(
            "documents_hearing_not_held",
            _("The hearing has not been held yet; there is no hearing record to issue."),
            CIT_HEARING,
        )


def check_decision_kind(*, expected: str, on_the_spot_expected: bool, kind: str, on_the_spot: bool) -> None:
    """Each decision has its own form: a penalty decision, an on-the-spot decision (第五十二条) or a decision
    not to penalise (《行政处罚法》第五十七条, 第五十九条)."""
    if kind != expected or bool(on_the_spot) != on_the_spot_expected:
        raise RuleViolation(
            "documents_wrong_decision_form",
            _("This case's decision is of another kind; issue the form that matches it."),
            CIT_DECISION_CONTENT,
        )


def check_demand_due(*, fine: Decimal, payment_due: dt.date | None, paid: bool, today: dt.date) -> None:
    """A demand to perform (催告书) is served only when the party has not paid by the payment deadline:
    from the day after the due date, never on it (《行政强制法》第三十五条, 第五十四条)."""
    if not fine or fine <= 0:
        raise RuleViolation(
            "documents_demand_no_fine",
            _("The decision imposes no fine; there is nothing to demand."),
            CIT_DEMAND,
        )
    if paid:
        raise RuleViolation(
            "documents_demand_paid", _("The fine has been paid; no demand may be served."), CIT_DEMAND
        )
    if payment_due is None or today <= payment_due:
        raise RuleViolation(
            "documents_demand_too_early",
            _("The payment period has not expired (due %(due)s); a demand may be served from the next day.")
            % {"due": payment_due.isoformat() if payment_due else "—"},
            CIT_DEMAND,
        )


def check_closable(*, state: str, no_penalty_served: bool) -> None:
    """The closure approval form is made once the decision has been carried out, or a decision not to
    penalise served (《行政处罚法》第四十七条: the record covers execution)."""
    if state not in CLOSING_STATES and not no_penalty_served:
        raise RuleViolation(
            "documents_not_closable",
            _("The case has not been executed yet; the closure approval comes after execution."),
            CIT_CLOSURE,
        )


def check_seal(*, has_seal: bool) -> None:
    """A penalty decision bears the seal of the deciding agency (《行政处罚法》第五十九条: 行政处罚决定书必须
    盖有作出行政处罚决定的行政机关的印章)."""
    if not has_seal:
        raise RuleViolation(
            "documents_seal_missing",
            _(
                "The agency's seal is not on record; the system administrator must add it before "
                "decisions are "
                "issued."
            ),
            CIT_DECISION_CONTENT,
        )


def check_bank_stated(*, fine: Decimal, bank_name: str, bank_account: str) -> None:
    """A document that orders a fine to be paid names the collecting bank and account (国务院令第235号
    第七条: the decision states the bank, its address and the time limit)."""
    if fine and fine > 0 and not (bank_name.strip() and bank_account.strip()):
        raise RuleViolation(
            "documents_bank_missing",
            _(
                "The collecting bank and account are not configured; the system administrator must set "
                "them in "
                "the document settings before a fine can be ordered."
            ),
            CIT_SEPARATED,
        )


def check_payment_due_stated(*, fine: Decimal, payment_due: dt.date | None, collected_on_spot: bool) -> None:
    """A fine paid at the bank has its deadline, 15 days from receipt (《行政处罚法》第六十七条), on the
    document."""
    if fine and fine > 0 and not collected_on_spot and payment_due is None:
        raise RuleViolation(
            "documents_payment_due_missing",
            _("The decision has no payment deadline yet; it is set when the decision is served."),
            _("《行政处罚法》第六十七条"),
        )


def check_party_may_sign(*, party_signs: bool, title) -> None:
    """Only records and notices the party signs on the spot carry a party signature
    (《行政处罚法》第五十五条)."""
    if not party_signs:
        raise RuleViolation(
            "documents_no_party_signature",
            _("%(title)s is not signed by the party.") % {"title": title},
            _("《行政处罚法》第五十五条"),
        )


def check_void_reason(reason: str) -> None:
    """An issued document is never edited or deleted; voiding keeps it and records why, so the full-process
    record stays whole (《行政处罚法》第四十七条)."""
    if len((reason or "").strip()) < MIN_VOID_REASON:
        raise RuleViolation(
            "documents_void_reason",
            _("State the reason for voiding or correcting the document (at least %(n)d characters).")
            % {"n": MIN_VOID_REASON},
            CIT_VOID,
            field="reason",
        )


def check_current(*, status: str) -> None:
    """Only the current version can be voided or corrected; a voided one stays as it was."""
    if status != "current":
        raise RuleViolation(
            "documents_already_voided",
            _("This version has already been voided; correct the current version instead."),
            CIT_VOID,
        )
