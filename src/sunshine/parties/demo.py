"""Demo data: vending points, street vendors and shops, and a few hundred contacts along the ladder.

Runs after the org demo (grids, staff, logins) and the catalog demo (matters). Deterministic (a seeded
random generator) and idempotent: vending points are found by code, and parties and contacts are
only created when no contact exists yet. Contacts go through ``services.contact_record`` in time
order, so every stored recommendation is the one the ladder gave at that moment.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import ric, uscc

from sunshine.catalog.models import Matter
from sunshine.core.errors import RuleViolation
from sunshine.core.identity import _org_code_check
from sunshine.org.models import Grid, Staff
from sunshine.org.services import point_in_polygon

from . import services
from .ladder import recommendation_for
from .models import FieldContact, Party, Step, VendingPoint

SEED = 20260301
# Seed 003 mentions 83 designated stalls/points in 新沂; a realistic subset of named points.
POINTS = [
    ("XY-BM-001", "城南小学瓜果疏导点", "农民自产自销瓜果", 12, 4, "06:00-09:00, 16:30-19:30"),
    ("XY-BM-002", "钟吾路早餐疏导点", "早餐", 10, 3, "05:30-09:00"),
    ("XY-BM-003", "新华路夜市", "小吃、日用百货", 30, 6, "17:30-23:00"),
    ("XY-BM-004", "北京路便民市场", "蔬菜、水果", 24, 5, "06:00-18:00"),
    ("XY-BM-005", "人民广场文创集市", "手工艺品、文创", 16, 3, "周五至周日 17:00-22:00"),
    ("XY-BM-006", "火车站便民摊点群", "饮料、零食", 8, 2, "07:00-21:00"),
    ("XY-BM-007", "沭河湾夜市", "小吃、烧烤（净化设施）", 20, 4, "18:00-23:30"),
    ("XY-BM-008", "北沟街道瓜果疏导点", "农民自产自销瓜果", 10, 4, "06:00-10:00"),
    ("XY-BM-009", "唐店农贸疏导点", "蔬菜、禽蛋", 14, 4, "05:30-11:00"),
    ("XY-BM-010", "高铁新城便民点", "早餐、饮料", 6, 2, "06:30-09:30"),
    ("XY-BM-011", "马陵山路修补服务点", "修鞋、配钥匙、缝补", 8, 4, "08:00-18:00"),
    ("XY-BM-012", "墨河东早市", "蔬菜、水果、早点", 18, 4, "05:00-08:30"),
    ("XY-BM-013", "瓦窑社区便民点", "日用百货", 6, 2, "08:00-20:00"),
    ("XY-BM-014", "城南夜市", "小吃、服装", 26, 5, "18:00-23:00"),
    ("XY-BM-015", "经济开发区午餐点", "盒饭、快餐", 10, 2, "10:30-13:30"),
    ("XY-BM-016", "新安西瓜果疏导点", "农民自产自销瓜果", 8, 3, "06:00-10:00, 16:00-19:00"),
    ("XY-BM-017", "南京路便民服务点", "修车、修伞、磨刀", 6, 3, "08:00-18:00"),
    ("XY-BM-018", "墨河西花卉疏导点", "花卉、苗木", 8, 2, "07:00-17:00"),
]
STREET_MATTERS = ["SR-018", "GS-001", "SR-019", "HB-009"]  # vendors: stalls on the road, no licence, barbecue
SHOP_MATTERS = ["SR-019", "SR-014", "HB-018"]  # shops: trading outside the door, piling goods, loudspeakers
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟强磊军勇杰涛斌超明刚平辉鹏华飞芳娜敏静丽艳娟霞玲婷秀英桂兰凤珍"
DESCRIPTIONS = [
    "骑三轮车卖西瓜的中年男子",
    "推车卖烤红薯的老人",
    "地摊卖袜子的年轻女子",
    "面包车后备箱卖水果",
    "流动卖糖葫芦的男子",
    "摆地摊卖玩具的中年妇女",
    "路边卖煎饼的推车",
    "卖小龙虾的电动三轮车",
]
SHOPS = [
    "老街烧烤店",
    "鑫鑫水果超市",
    "好再来饭店",
    "钟吾五金店",
    "新华家电维修部",
    "阿强小吃店",
    "沭河农家菜馆",
]
DEMO_ACTORS = ["officer", "officer2", "squadleader", "auxiliary"]


def _resident_id(rng: random.Random, birth: dt.date, male: bool) -> str:
    body = f"320381{birth:%Y%m%d}{rng.randrange(0, 50):02d}{rng.randrange(0, 5) * 2 + (1 if male else 0)}"
    return body + ric.calc_check_digit(body + "0")


def _credit_code(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    org = "".join(rng.choice("0123456789") for _ in range(7)) + rng.choice(alphabet)
    body = f"92320381{org}{_org_code_check(org)}"
    return body + uscc.calc_check_digit(body + "0")


def _point_in(grid: Grid, rng: random.Random) -> tuple[float, float]:
    for _attempt in range(50):
        lng = rng.uniform(grid.min_lng, grid.max_lng)
        lat = rng.uniform(grid.min_lat, grid.max_lat)
        if point_in_polygon(lng, lat, grid.polygon):
            return round(lng, 6), round(lat, 6)
    ring = grid.polygon["coordinates"][0]
    return (
        round(sum(p[0] for p in ring[:-1]) / (len(ring) - 1), 6),
        round(sum(p[1] for p in ring[:-1]) / (len(ring) - 1), 6),
    )


def _points(rng: random.Random, grids: list[Grid]) -> int:
    created = 0
    existing = set(VendingPoint.objects.values_list("code", flat=True))
    for index, (code, name, goods, capacity, reserved, hours) in enumerate(POINTS):
        if code in existing:
            continue
        grid = grids[index % len(grids)]
        lng, lat = _point_in(grid, rng)
        VendingPoint.objects.create(
            code=code,
            name=name,
            address=f"新沂市{grid.name.removesuffix('网格')}",
            lng=lng,
            lat=lat,
            grid=grid,
            capacity=capacity,
            reserved_for_vulnerable=reserved,
            hours=hours,
            goods=goods,
        )
        created += 1
    return created


def load(out) -> None:
    rng = random.Random(SEED)
    grids = list(Grid.objects.order_by("code"))
    if not grids:
        out.write("parties: no grids (run the org demo first); skipped")
        return
    out.write(f"parties: {_points(rng, grids)} vending points created")
    if FieldContact.objects.exists():
        out.write("parties: contacts already present; skipped")
        return
    matters = list(Matter.objects.filter(code__in=STREET_MATTERS).order_by("code"))
    shop_matters = list(Matter.objects.filter(code__in=SHOP_MATTERS).order_by("code")) or matters
    users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_ACTORS)}
    actors = [users[name] for name in DEMO_ACTORS if name in users]
    if not matters or not actors:
        out.write("parties: no matters or demo logins (run the catalog and accounts demos first); skipped")
        return
    officers = [u for u in actors if u.username != "auxiliary"]
    staff_by_user = {s.user_id: s for s in Staff.objects.filter(user__in=actors)}
    squad_staff = {}
    for staff in Staff.objects.filter(kind=Staff.Kind.OFFICER, status=Staff.Status.ACTIVE).order_by(
        "employee_no"
    ):
        squad_staff.setdefault(staff.unit_id, []).append(staff)
    points = list(VendingPoint.objects.filter(active=True).order_by("code"))
    now = timezone.now()
    today = timezone.localdate()

    parties = []
    for number in range(70):
        male = rng.random() < 0.6
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        flags = {}
        if rng.random() < 0.35:
            flags[rng.choice(Party.VULNERABLE_FIELDS)] = True
        birth = dt.date(rng.randrange(1955, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
        id_number = _resident_id(rng, birth, male) if rng.random() < 0.55 else ""
        phone = f"1{rng.choice('3589')}{rng.randrange(0, 10)}{number:04d}{rng.randrange(0, 10000):04d}"
        result = services.party_create(
            actor=officers[0],
            name=name,
            id_number=id_number,
            phone=phone if rng.random() < 0.8 else "",
            **flags,
        )
        parties.append(result.party)
    for shop in SHOPS:
        result = services.party_create(
            actor=officers[0],
            kind=Party.Kind.ORGANISATION,
            name=f"新沂市{shop}",
            credit_code=_credit_code(rng),
            legal_representative=rng.choice(SURNAMES) + rng.choice(GIVEN),
        )
        parties.append(result.party)

    # Each party keeps to one grid and one or two matters; contacts climb the ladder over the months.
    plans = []
    for party in parties:
        grid = rng.choice(grids)
        matter = rng.choice(shop_matters if party.is_organisation else matters)
        visits = rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
        start = now - dt.timedelta(days=rng.randrange(40, 330))
        gaps = sorted(rng.sample(range(3, int((now - start).days) - 1), visits))
        plans.extend(
            (start + dt.timedelta(days=gap, hours=rng.randrange(0, 10)), party, grid, matter) for gap in gaps
        )
    for _ in range(60):
        grid = rng.choice(grids)
        when = now - dt.timedelta(days=rng.randrange(0, 330), hours=rng.randrange(0, 10))
        plans.append((when, None, grid, rng.choice(matters)))
    plans.sort(key=lambda plan: (plan[0], plan[1].pk if plan[1] else 0))

    recorded = refused = 0
    for when, party, grid, matter in plans:
        rec = recommendation_for(party=party, matter=matter, on=timezone.localtime(when).date())
        if rec.step == Step.PENALIZE:
            continue  # the ladder has reached a penalty: the cases app takes over
        step = rec.step
        actor = rng.choice(officers if step in (Step.GUIDE, Step.WARN) else actors)
        present = [staff_by_user[actor.pk]]
        colleagues = squad_staff.get(grid.squad_id, [])
        if colleagues:
            present.append(rng.choice(colleagues))
        point = None
        if step == Step.GUIDE:
            nearby = [p for p in points if p.grid_id == grid.pk] or points
            point = rng.choice(nearby)
        lng, lat = _point_in(grid, rng)
        try:
            services.contact_record(
                actor=actor,
                party=party,
                party_description="" if party else rng.choice(DESCRIPTIONS),
                matter=matter,
                step=step,
                officers=present,
                outcome=FieldContact.Outcome.COMPLIED
                if rng.random() < 0.7
                else FieldContact.Outcome.NOT_COMPLIED,
                lng=lng,
                lat=lat,
                address=f"新沂市{grid.name.removesuffix('网格')}",
                occurred_at=when,
                vending_point=point,
            )
            recorded += 1
        except RuleViolation:
            refused += 1  # e.g. the chosen vending point is full: the officer moves on
    # A few vendors with stalls but no guidance on record (assigned at the window of the market office).
    assigned = 0
    for party in parties[:40]:
        if party.is_organisation or party.assignments.exists() or rng.random() > 0.3:
            continue
        try:
            services.vendor_assign(
                actor=officers[0],
                party=party,
                point=rng.choice(points),
                starts_on=today - dt.timedelta(days=rng.randrange(1, 200)),
            )
            assigned += 1
        except RuleViolation:
            continue
    out.write(
        f"parties: {len(parties)} parties, {recorded} contacts ({refused} guidance attempts to full points), "
        f"{assigned} direct stall assignments"
    )
