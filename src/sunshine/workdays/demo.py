"""Demo data: the calendar is seeded by migration; make sure the policy row and every year the
installed chinese-calendar package knows are present (idempotent)."""

from __future__ import annotations

from .models import CalendarPolicy
from .services import calendar_seed_from_package


def load(out) -> None:
    CalendarPolicy.objects.get_or_create(id=1)
    changed = calendar_seed_from_package(actor=None)
    out.write(
        f"workdays: calendar ready{' (imported ' + ', '.join(map(str, changed)) + ')' if changed else ''}\n"
    )
