"""Demo data: inspection matters, a directory of 3,000 businesses with valid credit codes, the pool of
qualified officers, and two quarters of plans (2026 Q3 and Q4) published, drawn and inspected.

Deterministic (seeded) and idempotent: nothing is added when the demo plans exist. Plans go through the
services as of their own dates (publication before the public value's day); past results are written
in bulk with their publication deadlines (20 working days), most published.
"""

from __future__ import annotations

import datetime as dt
import random
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunshine.org.models import Staff, Unit
from sunshine.org.rules import is_qualified
from sunshine.workdays.calendar import add_working_days

from . import rules, services
from .codes import make_credit_code
from .models import InspectionMatter, Inspector, Plan, Target, Task

SEED = 20260707
N_TARGETS = 3000
MATTERS = [
    (
        "SJ-001",
        "门前三包责任制落实情况检查",
        "市容",
        "《城市市容和环境卫生管理条例》第十条",
        ["门前无乱堆乱放", "无出店经营", "责任牌公示"],
    ),
    (
        "SJ-002",
        "户外广告设施设置情况检查",
        "广告",
        "《城市市容和环境卫生管理条例》第十一条",
        ["已取得设置许可", "设施牢固安全", "内容与许可一致"],
    ),
    (
        "SJ-003",
        "餐饮油烟污染防治情况检查",
        "环保",
        "《大气污染防治法》第八十一条",
        ["油烟净化设施正常运行", "定期清洗记录", "无露天烧烤"],
    ),
    (
        "SJ-004",
        "建筑工地扬尘与渣土运输检查",
        "工地",
        "《大气污染防治法》第六十九条",
        ["围挡完整", "车辆冲洗", "渣土密闭运输"],
    ),
]
ROADS = ["钟吾路", "新华路", "人民路", "北京路", "南京路", "马陵山路", "沭河路", "新安路", "墨河路", "建设路"]
KINDS = ["餐饮", "商贸", "广告", "建筑", "服务"]
CATEGORY = {"餐饮": "环保", "商贸": "市容", "广告": "广告", "建筑": "工地", "服务": "市容"}
AREAS = [f"Z{i}" for i in range(1, 6)]


@contextmanager
def _as_of(day: dt.date):
    original = services._today
    services._today = lambda: day
    try:
        yield
    finally:
        services._today = original


def _directory(rng: random.Random, actor) -> None:
    lines = ["credit_code,name,kind,address,area,category,risk,compliance"]
    for i in range(N_TARGETS):
        trade = KINDS[i % len(KINDS)]
        individual = rng.random() < 0.4
        name = f"新城市{rng.choice(ROADS)}{trade}{'店' if individual else '有限公司'}{i + 1:04d}"
        lines.append(
            ",".join(
                [
                    make_credit_code(7_000_000 + i, prefix="92" if individual else "91"),
                    name,
                    "individual" if individual else "org",
                    f"{rng.choice(ROADS)}{rng.randint(1, 300)}号",
                    AREAS[i % len(AREAS)],
                    CATEGORY[trade],
                    rng.choices(["low", "medium", "high"], [5, 4, 1])[0],
                    rng.choices(["good", "normal", "poor"], [5, 4, 1])[0],
                ]
            )
        )
    report = services.directory_import(
        actor=actor, content="\n".join(lines).encode("utf-8"), filename="demo.csv"
    )
    assert report.ok, report.errors[:3]


def _pool(rng: random.Random, actor) -> None:
    today = timezone.localdate()
    officers = [
        s
        for s in Staff.objects.filter(kind=Staff.Kind.OFFICER).order_by("employee_no")
        if is_qualified(s, on=today)
    ]
    for i, staff in enumerate(officers):
        categories = [] if i % 3 == 0 else sorted({CATEGORY[KINDS[i % 5]], CATEGORY[KINDS[(i + 2) % 5]]})
        areas = [] if i % 2 == 0 else sorted({AREAS[i % 5], AREAS[(i + 1) % 5]})
        services.inspector_save(actor=actor, staff=staff, categories=categories, areas=areas)


