"""Writes of statistics: the quarterly reporting chain (seed 001) and the annual report.

unit submits its quarter → the legal section returns it with comments or accepts it → the legal
section aggregates the accepted reports into the bureau's report → the bureau publishes it on the
portal. The annual report is aggregated from the year and published by 31 January.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.selectors import user_staff

from . import rules, selectors
from .models import BureauReport, UnitReport

CITE = rules.CITE_QUARTERLY


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You may not do this."))


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


@transaction.atomic
def unit_report_submit(
    *, actor, year: int, quarter: int, note: str = "", late_reason: str = "", today: dt.date | None = None
) -> UnitReport:
    """Submit the actor's unit's figures of ``quarter`` (seed 001: in the quarter's last week), or
    resubmit a report the legal section returned. The figures are read from the fact tables now."""
    _require(actor, "stats.submit")
    staff = user_staff(actor)
    if staff is None or staff.unit.kind != "squad":
        raise PermissionDeniedError(_("Only an enforcement unit's leader submits its quarterly figures."))
    today = _today(today)
    start, end = rules.quarter_bounds(int(year), int(quarter))
    report = (
        UnitReport.objects.select_for_update().filter(unit=staff.unit, year=year, quarter=quarter).first()
    )
    if report is not None and report.status != UnitReport.Status.RETURNED:
        raise RuleViolation(
            "stats.already_submitted",
            _("This quarter's report has already been submitted (%(status)s).")
            % {"status": report.get_status_display()},
            CITE,
        )
    if report is None:
        late = rules.check_submission(year=year, quarter=quarter, today=today, late_reason=late_reason)
    else:
        late = report.late  # a returned report is corrected whenever the legal section asked for it
    figures = selectors.table(staff.unit.path, start, end)
    now = timezone.now()
    if report is None:
        report = UnitReport.objects.create(
            unit=staff.unit,
            year=year,
            quarter=quarter,
            status=UnitReport.Status.SUBMITTED,
            figures=figures,
            note=note,
            prepared_by=actor,
            submitted_at=now,
            late=late,
            late_reason=late_reason.strip() if late else "",
        )
    else:
        report.status = UnitReport.Status.SUBMITTED
        report.figures = figures
        report.note = note
        report.prepared_by = actor
        report.submitted_at = now
        report.submissions += 1
        report.save(update_fields=["status", "figures", "note", "prepared_by", "submitted_at", "submissions"])
    audit_append(
        actor=actor,
        action="stats.unit_report_submit",
        obj=report,
        payload={"year": year, "quarter": quarter, "late": late, "submissions": report.submissions},
    )
    return report


@transaction.atomic
def unit_report_review(*, actor, report: UnitReport, accept: bool, comments: str = "") -> UnitReport:
    """The legal section accepts a submitted report or returns it with comments (seed 001)."""
    _require(actor, "stats.review")
    report = UnitReport.objects.select_for_update().get(pk=report.pk)
    if report.status != UnitReport.Status.SUBMITTED:
        raise RuleViolation(
            "stats.not_submitted", _("Only a submitted report can be reviewed."), rules.CITE_AGGREGATE
        )
    if not accept:
        rules.check_return_comments(comments=comments)
    report.status = UnitReport.Status.ACCEPTED if accept else UnitReport.Status.RETURNED
    report.comments = comments.strip()
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "comments", "reviewed_by", "reviewed_at"])
    audit_append(
        actor=actor,
        action="stats.unit_report_accept" if accept else "stats.unit_report_return",
        obj=report,
        payload={"comments": report.comments},
    )
    return report


@transaction.atomic
def bureau_report_aggregate(
    *, actor, year: int, quarter: int = 0, today: dt.date | None = None
) -> BureauReport:
    """The legal section aggregates the bureau's figures: a quarter once every unit's report is accepted,
    or the year (``quarter=0``) once its four quarters are aggregated (seed 001)."""
    _require(actor, "stats.review")
    today = _today(today)
    year, quarter = int(year), int(quarter)
    if quarter:
        start, end = rules.quarter_bounds(year, quarter)
        rules.check_period_over(year=year, quarter=quarter, today=today)
        units = list(selectors.reporting_units())
        accepted = {
            r.unit_id: r
            for r in UnitReport.objects.filter(
                year=year, quarter=quarter, status=UnitReport.Status.ACCEPTED, unit__in=units
            )
        }
        rules.check_all_accepted(missing=[u.name for u in units if u.pk not in accepted])
        by_unit = {u.code: {"name": u.name, "figures": accepted[u.pk].figures} for u in units}
        kind = BureauReport.Kind.QUARTERLY
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        rules.check_period_over(year=year, quarter=4, today=today)
        done = set(
            BureauReport.objects.filter(kind=BureauReport.Kind.QUARTERLY, year=year).values_list(
                "quarter", flat=True
            )
        )
        rules.check_all_accepted(missing=[f"{year}Q{q}" for q in (1, 2, 3, 4) if q not in done])
        by_unit = {
            u.code: {"name": u.name, "figures": selectors.table(u.path, start, end)}
            for u in selectors.reporting_units()
        }
        kind = BureauReport.Kind.ANNUAL
    report = BureauReport.objects.select_for_update().filter(kind=kind, year=year, quarter=quarter).first()
    if report is not None and report.status == BureauReport.Status.PUBLISHED:
        raise RuleViolation(
            "stats.already_published", _("This report is already published."), rules.CITE_AGGREGATE
        )
    figures = selectors.table("", start, end)
    if report is None:
        report = BureauReport.objects.create(
            kind=kind,
            year=year,
            quarter=quarter,
            status=BureauReport.Status.AGGREGATED,
            figures=figures,
            by_unit=by_unit,
            aggregated_by=actor,
            aggregated_at=timezone.now(),
        )
    else:
        report.figures, report.by_unit = figures, by_unit
        report.aggregated_by, report.aggregated_at = actor, timezone.now()
        report.save(update_fields=["figures", "by_unit", "aggregated_by", "aggregated_at"])
    audit_append(
        actor=actor,
        action="stats.bureau_report_aggregate",
        obj=report,
        payload={"kind": kind, "year": year, "quarter": quarter, "units": sorted(by_unit)},
    )
    return report


@transaction.atomic
def bureau_report_publish(*, actor, report: BureauReport, today: dt.date | None = None) -> BureauReport:
    """The bureau publishes an aggregated report on the portal; the annual one after the year and by
    31 January (国办发〔2018〕118号), marked late after that."""
    _require(actor, "stats.publish")
    report = BureauReport.objects.select_for_update().get(pk=report.pk)
    if report.status == BureauReport.Status.PUBLISHED:
        raise RuleViolation(
            "stats.already_published", _("This report is already published."), rules.CITE_AGGREGATE
        )
    today = _today(today)
    late = False
    if report.kind == BureauReport.Kind.ANNUAL:
        late = rules.check_annual_publication(year=report.year, today=today)
    report.status = BureauReport.Status.PUBLISHED
    report.published_by = actor
    report.published_at = timezone.now()
    report.published_late = late
    report.save(update_fields=["status", "published_by", "published_at", "published_late"])
    audit_append(
        actor=actor,
        action="stats.bureau_report_publish",
        obj=report,
        payload={"kind": report.kind, "year": report.year, "quarter": report.quarter, "late": late},
    )
    return report
