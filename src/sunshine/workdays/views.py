"""Staff pages: the year's calendar with the day-count calculator, the deadline boards, and the
system administrator's pages to enter a year and set the policy. Thin: parse, call, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sunshine.accounts.roles import bureau_wide
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required
from sunshine.org.models import Unit

from . import calendar, selectors, services
from .forms import CalculatorForm, PolicyForm, YearForm, format_days
from .models import CalendarDay, CalendarYear
from .rules import CALENDAR, WORKING, statutory_period_kind
from .services import YEAR_MAX, YEAR_MIN

BOARD_PAGE_SIZE = 50


def _year_param(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if YEAR_MIN <= year <= YEAR_MAX else timezone.localdate().year


def calculate(start: dt.date, days: int, count: str) -> calendar.Computed:
    """The calculator's answer: a plain working/calendar count, or a law's own way of counting."""
    if count in (WORKING, CALENDAR):
        return calendar.compute(start, days, count)
    period = statutory_period_kind(days, count)
    return calendar.compute(start, days, period.kind, rule=period.rule, citation=period.citation)


@capability_required("calendar.view")
def calendar_page(request):
    year = _year_param(request)
    result = None
    form = CalculatorForm(request.GET if "start" in request.GET else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = calculate(data["start"], data["days"], data["kind"])
    months = [
        {"number": month, "date": dt.date(year, month, 1), "weeks": selectors.month_grid(year, month)}
        for month in range(1, 13)
    ]
    context = {
        "year": year,
        "summary": selectors.year_summary(year),
        "months": months,
        "today": timezone.localdate(),
        "form": form,
        "result": result,
        "weekdays": [
            pgettext("weekday", "Mon"),
            pgettext("weekday", "Tue"),
            pgettext("weekday", "Wed"),
            pgettext("weekday", "Thu"),
            pgettext("weekday", "Fri"),
            pgettext("weekday", "Sat"),
            pgettext("weekday", "Sun"),
        ],
    }
    return render(request, "workdays/calendar.html", context)


def _page(request, rows):
    return Paginator(rows, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))


@capability_required("deadlines.view")
def board_mine(request):
    page = _page(request, selectors.deadline_board(request.user))
    return render(
        request,
        "workdays/board.html",
        {"page": page, "scope": "mine", "counts": selectors.deadline_counts(request.user)},
    )


@capability_required("deadlines.view")
def board_unit(request):
    units = selectors.visible_units(request.user)
    unit = None
    if request.GET.get("unit"):
        try:
            unit = units.get(pk=int(request.GET["unit"]))
        except (ValueError, Unit.DoesNotExist):
            raise Http404 from None
    else:
        unit = selectors.user_unit(request.user)
        if unit is None and bureau_wide(request.user):
            unit = units.order_by("path").first()
    if unit is None:
        raise Http404
    page = _page(request, selectors.deadline_board_for_unit(request.user, unit))
    return render(
        request,
        "workdays/board.html",
        {
            "page": page,
            "scope": "unit",
            "unit": unit,
            "units": units.order_by("path"),
        },
    )


@capability_required("calendar.manage")
def year_list(request):
    policy_row = services.CalendarPolicy.objects.filter(id=1).first()
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                services.calendar_policy_set(actor=request.user, **form.cleaned_data)
            except (RuleViolation, PermissionDeniedError) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The calendar policy was saved."))
                return redirect("workdays:year_list")
    else:
        current = calendar.policy()
        form = PolicyForm(
            initial={
                "roll_forward_calendar_periods": current.roll_forward_calendar_periods,
                "due_soon_working_days": current.due_soon_working_days,
            }
        )
    this_year = timezone.localdate().year
    known = {row.year: row for row in CalendarYear.objects.select_related("entered_by")}
    years = [
        {"year": year, "row": known.get(year), "provisional": calendar.is_provisional_year(year)}
        for year in sorted(set(known) | {this_year, this_year + 1}, reverse=True)
    ]
    return render(
        request,
        "workdays/year_list.html",
        {"years": years, "form": form, "policy": policy_row, "next_year": this_year + 1},
    )


@capability_required("calendar.manage")
def year_edit(request, year: int):
    if not (YEAR_MIN <= year <= YEAR_MAX):
        raise Http404
    row = CalendarYear.objects.filter(year=year).first()
    if request.method == "POST":
        form = YearForm(request.POST, year=year)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.calendar_year_set(
                    year=year,
                    holidays=data["holidays"],
                    makeup_workdays=data["makeup_workdays"],
                    status=data["status"],
                    note=data["note"],
                    actor=request.user,
                )
            except RuleViolation as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("The calendar of %(year)s was saved.") % {"year": year})
                return redirect("workdays:year_list")
    else:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        stored = CalendarDay.objects.filter(date__range=(first, last))
        form = YearForm(
            year=year,
            initial={
                "status": row.status if row else CalendarYear.Status.OFFICIAL,
                "holidays": format_days({d.date: d.name for d in stored if not d.is_workday}),
                "makeup_workdays": format_days({d.date: d.name for d in stored if d.is_workday}),
                "note": row.note if row else "",
            },
        )
    return render(request, "workdays/year_form.html", {"year": year, "row": row, "form": form})
