"""Holiday notices the law text gives us directly, which win over the chinese-calendar package.

LEGAL.md "Counting days" quotes the State Council's notice for 2026; it is kept here so that
re-seeding from a newer package release can never change those days. (Migration 0002 holds its own
copy, because migrations import no app code.)
"""

from __future__ import annotations

import datetime as dt

PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def span(first: dt.date, last: dt.date, name: str) -> dict[dt.date, str]:
    """Every day from ``first`` to ``last`` inclusive, named ``name``."""
    return {first + dt.timedelta(days=i): name for i in range((last - first).days + 1)}


D = dt.date

# year -> (holidays, make-up workdays)
NOTICES: dict[int, tuple[dict[dt.date, str], dict[dt.date, str]]] = {
    2026: (
        {
            **span(D(2026, 1, 1), D(2026, 1, 3), "元旦"),
            **span(D(2026, 2, 15), D(2026, 2, 23), "春节"),
            **span(D(2026, 4, 4), D(2026, 4, 6), "清明节"),
            **span(D(2026, 5, 1), D(2026, 5, 5), "劳动节"),
            **span(D(2026, 6, 19), D(2026, 6, 21), "端午节"),
            **span(D(2026, 9, 25), D(2026, 9, 27), "中秋节"),
            **span(D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
        },
        {
            D(2026, 1, 4): "元旦",
            D(2026, 2, 14): "春节",
            D(2026, 2, 28): "春节",
            D(2026, 5, 9): "劳动节",
            D(2026, 9, 20): "国庆节",
            D(2026, 10, 10): "国庆节",
        },
    ),
}


def package_years() -> dict[int, tuple[dict[dt.date, str], dict[dt.date, str]]]:
    """The chinese-calendar package's data by year, with :data:`NOTICES` written over it."""
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - the package is a dependency
        holidays, makeup = {}, {}
    else:
        holidays, makeup = constants.holidays, constants.workdays
    years: dict[int, tuple[dict, dict]] = {}
    for day, name in holidays.items():
        years.setdefault(day.year, ({}, {}))[0][day] = PACKAGE_NAMES.get(name, name)
    for day, name in makeup.items():
        years.setdefault(day.year, ({}, {}))[1][day] = PACKAGE_NAMES.get(name, name)
    for year, (notice_holidays, notice_makeup) in NOTICES.items():
        years[year] = (dict(notice_holidays), dict(notice_makeup))
    return years