def _quarter(rng, *, code, title, start, end, value_day, value, matters, unit, reviewer, leader) -> None:
    with _as_of(value_day - dt.timedelta(days=7)):
        plan = services.plan_create(
            actor=reviewer,
            data={
                "code": code,
                "title": title,
                "unit": unit,
                "proportion": 3,
                "frequency": "每季度一次",
                "period_start": start,
                "period_end": end,
                "inspectors_per_target": 2,
                "exclusions": "与检查对象有利害关系的人员；上一周期检查过该对象的人员",
                "exclude_inspected_since": start - dt.timedelta(days=92),
                "public_value_source": f"中国福利彩票双色球 {value_day:%Y-%m-%d} 开奖号码",
                "public_value_date": value_day,
            },
            matters=matters,
        )
        services.plan_approve(actor=leader, plan=plan)
        draw = services.plan_publish(actor=reviewer, plan=plan)
    with _as_of(value_day):
        services.public_value_enter(actor=reviewer, draw=draw, value=value)
        services.public_value_enter(actor=leader, draw=draw, value=value)
    today = timezone.localdate()
    tasks = list(Task.objects.filter(draw=draw).order_by("id"))
    changed = []
    for task in tasks:
        day = value_day + dt.timedelta(days=rng.randint(3, 70))
        if day >= today or rng.random() < 0.15:
            continue  # still to inspect
        task.inspected_on = day
        task.result = rng.choices([Task.Result.NO_PROBLEM, Task.Result.CORRECTED], [8, 2])[0]
        task.findings = (
            "" if task.result == Task.Result.NO_PROBLEM else "发现门前堆放杂物，已当场责令整改完毕"
        )
        task.publish_due = add_working_days(day, rules.publish_working_days())
        if task.publish_due < today or rng.random() < 0.7:
            task.published_at = timezone.make_aware(
                dt.datetime.combine(min(task.publish_due, today), dt.time(10))
            )
        changed.append(task)
    Task.objects.bulk_update(changed, ["inspected_on", "result", "findings", "publish_due", "published_at"])


def load(out) -> None:
    if Plan.objects.filter(code__startswith="DEMO-").exists():
        out.write("inspections: demo plans exist; nothing added")
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["reviewer", "leader"])}
    unit = (
        Unit.objects.filter(kind=Unit.Kind.SECTION).order_by("code").first()
        or Unit.objects.order_by("code").first()
    )
    if len(users) < 2 or unit is None:
        out.write("inspections: demo users or units missing (run the org and accounts demo first); skipped")
        return
    reviewer, leader = users["reviewer"], users["leader"]
    rng = random.Random(SEED)
    matters = [
        InspectionMatter.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": cat,
                "basis": basis,
                "content": name,
                "method": "现场检查",
                "checklist": items,
            },
        )[0]
        for code, name, cat, basis, items in MATTERS
    ]
    if not Target.objects.exists():
        _directory(rng, reviewer)
    if not Inspector.objects.exists():
        _pool(rng, reviewer)
    _quarter(
        rng,
        code="DEMO-2026Q3",
        title="2026年第三季度城市管理领域双随机抽查",
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 9, 30),
        value_day=dt.date(2026, 7, 2),
        value="04 09 13 21 26 32 + 11",
        matters=matters[:2],
        unit=unit,
        reviewer=reviewer,
        leader=leader,
    )
    _quarter(
        rng,
        code="DEMO-2026Q4",
        title="2026年第四季度城市管理领域双随机抽查",
        start=dt.date(2026, 10, 1),
        end=dt.date(2026, 12, 31),
        value_day=dt.date(2026, 10, 8),
        value="02 07 15 18 24 30 + 05",
        matters=matters[2:],
        unit=unit,
        reviewer=reviewer,
        leader=leader,
    )
    out.write(
        f"inspections: {Target.objects.count()} targets, {Inspector.objects.count()} inspectors, "
        "2 plans drawn"
    )
