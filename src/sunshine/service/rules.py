"""Rules of first-inquiry responsibility and of the time limits for citizen requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

FIRST_INQUIRY = _("Seed 000, first-inquiry responsibility (首问负责制)")
LETTERS_ACK = _("Regulations on Letters and Visits (信访工作条例), article 22")
LETTERS_FINISH = _("Regulations on Letters and Visits (信访工作条例), article 34")

# Letters and visits: tell the person within 15 days (第二十二条), finish within 60 days, extendable
# once by at most 30 days (第三十四条).
LETTER_ACK_DAYS = 15
LETTER_FINISH_DAYS = 60
LETTER_EXTENSION_MAX_DAYS = 30


def check_reply(*, channel: str, content: str) -> None:
    """A request is never closed without a reply recorded: channel, time and content (seed 000:
    件件有落实、事事有回音)."""
    if not channel or not (content or "").strip():
        raise RuleViolation(
            "reply_required",
            _("A request cannot be closed without a reply to the citizen: give the channel and the content."),
            FIRST_INQUIRY,
            field="content",
        )


def check_referral(*, department: str, contact: str, told: str) -> None:
    """ "Not our matter" is a referral, not a dead end: the department, the contact there and what the
    citizen was told are all recorded (seed 000, 首问负责制)."""
    if not (department or "").strip() or not (contact or "").strip() or not (told or "").strip():
        raise RuleViolation(
            "referral_incomplete",
            _("A referral records the department, the contact there and what the citizen was told."),
            FIRST_INQUIRY,
            field="department",
        )


def check_open(status: str) -> None:
    from .models import OPEN_STATUSES

    if status not in OPEN_STATUSES:
        raise RuleViolation("request_closed", _("This request is no longer open."), FIRST_INQUIRY)


def check_letter_extension(
    days: int, already_extended: bool, *, channel: str = "letter", reason: str = "x"
) -> None:
    """第三十四条 of 《信访工作条例》: a letter's 60-day period may be extended once, by at most 30 days,
    when the matter is complex, with the approval of the bureau's head, and the person is told the reason.
    Only letters (信访) have this period; other requests follow their own time limits."""
    if channel != "letter":
        raise RuleViolation(
            "extension_letters_only",
            _("Only the time limit of a letter (信访) can be extended."),
            LETTERS_FINISH,
        )
    if not (reason or "").strip():
        raise RuleViolation(
            "extension_reason",
            _("Give the reason for the extension; the citizen is told it."),
            LETTERS_FINISH,
            field="reason",
        )
    if already_extended:
        raise RuleViolation(
            "extension_used", _("The time limit of a letter can be extended only once."), LETTERS_FINISH
        )
    if not 1 <= days <= LETTER_EXTENSION_MAX_DAYS:
        raise RuleViolation(
            "extension_too_long",
            _("A letter's time limit can be extended by at most 30 days."),
            LETTERS_FINISH,
            field="days",
        )
