"""Demo data: the fact tables filled for the demo city, and the last finished quarter reported by every
squad, reviewed (one report returned once and corrected), aggregated and published — all through the
services, as of the quarter's last day (seed 001: the units report in the quarter's last week).

Squads other than 一中队 have no demo login; their leaders (the staff titled 中队长) get accounts with an
unusable password so that their reports have a 填报人. Idempotent: nothing is added once the quarter's
bureau report exists (the fill itself is always safe to run again).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.org.models import Staff

from . import aggregate, rules, selectors, services
from .models import BureauReport, UnitReport


def _previous_quarter(today: dt.date) -> tuple[int, int]:
    year, quarter = rules.quarter_of(today)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def _leader_of(unit, fallback):
    """The squad's leader login: the demo ``squadleader`` for its squad, else an account without a usable
    password for the staff member titled 中队长 (created once)."""
    if fallback is not None and getattr(fallback, "staff", None) and fallback.staff.unit_id == unit.pk:
        return fallback
    User = get_user_model()
    username = f"stats-{unit.code.lower()}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, display_name=f"{unit.name}中队长")
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.SQUAD_LEADER)[0])
    staff = Staff.objects.filter(unit=unit, user=user).first()
    if staff is None:
        staff = Staff.objects.filter(unit=unit, title="中队长", user__isnull=True).order_by("pk").first()
        if staff is not None:
            staff.user = user
            staff.save(update_fields=["user"])
        else:
            Staff.objects.create(
                user=user, employee_no=username, name=user.display_name, kind=Staff.Kind.OFFICER, unit=unit
            )
    return User.objects.get(pk=user.pk)


def load(out) -> None:
    run = aggregate.fill(trigger="command")
    out.write(f"  stats: {run.days} days aggregated, {run.rows} daily rows\n")
    User = get_user_model()
    year, quarter = _previous_quarter(timezone.localdate())
    if BureauReport.objects.filter(kind=BureauReport.Kind.QUARTERLY, year=year, quarter=quarter).exists():
        return
    reviewer = User.objects.filter(username="reviewer").first()
    leader = User.objects.filter(username="leader").first()
    squadleader = User.objects.filter(username="squadleader").first()
    if reviewer is None or leader is None:
        out.write("  stats: no demo reviewer or leader; reports skipped\n")
        return
    _first, last = rules.quarter_bounds(year, quarter)
    submit_day = last - dt.timedelta(days=2)
    for n, unit in enumerate(selectors.reporting_units()):
        if UnitReport.objects.filter(unit=unit, year=year, quarter=quarter).exists():
            continue
        user = _leader_of(unit, squadleader)
        report = services.unit_report_submit(
            actor=user, year=year, quarter=quarter, note="本季度执法数据", today=submit_day
        )
        if n == 1:
            services.unit_report_review(
                actor=reviewer, report=report, accept=False, comments="请核对行政复议数据后重新报送。"
            )
            report = services.unit_report_submit(
                actor=user, year=year, quarter=quarter, note="已核对行政复议数据", today=last
            )
        services.unit_report_review(actor=reviewer, report=report, accept=True)
    report = services.bureau_report_aggregate(actor=reviewer, year=year, quarter=quarter, today=last)
    services.bureau_report_publish(actor=leader, report=report, today=last)
    out.write(f"  stats: {year} Q{quarter} reported by every squad and published\n")
