"""Seed the calendar from the chinese-calendar package, and the 2026 notice as LEGAL.md gives it.

Only the exceptions are stored (holidays and make-up workdays); ordinary weekends and workdays are
derived. Every year the package covers becomes an official year. The State Council's 2026 notice
(as quoted in LEGAL.md "Counting days") is written over the package's 2026 data,
so that the law's text wins should a package release ever disagree.

This migration imports no app code (STYLE.md 12); ``manage.py calendar_seed`` does the same import
later, for years added by newer package releases.
"""

import datetime as dt

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _span(first, last, name):
    day = first
    while day <= last:
        yield day, name
        day += dt.timedelta(days=1)


D = dt.date
NOTICE_2026_HOLIDAYS = dict(
    [
        *_span(D(2026, 1, 1), D(2026, 1, 3), "元旦"),
        *_span(D(2026, 2, 15), D(2026, 2, 23), "春节"),
        *_span(D(2026, 4, 4), D(2026, 4, 6), "清明节"),
        *_span(D(2026, 5, 1), D(2026, 5, 5), "劳动节"),
        *_span(D(2026, 6, 19), D(2026, 6, 21), "端午节"),
        *_span(D(2026, 9, 25), D(2026, 9, 27), "中秋节"),
        *_span(D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
    ]
)
NOTICE_2026_MAKEUP = {
    D(2026, 1, 4): "元旦",
    D(2026, 2, 14): "春节",
    D(2026, 2, 28): "春节",
    D(2026, 5, 9): "劳动节",
    D(2026, 9, 20): "国庆节",
    D(2026, 10, 10): "国庆节",
}


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarPolicy = apps.get_model("workdays", "CalendarPolicy")
    CalendarPolicy.objects.get_or_create(id=1)

    try:
        from chinese_calendar import constants
    except ImportError:  # the package is a dependency; without it only the 2026 notice is seeded
        holidays, makeup = {}, {}
    else:
        holidays = {day: NAMES.get(name, name) for day, name in constants.holidays.items()}
        makeup = {day: NAMES.get(name, name) for day, name in constants.workdays.items()}

    years = {day.year for day in holidays} | {day.year for day in makeup} | {2026}
    for day in [d for d in holidays if d.year == 2026]:
        del holidays[day]
    for day in [d for d in makeup if d.year == 2026]:
        del makeup[day]
    holidays.update(NOTICE_2026_HOLIDAYS)
    makeup.update(NOTICE_2026_MAKEUP)

    taken = set(CalendarDay.objects.values_list("date", flat=True))
    rows = [
        CalendarDay(date=day, is_workday=False, kind="holiday", name=name, source="package")
        for day, name in holidays.items()
        if day not in taken
    ] + [
        CalendarDay(date=day, is_workday=True, kind="makeup", name=name, source="package")
        for day, name in makeup.items()
        if day not in taken and day not in holidays
    ]
    CalendarDay.objects.bulk_create(rows, batch_size=500)
    known = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(year=year, status="official", source="package", note="chinese-calendar")
            for year in sorted(years - known)
        ]
    )


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarDay").objects.filter(source="package").delete()
    apps.get_model("workdays", "CalendarYear").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
