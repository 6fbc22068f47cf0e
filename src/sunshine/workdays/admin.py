"""Admin: the system administrator enters or corrects a year and sets the policy (through the
services, so that deadlines are recomputed and everything is audited); days and deadlines are read-only."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import RuleViolation

from . import services
from .forms import format_days, parse_days
from .models import CalendarDay, CalendarPolicy, CalendarYear, Deadline
from .rules import check_makeup_workday


def _may_manage(request) -> bool:
    return request.user.is_active and (
        request.user.is_superuser or has_capability(request.user, "calendar.manage")
    )


class _ManagedAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return _may_manage(request)

    def has_view_permission(self, request, obj=None):
        return _may_manage(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarYearForm(forms.ModelForm):
    holidays = forms.CharField(
        label=_("Statutory holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: 2027-10-01..2027-10-07 国庆节, or a single day: 2027-01-01 元旦."),
    )
    makeup_workdays = forms.CharField(
        label=_("Make-up workdays (调休上班日)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "status", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            year = self.instance.year
            stored = CalendarDay.objects.filter(date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            self.initial["holidays"] = format_days({d.date: d.name for d in stored if not d.is_workday})
            self.initial["makeup_workdays"] = format_days({d.date: d.name for d in stored if d.is_workday})

    def clean(self):
        data = super().clean()
        year = data.get("year") or self.instance.year
        if not year:
            return data
        try:
            data["holiday_days"] = parse_days(data.get("holidays", ""), year)
            data["makeup_days"] = parse_days(data.get("makeup_workdays", ""), year)
            for day in data["makeup_days"]:
                check_makeup_workday(day.weekday(), day.isoformat())
        except RuleViolation as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def validate_unique(self):
        """The service replaces the year's row, so an existing year is a correction, not a clash."""


@admin.register(CalendarYear)
class CalendarYearAdmin(_ManagedAdmin):
    form = CalendarYearForm
    list_display = ["year", "status", "source", "entered_by", "entered_at"]
    list_filter = ["status", "source"]

    def has_add_permission(self, request):
        return _may_manage(request)

    def has_change_permission(self, request, obj=None):
        return _may_manage(request)

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        row = services.calendar_year_set(
            year=obj.year,
            holidays=data["holiday_days"],
            makeup_workdays=data["makeup_days"],
            status=data["status"],
            note=data.get("note", ""),
            actor=request.user,
        )
        obj.pk = row.pk
        obj.source, obj.entered_by, obj.entered_at = row.source, row.entered_by, row.entered_at


@admin.register(CalendarDay)
class CalendarDayAdmin(_ManagedAdmin):
    list_display = ["date", "kind", "name", "source"]
    list_filter = ["kind", "source"]
    date_hierarchy = "date"


@admin.register(CalendarPolicy)
class CalendarPolicyAdmin(_ManagedAdmin):
    fields = ["roll_forward_calendar_periods", "due_soon_working_days"]

    def has_change_permission(self, request, obj=None):
        return _may_manage(request)

    def save_model(self, request, obj, form, change):
        services.calendar_policy_set(
            roll_forward_calendar_periods=obj.roll_forward_calendar_periods,
            due_soon_working_days=obj.due_soon_working_days,
            actor=request.user,
        )


@admin.register(Deadline)
class DeadlineAdmin(_ManagedAdmin):
    list_display = [
        "label",
        "owner_type",
        "owner_id",
        "due",
        "due_at",
        "status",
        "provisional",
        "responsible",
    ]
    list_filter = ["status", "kind", "provisional"]
    list_select_related = ["owner_type", "responsible"]
    search_fields = ["key", "label"]
