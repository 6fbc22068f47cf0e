"""Forms: the day-count calculator, a year's holidays, the calendar policy."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CalendarYear
from .rules import CALENDAR, WORKING, Law

MAX_DAYS = 3660
LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s*(?:\.\.|~|～|至)\s*(\d{4}-\d{2}-\d{2}))?(?:\s+(.*))?$")


class CalculatorForm(forms.Form):
    COUNTS = [
        (WORKING, _("Working days")),
        (CALENDAR, _("Calendar days")),
        (Law.PENALTY, _("As the Administrative Penalty Law counts (Article 85)")),
        (Law.COMPULSION, _("As the Administrative Compulsion Law counts (Article 69)")),
        (Law.RECONSIDERATION, _("As the Administrative Reconsideration Law counts (Article 88)")),
    ]
    start = forms.DateField(
        label=_("Start day (not counted)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("Length in days"), min_value=0, max_value=MAX_DAYS)
    kind = forms.ChoiceField(label=_("Count as"), choices=COUNTS, initial=WORKING)

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not (1950 <= start.year <= 2150):
            raise forms.ValidationError(_("Choose a day between 1950 and 2150."))
        return start


def parse_days(text: str, year: int) -> dict[dt.date, str]:
    """Lines of ``YYYY-MM-DD [name]`` or ``YYYY-MM-DD..YYYY-MM-DD [name]`` → {date: name}."""
    days: dict[dt.date, str] = {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        try:
            if not match:
                raise ValueError
            first = dt.date.fromisoformat(match.group(1))
            last = dt.date.fromisoformat(match.group(2)) if match.group(2) else first
        except ValueError:
            raise forms.ValidationError(
                _("Line %(number)s is not “YYYY-MM-DD name” or “YYYY-MM-DD..YYYY-MM-DD name”: %(line)s"),
                params={"number": number, "line": line},
            ) from None
        if last < first or (last - first).days > 31:
            raise forms.ValidationError(
                _("Line %(number)s: the range must run forward and span at most a month."),
                params={"number": number},
            )
        if first.year != year or last.year != year:
            raise forms.ValidationError(
                _("Line %(number)s is not in %(year)s."), params={"number": number, "year": year}
            )
        name = (match.group(3) or "").strip()[:64]
        for offset in range((last - first).days + 1):
            days[first + dt.timedelta(days=offset)] = name
    return days


def format_days(days: dict[dt.date, str]) -> str:
    """The inverse of :func:`parse_days`, grouping consecutive days with the same name."""
    lines: list[str] = []
    run: list[dt.date] = []
    for day in sorted(days):
        if run and (day - run[-1]).days == 1 and days[day] == days[run[0]]:
            run.append(day)
            continue
        if run:
            lines.append(_format_run(run, days[run[0]]))
        run = [day]
    if run:
        lines.append(_format_run(run, days[run[0]]))
    return "\n".join(lines)


def _format_run(run: list[dt.date], name: str) -> str:
    head = run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}..{run[-1].isoformat()}"
    return f"{head} {name}".strip()


class YearForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CalendarYear.Status.choices)
    holidays = forms.CharField(
        label=_("Statutory holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: 2027-10-01..2027-10-07 国庆节, or a single day: 2027-01-01 元旦."),
    )
    makeup_workdays = forms.CharField(
        label=_("Make-up workdays (调休上班日)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, Saturdays or Sundays: 2027-09-26 国庆节."),
    )
    note = forms.CharField(label=_("Source (e.g. the State Council notice)"), max_length=200, required=False)

    def __init__(self, *args, year: int, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def clean_holidays(self):
        return parse_days(self.cleaned_data["holidays"], self.year)

    def clean_makeup_workdays(self):
        return parse_days(self.cleaned_data["makeup_workdays"], self.year)


class PolicyForm(forms.Form):
    roll_forward_calendar_periods = forms.BooleanField(
        label=_("A calendar-day period ending on a rest day ends on the next working day"), required=False
    )
    due_soon_working_days = forms.IntegerField(
        label=_("Highlight deadlines due within (working days)"), min_value=0, max_value=30
    )
