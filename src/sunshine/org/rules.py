"""The organisation's rules: who may handle cases, the training commitment, the legal reviewers' share.

:func:`assert_can_handle_cases` is THE qualification check: every module that makes someone a case
handler, an investigator or a signer calls it (《行政处罚法》第四十二条). The functions here are pure:
they read the objects they are given (prefetch ``certificates`` to avoid a query per person) and
never write.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from .models import Certificate, Staff, TrainingRecord

# 《行政处罚法》(2021) 第四十二条: penalties are carried out by officers with enforcement qualification.
CITE_QUALIFICATION = _("Administrative Penalty Law, Article 42")
# Seed 004 (the ministry's campaign plan): auxiliaries never carry out enforcement themselves.
CITE_AUXILIARY = _(
    "Administrative Penalty Law, Article 42; the ministry's campaign plan: auxiliaries may not carry out "
    "enforcement"
)
# Seed 003: the bureau's rules on officers' study: at least 60 hours of training a year.
CITE_TRAINING = _("The bureau's rules on officers' study and training: at least 60 hours a year")
# Seed 001: legal reviewers at least 3% of the unit's officers.
CITE_REVIEWER_SHARE = _(
    "The bureau's work plan for the three enforcement systems: legal reviewers at least 3%"
)
# 《行政处罚法》第五十八条第二款: a reviewer new to the role holds the legal professional qualification.
CITE_NEW_REVIEWER = _("Administrative Penalty Law, Article 58 paragraph 2")
CITE_CERTIFICATE_HOLDER = _("Administrative Penalty Law, Article 42")

TRAINING_HOURS_REQUIRED = Decimal("60")
LEGAL_REVIEWER_MIN_SHARE = Decimal("0.03")


class Code:
    """Stable error codes of the organisation's rules."""

    NOT_AN_OFFICER = "org.not_an_officer"
    NOT_ACTIVE = "org.not_active"
    NO_VALID_CERTIFICATE = "org.no_valid_certificate"
    NEW_REVIEWER_UNQUALIFIED = "org.new_reviewer_unqualified"
    CERTIFICATE_FOR_NON_OFFICER = "org.certificate_for_non_officer"


def certificate_in_force(certificate: Certificate, *, on: dt.date) -> bool:
    """A certificate is in force on a day when its status is valid and issued_on ≤ day ≤ expires_on.

    《行政处罚法》第四十二条: only officers holding a certificate in force carry out penalties.
    """
    return (
        certificate.status == Certificate.Status.VALID
        and certificate.issued_on <= on <= certificate.expires_on
    )


def certificate_for(staff: Staff, *, on: dt.date) -> Certificate | None:
    """The staff member's certificate in force on ``on``, or None."""
    for certificate in staff.certificates.all():
        if certificate_in_force(certificate, on=on):
            return certificate
    return None


def qualification_problems(staff: Staff, *, on: dt.date) -> list[RuleViolation]:
    """Every reason why ``staff`` may not handle cases on ``on`` (empty when qualified).

    《行政处罚法》第四十二条: administrative penalties are carried out by officers who hold
    administrative enforcement qualification; seed 004: auxiliaries never carry out enforcement.
    An officer qualifies when active (not on study leave, suspended or departed) and holding a
    certificate whose status is valid and whose validity includes the day.
    """
    problems: list[RuleViolation] = []
    if staff.kind != Staff.Kind.OFFICER:
        problems.append(
            RuleViolation(
                Code.NOT_AN_OFFICER,
                gettext(
                    "%(name)s is %(kind)s, not an enforcement officer, and may not carry out enforcement."
                )
                % {"name": staff.name, "kind": staff.get_kind_display().lower()},
                CITE_AUXILIARY,
            )
        )
        return problems
    if staff.status != Staff.Status.ACTIVE:
        problems.append(
            RuleViolation(
                Code.NOT_ACTIVE,
                gettext("%(name)s is not on duty (%(status)s) and may not carry out enforcement.")
                % {"name": staff.name, "status": staff.get_status_display().lower()},
                CITE_QUALIFICATION,
            )
        )
    if certificate_for(staff, on=on) is None:
        problems.append(
            RuleViolation(
                Code.NO_VALID_CERTIFICATE,
                gettext(
                    "%(name)s holds no enforcement certificate valid on %(date)s "
                    "(expired, suspended, revoked or not yet issued)."
                )
                % {"name": staff.name, "date": on.isoformat()},
                CITE_QUALIFICATION,
            )
        )
    return problems


