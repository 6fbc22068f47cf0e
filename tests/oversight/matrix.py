"""Objects for the permission matrix. Every object concerns ``ctx.user`` (the requesting squad's officer
for "own", the other squad's for "other"): a squad leader sees their squad's, an officer their own,
inspectors and leaders everyone's. Investigations are read by bureau-wide roles only (misconduct.view)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.oversight.models import (
    AccountabilityAction,
    CheckEntry,
    ConductCheck,
    Finding,
    Investigation,
)
from tests.factories import UserFactory


def _check(ctx) -> ConductCheck:
    check = ConductCheck.objects.create(
        kind="daily", unit=ctx.unit, checked_at=timezone.now(), checked_by=ctx.user, place="矩阵"
    )
    CheckEntry.objects.create(
        conduct_check=check, staff=ctx.user.staff, checked_on=timezone.localdate(), uniform=False
    )
    return check


def check(ctx):
    return {"pk": _check(ctx).pk}


def finding(ctx):
    today = timezone.localdate()
    item = Finding.objects.create(
        conduct_check=_check(ctx),
        staff=ctx.user.staff,
        item="uniform",
        description="未按规定着装",
        found_on=today,
        due=today + dt.timedelta(days=7),
    )
    return {"pk": item.pk}


def investigation(ctx):
    from sunshine.service.models import SocialSupervisor, SupervisorReport

    user = UserFactory(username=f"matrix-sup-{ctx.which}", roles=[Role.SOCIAL_SUPERVISOR])
    sup, _created = SocialSupervisor.objects.get_or_create(
        user=user,
        defaults={
            "name": "矩阵监督员",
            "background": "resident",
            "area": "一中队",
            "appointed_on": dt.date(2026, 1, 1),
        },
    )
    report = SupervisorReport.objects.create(
        supervisor=sup,
        kind="misconduct",
        content="言语粗暴",
        place="人民路",
        occurred_at=timezone.now(),
        staff_reported=ctx.user.staff,
    )
    item = Investigation.objects.create(
        report=report, staff=ctx.user.staff, investigator=ctx.user, opened_at=timezone.now()
    )
    return {"pk": item.pk}


def action(ctx):
    item = AccountabilityAction.objects.create(
        staff=ctx.user.staff,
        kind="admonition",
        basis="《行为规范》第五条",
        reason="矩阵",
        proposed_by=ctx.user,
        proposed_at=timezone.now(),
    )
    return {"pk": item.pk}


def record(ctx):
    return {"pk": ctx.user.staff.pk}


OBJECTS = {
    "oversight:check_detail": check,
    "oversight-api-check": check,
    "oversight:finding_detail": finding,
    "oversight-api-finding": finding,
    "oversight-api-finding-respond": finding,
    "oversight-api-finding-close": finding,
    "oversight-api-finding-photos": finding,
    "oversight:investigation_detail": investigation,
    "oversight-api-investigation": investigation,
    "oversight-api-investigation-conclude": investigation,
    "oversight:action_detail": action,
    "oversight-api-action-decide": action,
    "oversight:record": record,
    "oversight-api-record": record,
}
