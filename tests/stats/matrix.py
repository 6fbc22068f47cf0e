"""Objects for the permission matrix: a unit's quarterly report belongs to its squad (a squad leader sees
only their own squad's); the bureau's reports belong to no squad."""

from __future__ import annotations

from django.utils import timezone

from sunshine.stats.models import BureauReport, UnitReport


def _unit_report(ctx) -> UnitReport:
    return UnitReport.objects.create(
        unit=ctx.unit,
        year=2000 + UnitReport.objects.filter(unit=ctx.unit).count(),
        quarter=3,
        status=UnitReport.Status.SUBMITTED,
        figures={"cases.opened": "3"},
        prepared_by=ctx.user,
        submitted_at=timezone.now(),
    )


def _bureau_report(ctx) -> BureauReport:
    year = 2000 + BureauReport.objects.count()
    return BureauReport.objects.create(
        kind=BureauReport.Kind.QUARTERLY,
        year=year,
        quarter=3,
        status=BureauReport.Status.AGGREGATED,
        figures={"cases.opened": "3"},
        aggregated_by=ctx.user,
        aggregated_at=timezone.now(),
    )


def unit_report(ctx):
    return {"pk": _unit_report(ctx).pk}


def unit_report_export(ctx):
    return {"pk": _unit_report(ctx).pk, "fmt": "xlsx"}


def bureau_report(ctx):
    return {"pk": _bureau_report(ctx).pk}


def bureau_report_export(ctx):
    return {"pk": _bureau_report(ctx).pk, "fmt": "xlsx"}


OBJECTS = {
    "stats:unit_report": unit_report,
    "stats:unit_report_review": unit_report,
    "stats:unit_report_export": unit_report_export,
    "stats:bureau_report": bureau_report,
    "stats:bureau_report_publish": bureau_report,
    "stats:bureau_report_export": bureau_report_export,
    "stats-api-unit-report": unit_report,
    "stats-api-unit-report-review": unit_report,
    "stats-api-unit-report-export": unit_report_export,
    "stats-api-bureau-report": bureau_report,
    "stats-api-bureau-report-publish": bureau_report,
    "stats-api-bureau-report-export": bureau_report_export,
}
UNSCOPED = {
    "stats:bureau_report",
    "stats:bureau_report_publish",
    "stats:bureau_report_export",
    "stats-api-bureau-report",
    "stats-api-bureau-report-publish",
    "stats-api-bureau-report-export",
}