def assert_can_handle_cases(staff: Staff, *, on: dt.date) -> None:
    """Raise :class:`RuleViolation` unless ``staff`` may handle cases on ``on``.

    《行政处罚法》第四十二条 (penalties by officers with enforcement qualification); seed 004
    (auxiliaries never carry out enforcement). The first reason found is raised.
    """
    problems = qualification_problems(staff, on=on)
    if problems:
        raise problems[0]


def is_qualified(staff: Staff, *, on: dt.date) -> bool:
    """Whether ``staff`` may handle cases on ``on`` (《行政处罚法》第四十二条)."""
    return not qualification_problems(staff, on=on)


def assert_may_hold_certificate(staff: Staff) -> None:
    """Only enforcement officers hold enforcement certificates (《行政处罚法》第四十二条; seed 004)."""
    if staff.kind != Staff.Kind.OFFICER:
        raise RuleViolation(
            Code.CERTIFICATE_FOR_NON_OFFICER,
            gettext("%(name)s is %(kind)s: only enforcement officers hold enforcement certificates.")
            % {"name": staff.name, "kind": staff.get_kind_display().lower()},
            CITE_AUXILIARY,
        )


def assert_can_become_legal_reviewer(staff: Staff) -> None:
    """A person new to legal review holds the national legal professional qualification.

    《行政处罚法》第五十八条第二款: 初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试
    取得法律职业资格。Reviewers already in the role before are not affected.
    """
    if not staff.legal_professional_qualification:
        raise RuleViolation(
            Code.NEW_REVIEWER_UNQUALIFIED,
            gettext(
                "%(name)s does not hold the national legal professional qualification and cannot be "
                "appointed as a new legal reviewer."
            )
            % {"name": staff.name},
            CITE_NEW_REVIEWER,
        )


def training_commitment_met(hours: Decimal) -> bool:
    """Seed 003: an officer studies at least 60 hours a year (60 meets it, 59.5 does not)."""
    return Decimal(hours) >= TRAINING_HOURS_REQUIRED


def training_hours(staff: Staff, year: int) -> Decimal:
    """The hours of training ``staff`` completed in calendar ``year`` (seed 003's 60-hour commitment)."""
    total = TrainingRecord.objects.filter(staff=staff, date__year=year).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


def training_by_year(records: Iterable[TrainingRecord]) -> list[dict]:
    """Group training records by year, newest first, with the hours and whether 60 were reached."""
    years: dict[int, dict] = {}
    for record in records:
        entry = years.setdefault(
            record.date.year, {"year": record.date.year, "hours": Decimal("0"), "records": []}
        )
        entry["hours"] += record.hours
        entry["records"].append(record)
    result = sorted(years.values(), key=lambda e: e["year"], reverse=True)
    for entry in result:
        entry["records"].sort(key=lambda r: r.date)
        entry["met"] = training_commitment_met(entry["hours"])
        entry["required"] = TRAINING_HOURS_REQUIRED
    return result


def legal_reviewers_required(officers: int) -> int:
    """The fewest legal reviewers for ``officers`` officers: 3% rounded up (seed 001)."""
    return math.ceil(Decimal(officers) * LEGAL_REVIEWER_MIN_SHARE)


def legal_reviewer_share_met(reviewers: int, officers: int) -> bool:
    """Seed 001: 法制审核人员不得少于本单位执法人员总数的3% (1 of 33 meets it, 1 of 34 does not)."""
    return Decimal(reviewers) >= Decimal(officers) * LEGAL_REVIEWER_MIN_SHARE


def legal_reviewer_share() -> dict:
    """The bureau's legal reviewers against its officers on duty, and whether the 3% rule holds (seed 001)."""
    active = Staff.objects.filter(status=Staff.Status.ACTIVE)
    officers = active.filter(kind=Staff.Kind.OFFICER).count()
    reviewers = active.filter(is_legal_reviewer=True).count()
    share = (Decimal(reviewers) / Decimal(officers)) if officers else Decimal("0")
    return {
        "reviewers": reviewers,
        "officers": officers,
        "share": share,
        "required_share": LEGAL_REVIEWER_MIN_SHARE,
        "required": legal_reviewers_required(officers),
        "met": legal_reviewer_share_met(reviewers, officers),
        "citation": CITE_REVIEWER_SHARE,
    }
