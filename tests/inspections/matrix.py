"""Objects for the permission matrix: plans and draws belong to no squad (the whole bureau's
programme); a task is visible to the officers drawn for it, so the "own" task is drawn for every
staff member of the requesting squad and the "other" task for the other squad's."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.inspections.models import Draw, Plan, Task
from sunshine.org.models import Staff
from tests.factories import InspectionMatterFactory, TargetFactory


def _plan(ctx, suffix: str) -> Plan:
    plan = Plan.objects.create(
        code=f"MX-{ctx.which}-{suffix}-{Plan.objects.count()}",
        title="矩阵测试抽查计划",
        unit=ctx.units["legal"],
        count=1,
        frequency="每季度一次",
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 12, 31),
        public_value_source="中国福利彩票双色球开奖号码",
        public_value_date=dt.date(2026, 12, 1),
        created_by=ctx.user,
    )
    plan.matters.add(InspectionMatterFactory())
    return plan


def _draw(ctx, suffix: str) -> Draw:
    return Draw.objects.create(
        plan=_plan(ctx, suffix),
        algorithm="matrix",
        plan_data={},
        snapshot="",
        snapshot_hash="0" * 64,
        inspectors="",
        frozen_at=timezone.now(),
    )


def plan(ctx):
    return {"pk": _plan(ctx, "plan").pk}


def plan_action(ctx):
    return {"pk": _plan(ctx, "action").pk, "action": "approve"}


def draw(ctx):
    return {"pk": _draw(ctx, "draw").pk}


def task(ctx):
    drawn = _draw(ctx, "task")
    item = Task.objects.create(draw=drawn, target=TargetFactory(), unit=ctx.unit)
    item.inspectors.set(Staff.objects.filter(unit=ctx.unit))
    return {"pk": item.pk}


def target(ctx):
    return {"pk": TargetFactory().pk}


def inspector(ctx):
    from sunshine.inspections.models import Inspector

    staff = Staff.objects.filter(unit=ctx.unit, kind=Staff.Kind.OFFICER).first()
    item, _created = Inspector.objects.get_or_create(staff=staff)
    return {"pk": item.pk}


def inspector_api(ctx):
    from sunshine.inspections.models import Inspector

    staff = Staff.objects.filter(unit=ctx.unit, kind=Staff.Kind.OFFICER).first()
    Inspector.objects.get_or_create(staff=staff)
    return {"staff": staff.employee_no}


OBJECTS = {
    "inspections:target_edit": target,
    "inspections:target_active": target,
    "inspections-api-target": target,
    "inspections:inspector_remove": inspector,
    "inspections-api-inspector": inspector_api,
    "inspections:plan_detail": plan,
    "inspections:plan_action": plan_action,
    "inspections-api-plan-approve": plan,
    "inspections-api-plan-publish": plan,
    "inspections-api-draw": draw,
    "inspections-api-public-value": draw,
    "inspections:task_detail": task,
    "inspections:task_publish": task,
    "inspections-api-task-record": task,
}
UNSCOPED = {
    "inspections:target_edit",
    "inspections:target_active",
    "inspections-api-target",
    "inspections:inspector_remove",
    "inspections-api-inspector",
    "inspections:plan_detail",
    "inspections:plan_action",
    "inspections-api-plan-approve",
    "inspections-api-plan-publish",
    "inspections-api-draw",
    "inspections-api-public-value",
    "inspections:task_publish",
}
