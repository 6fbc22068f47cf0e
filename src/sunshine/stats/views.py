"""Staff pages of statistics (``/work/stats/``) and the public report pages (``/stats/``)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required
from sunshine.org.models import Unit

from . import exports, rules, selectors, services
from .models import BureauReport, UnitReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        choices=[(0, gettext_lazy("Whole year")), *[(q, str(q)) for q in (1, 2, 3, 4)]],
    )


class SubmitForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"), coerce=int, choices=[(q, str(q)) for q in (1, 2, 3, 4)]
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea)
    late_reason = forms.CharField(
        label=gettext_lazy("Reason for late submission"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("accept", gettext_lazy("Accept")), ("return", gettext_lazy("Return with comments"))],
    )
    comments = forms.CharField(
        label=gettext_lazy("Comments"), required=False, max_length=4000, widget=forms.Textarea
    )


class AggregateForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        choices=[*[(q, str(q)) for q in (1, 2, 3, 4)], (0, gettext_lazy("Annual report"))],
    )


def _fail(request, exc) -> None:
    citation = getattr(exc, "citation", "")
    text = str(getattr(exc, "message", exc))
    messages.error(request, f"{text}（{citation}）" if citation else text)


def _period(data, today: dt.date) -> tuple[int, int, dt.date, dt.date]:
    year, quarter = rules.quarter_of(today)
    form = PeriodForm(data or None)
    if form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    if quarter:
        start, end = rules.quarter_bounds(year, quarter)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return year, quarter, start, end


@capability_required("stats.view")
def index(request):
    """The statistics table of a quarter or a year, for the user's scope or one unit in it."""
    today = timezone.localdate()
    year, quarter, start, end = _period(request.GET, today)
    unit = None
    code = request.GET.get("unit", "")
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise Http404
    data = selectors.figures(request.user, start, end, unit)
    prefix = selectors.scope(request.user)
    units = [u for u in selectors.reporting_units() if u.path.startswith(prefix)]
    return render(
        request,
        "stats/index.html",
        {
            "data": data,
            "year": year,
            "quarter": quarter,
            "unit": unit,
            "units": units,
            "years": list(range(today.year, today.year - 5, -1)),
        },
    )


@capability_required("stats.view")
def dashboard(request):
    return render(request, "stats/dashboard.html", {"updated_at": selectors.last_fill()})


@capability_required("stats.view")
def dashboard_data(request):
    """The dashboard's figures as JSON (from the fact tables only)."""
    return JsonResponse(selectors.dashboard(request.user))


@capability_required("stats.view")
def reports(request):
    today = timezone.localdate()
    year, quarter = rules.quarter_of(today)
    opens, closes = rules.submission_window(year, quarter)
    return render(
        request,
        "stats/reports.html",
        {
            "unit_reports": selectors.unit_reports(request.user)[:200],
            "bureau_reports": selectors.bureau_reports(request.user)[:50],
            "submit_form": SubmitForm(initial={"year": year, "quarter": quarter}),
            "aggregate_form": AggregateForm(initial={"year": year, "quarter": quarter}),
            "window": (opens, closes),
            "can_submit": has_capability(request.user, "stats.submit"),
            "can_review": has_capability(request.user, "stats.review"),
        },
    )


@require_POST
@capability_required("stats.submit")
def unit_report_submit(request):
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the year and the quarter."))
        return redirect("stats:reports")
    try:
        report = services.unit_report_submit(actor=request.user, **form.cleaned_data)
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
        return redirect("stats:reports")
    messages.success(request, _("The quarterly report was submitted to the legal section."))
    return redirect("stats:unit_report", pk=report.pk)


@capability_required("stats.view")
def unit_report(request, pk: int):
    report = selectors.unit_report_for(request.user, pk)
    can_review = has_capability(request.user, "stats.review") and report.status == UnitReport.Status.SUBMITTED
    return render(
        request,
        "stats/unit_report.html",
        {
            "report": report,
            "rows": selectors.table_rows(report.figures),
            "review_form": ReviewForm() if can_review else None,
            "can_resubmit": has_capability(request.user, "stats.submit")
            and report.status == UnitReport.Status.RETURNED,
        },
    )


@require_POST
@capability_required("stats.review")
def unit_report_review(request, pk: int):
    report = selectors.unit_report_for(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to return the report."))
        return redirect("stats:unit_report", pk=report.pk)
    try:
        services.unit_report_review(
            actor=request.user,
            report=report,
            accept=form.cleaned_data["decision"] == "accept",
            comments=form.cleaned_data["comments"],
        )
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The review was recorded."))
    return redirect("stats:unit_report", pk=report.pk)


def _download(sheet, fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(exports.xlsx(sheet), content_type=XLSX)
    elif fmt == "pdf":
        response = HttpResponse(exports.pdf(sheet), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@capability_required("stats.view")
def unit_report_export(request, pk: int, fmt: str):
    report = selectors.unit_report_for(request.user, pk)
    return _download(
        exports.unit_sheet(report), fmt, f"stats-{report.unit.code}-{report.year}Q{report.quarter}"
    )


@require_POST
@capability_required("stats.review")
def bureau_report_aggregate(request):
    form = AggregateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the year and the quarter."))
        return redirect("stats:reports")
    try:
        report = services.bureau_report_aggregate(actor=request.user, **form.cleaned_data)
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
        return redirect("stats:reports")
    messages.success(request, _("The bureau's report was aggregated."))
    return redirect("stats:bureau_report", pk=report.pk)


@capability_required("stats.view")
def bureau_report(request, pk: int):
    report = selectors.bureau_report_for(pk)
    return render(
        request,
        "stats/bureau_report.html",
        {
            "report": report,
            "rows": selectors.table_rows(report.figures),
            "by_unit": sorted(report.by_unit.items()),
            "deadline": rules.annual_deadline(report.year)
            if report.kind == BureauReport.Kind.ANNUAL
            else None,
            "can_publish": has_capability(request.user, "stats.publish")
            and report.status == BureauReport.Status.AGGREGATED,
        },
    )


@require_POST
@capability_required("stats.publish")
def bureau_report_publish(request, pk: int):
    report = selectors.bureau_report_for(pk)
    try:
        services.bureau_report_publish(actor=request.user, report=report)
    except (RuleViolation, PermissionDeniedError) as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The report is published on the portal."))
    return redirect("stats:bureau_report", pk=report.pk)


@capability_required("stats.view")
def bureau_report_export(request, pk: int, fmt: str):
    report = selectors.bureau_report_for(pk)
    return _download(exports.bureau_sheet(report), fmt, f"stats-{report}")


# --- public pages (no login) ----------------------------------------------------------------------


def portal_index(request):
    """Published quarterly and annual figures of the bureau (seed 001; 国办发〔2018〕118号)."""
    return render(
        request, "stats/portal_index.html", {"reports": selectors.bureau_reports(published_only=True)[:40]}
    )


portal_index.public = True


def portal_report(request, pk: int):
    report = selectors.bureau_report_for(pk, published_only=True)
    return render(
        request,
        "stats/portal_report.html",
        {"report": report, "rows": selectors.table_rows(report.figures)},
    )


portal_report.public = True


def portal_export(request, pk: int, fmt: str):
    report = selectors.bureau_report_for(pk, published_only=True)
    return _download(exports.bureau_sheet(report), fmt, f"stats-{report}")


portal_export.public = True
