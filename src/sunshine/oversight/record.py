"""The officer record (执法档案, seed 002: 建立执法人员执法档案): one page per officer and year.

Sections of this app (cases handled, conduct checks and findings, faults, accountability, exams and the
annual review, training) are built here with aggregate queries; other apps add theirs without editing
this file::

    # sunshine/evaluation/apps.py, in ready():
    from sunshine.oversight.record import register_record_section

    @register_record_section
    def scores(staff, year):
        return {"title": _("Case-file scores"), "template": "evaluation/record_section.html",
                "context": {...}, "order": 40}

A section function takes the officer (``org.Staff``) and the year and returns a dict with ``title``,
``template`` (included with ``data`` = the ``context`` dict, plus ``staff``, ``year`` and ``section``),
``context`` and ``order`` (lower first; this app's sections use 10, 20, ... 90), or None to show
nothing. ``oversight/_record_section.html`` renders ``{"rows": [(label, value), ...], "note": ...}`` for
a section that needs no template of its own. It must run in a few queries.
Fine amounts are never shown as a score (《行政处罚法》第七十四条): sections show counts and outcomes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from sunshine.org.models import Staff, TrainingRecord
from sunshine.org.rules import TRAINING_HOURS_REQUIRED, training_commitment_met

from . import rules, selectors
from .models import (
    AccountabilityAction,
    CertificateReview,
    CheckEntry,
    EnforcementFault,
    FaultFlag,
    Finding,
    QualificationExam,
)

logger = logging.getLogger(__name__)
SectionFn = Callable[[Staff, int], dict | None]
_SECTIONS: list[SectionFn] = []
LIST_LIMIT = 20


def register_record_section(fn: SectionFn) -> SectionFn:
    """Add a section to every officer record (idempotent: registering the same function twice is once)."""
    if fn not in _SECTIONS:
        _SECTIONS.append(fn)
    return fn


def registered_sections(staff: Staff, year: int) -> list[dict]:
    out = []
    for fn in list(_SECTIONS):
        section = fn(staff, year)
        if not section:
            continue
        section = dict(section)
        section.setdefault("order", 100)
        section.setdefault("context", {})
        out.append(section)
    return sorted(out, key=lambda s: s["order"])


def years_for(staff: Staff, today: dt.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    first = staff.hired_on.year if staff.hired_on else today.year - 4
    first = max(first, today.year - 9)
    return list(range(today.year, first - 1, -1))


def _cases(staff: Staff, year: int) -> dict:
    """Cases the officer handles that were registered in ``year``: one grouped count (by state, with the
    lead count) and the latest 20 assignments (newest handler rows first: the ``staff`` index, no sort)."""
    from sunshine.cases.models import CaseHandler

    rows = CaseHandler.objects.filter(staff=staff, case__registered_on__year=year)
    by_state, total, lead = {}, 0, 0
    for r in (
        rows.values("case__state").annotate(n=Count("id"), lead=Count("id", filter=Q(lead=True))).order_by()
    ):
        by_state[r["case__state"]] = r["n"]
        total += r["n"]
        lead += r["lead"]
    recent = list(
        rows.select_related("case")
        .only("lead", "case__id", "case__number", "case__state", "case__registered_on", "case__procedure")
        .order_by("-id")[:LIST_LIMIT]
    )
    return {"total": total, "lead": lead, "by_state": by_state, "recent": recent}


def _checks(staff: Staff, year: int) -> dict:
    entries = CheckEntry.objects.filter(staff=staff, checked_on__year=year)
    agg = entries.aggregate(
        checks=Count("id"),
        passed=Count("id", filter=Q(uniform=True, certificate=True, conduct=True, recorder=True)),
        uniform=Count("id", filter=Q(uniform=False)),
        certificate=Count("id", filter=Q(certificate=False)),
        conduct=Count("id", filter=Q(conduct=False)),
        recorder=Count("id", filter=Q(recorder=False)),
    )
    findings = Finding.objects.filter(staff=staff, found_on__year=year)
    fagg = findings.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Finding.Status.OPEN)),
        overdue=Count("id", filter=~Q(status=Finding.Status.CLOSED) & Q(due__lt=timezone.localdate())),
    )
    recent = list(
        findings.select_related("conduct_check", "staff__unit")
        .prefetch_related("photos")
        .order_by("-found_on", "-id")[:LIST_LIMIT]
    )
    return {"entries": agg, "findings": fagg, "recent_findings": recent}


def _faults(staff: Staff, year: int) -> dict:
    faults = list(
        EnforcementFault.objects.filter(responsible__staff=staff, found_on__year=year)
        .select_related("case")
        .prefetch_related("officers")
        .order_by("-found_on", "-id")
    )
    flag = FaultFlag.objects.filter(staff=staff, year=year).select_related("action").first()
    return {
        "faults": faults,
        "count": len(faults),
        "flagged": rules.flagged_for_faults(len(faults)),
        "flag": flag,
        "threshold": rules.FAULTS_FLAG_THRESHOLD,
    }


def _accountability(viewer, staff: Staff, year: int) -> dict:
    actions = list(
        AccountabilityAction.objects.filter(staff=staff, proposed_at__year=year)
        .select_related("decided_by", "proposed_by", "staff__unit")
        .order_by("-proposed_at", "-id")
    )
    visible = (
        set(
            selectors.investigations(viewer)
            .filter(pk__in=[a.investigation_id for a in actions if a.investigation_id])
            .values_list("pk", flat=True)
        )
        if any(a.investigation_id for a in actions)
        else set()
    )
    for action in actions:
        # The staff member concerned sees the action and its basis, never the investigation behind it.
        action.visible_investigation = action.investigation_id if action.investigation_id in visible else None
    return {"actions": actions}


def _qualification(staff: Staff, year: int) -> dict:
    exams = list(QualificationExam.objects.filter(staff=staff, sat_on__year=year).order_by("-sat_on"))
    reviews = list(CertificateReview.objects.filter(staff=staff, year=year).select_related("certificate"))
    return {"exams": exams, "reviews": reviews, "status": staff.status}


def _training(staff: Staff, year: int) -> dict:
    records = list(TrainingRecord.objects.filter(staff=staff, date__year=year).order_by("date"))
    hours = sum((r.hours for r in records), Decimal("0"))
    return {
        "records": records,
        "hours": hours,
        "required": TRAINING_HOURS_REQUIRED,
        "met": training_commitment_met(hours),
    }


def _investigations(viewer, staff: Staff, year: int) -> dict:
    """Only for the inspection office and leaders, never the officer concerned."""
    qs = selectors.investigations(viewer).filter(
        Q(staff=staff) | Q(report__staff_reported=staff), opened_at__year=year
    )
    return {"investigations": list(qs.order_by("-opened_at"))}


def officer_record(*, viewer, staff: Staff, year: int) -> dict:
    """Everything on one officer's record for one year, read in a fixed number of queries."""
    from sunshine.accounts.roles import has_capability

    record = {
        "staff": staff,
        "year": year,
        "years": years_for(staff),
        "cases": _cases(staff, year),
        "checks": _checks(staff, year),
        "faults": _faults(staff, year),
        "accountability": _accountability(viewer, staff, year),
        "qualification": _qualification(staff, year),
        "training": _training(staff, year),
        "investigations": _investigations(viewer, staff, year)
        if has_capability(viewer, "misconduct.view")
        else None,
        "sections": registered_sections(staff, year),
        "citation_fines": rules.CITE_FINES,
    }
    return record
