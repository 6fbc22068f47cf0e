"""Demo data: a year of citizen requests across channels with replies, referrals, ratings and hot spots;
supervision items, the demo social supervisor's reports, a vendor group and the Open311 key.

Deterministic (seeded) and idempotent: nothing is added when the demo requests exist. Closed requests
of the past year are written in bulk with their computed time limits; the last two weeks' open ones go
through the services so they stand on the staff's and squads' boards with their deadlines.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunshine.catalog.models import Matter
from sunshine.org.models import Grid, Staff
from sunshine.org.services import point_in_polygon
from sunshine.workdays import calendar

from . import services, supervision
from .limits import limit_for
from .models import ApiKey, Request, SocialSupervisor, Status, SupervisionItem, VendorGroup

SEED = 20260505
SH = ZoneInfo("Asia/Shanghai")
DEMO_KEY = "demo-open311-key"
PER_DAY = 6
CHANNELS = (
    ["phone"] * 5 + ["hotline"] * 6 + ["web"] * 3 + ["wechat"] * 3 + ["visit", "letter", "superior", "mayor"]
)
KINDS = ["complaint"] * 12 + ["inquiry"] * 4 + ["suggestion", "praise"]
TEXTS = {
    "SR-018": "{place}有人占道摆摊，影响通行",
    "HB-009": "{place}露天烧烤油烟很大",
    "SR-019": "{place}店铺出店经营",
    "HB-018": "{place}商家用高音喇叭招揽顾客",
    "GS-001": "{place}流动摊贩无照经营",
}
ROADS = ["钟吾路", "新华路", "人民路", "北京路", "南京路", "马陵山路", "沭河路", "新安路", "墨河路", "建设路"]
OTHER = {
    "inquiry": "请问{place}附近哪里可以合法摆摊？",
    "suggestion": "建议在{place}增设便民疏导点",
    "praise": "{place}执法队员耐心劝导，表示感谢",
}
REFERRALS = [
    ("市水务局", "排水科 0516-88920000", "已告知您该问题由水务局负责，已转交并请其直接联系您"),
    ("市住建局", "物业科 0516-88921111", "已告知您小区内部问题由住建局物业科处理，已转交"),
    ("市交警大队", "秩序科 0516-88922222", "已告知您机动车违停由交警处理，已转交"),
]


def _point(rng, grids):
    grid = rng.choice(grids)
    for _ in range(20):
        lng = rng.uniform(grid.min_lng, grid.max_lng)
        lat = rng.uniform(grid.min_lat, grid.max_lat)
        if point_in_polygon(lng, lat, grid.polygon):
            return grid, lng, lat
    return grid, (grid.min_lng + grid.max_lng) / 2, (grid.min_lat + grid.max_lat) / 2


def _due(received: dt.datetime, kind: str, urgency: str, channel: str) -> dt.datetime:
    length, unit = limit_for(kind, urgency, channel)
    if unit == "hours":
        return calendar.add_hours(received, length)
    day = timezone.localdate(received)
    due = (
        calendar.add_working_days(day, length)
        if unit == "working"
        else calendar.add_calendar_days(day, length)
    )
    return dt.datetime.combine(due, dt.time(23, 59, 59), tzinfo=SH)


def load(out) -> None:
    User = get_user_model()
    ApiKey.objects.get_or_create(key=DEMO_KEY, defaults={"name": "演示客户端（demo）"})
    if Request.objects.filter(tracking_no__startswith="S").exists():
        out.write("  service: demo requests already present\n")
        return
    rng = random.Random(SEED)
    grids = list(Grid.objects.select_related("squad").order_by("code"))
    matters = {m.code: m for m in Matter.objects.filter(code__in=list(TEXTS))}
    users = {
        u.username: u for u in User.objects.filter(username__in=["clerk", "officer", "leader", "supervisor"])
    }
    clerk = users.get("clerk")
    if not grids or clerk is None:
        out.write("  service: no grids or clerk; skipped\n")
        return
    today = timezone.localdate()
    start = today - dt.timedelta(days=365)
    rows: list[Request] = []
    for offset in range(351):
        day = start + dt.timedelta(days=offset)
        for _ in range(rng.randint(PER_DAY - 3, PER_DAY + 3)):
            rows.append(_closed_row(rng, day, grids, matters, clerk))
    Request.objects.bulk_create(rows, batch_size=2000)
    Request.objects.bulk_update(list(_renumbered()), ["tracking_no"], batch_size=2000)
    opened = 0
    for offset in range(14, 0, -1):
        day = today - dt.timedelta(days=offset)
        for _ in range(3):
            _grid, lng, lat = _point(rng, grids)
            code = rng.choice(list(matters)) if matters else None
            road = rng.choice(ROADS)
            req = services.request_register(
                actor=clerk,
                channel=rng.choice(CHANNELS),
                kind="complaint",
                urgency="urgent" if rng.random() < 0.1 else "ordinary",
                content=TEXTS.get(code, "{place}占道经营").format(place=road),
                citizen_name=rng.choice("王李张刘陈") + rng.choice("先生女士"),
                citizen_phone=f"139{rng.randint(10000000, 99999999)}",
                address=f"新沂市{road}{rng.randint(1, 300)}号",
                lng=lng,
                lat=lat,
                matter=matters.get(code),
                received_at=dt.datetime.combine(
                    day, dt.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=SH
                ),
            )
            if req.unit_id:
                services.request_dispatch(actor=clerk, request=req, unit=req.unit)
            opened += 1
    _supervision(rng, users, grids)
    out.write(
        f"  service: {len(rows)} replied requests over a year, {opened} open ones, Open311 key {DEMO_KEY}\n"
    )


def _renumbered():
    for req in Request.objects.filter(tracking_no__startswith="D").only("pk", "received_at"):
        req.tracking_no = f"S{timezone.localdate(req.received_at):%Y%m%d}{req.pk:07d}"
        yield req


def _closed_row(rng, day, grids, matters, clerk) -> Request:
    received = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.randint(0, 59)), tzinfo=SH)
    channel = rng.choice(CHANNELS)
    kind = rng.choice(KINDS)
    urgency = "urgent" if kind == "complaint" and rng.random() < 0.08 else "ordinary"
    grid, lng, lat = _point(rng, grids)
    # hot spots: a third of complaints cluster around a few places
    if kind == "complaint" and rng.random() < 0.33:
        grid = grids[len(grids) // 3]
        lng = (grid.min_lng + grid.max_lng) / 2 + rng.uniform(-0.002, 0.002)
        lat = (grid.min_lat + grid.max_lat) / 2 + rng.uniform(-0.002, 0.002)
    road = rng.choice(ROADS)
    code = rng.choice(list(matters)) if kind == "complaint" and matters else None
    content = (TEXTS.get(code) if code else OTHER.get(kind, "{place}占道经营")).format(place=road)
    due = _due(received, kind, urgency, channel)
    referred = kind == "complaint" and rng.random() < 0.07
    replied = received + dt.timedelta(hours=rng.randint(2, 96))
    dept = rng.choice(REFERRALS) if referred else ("", "", "")
    seq = rng.getrandbits(48)
    rating = rng.choices([5, 4, 3, 2, 1, None], weights=[40, 25, 10, 4, 2, 19])[0]
    return Request(
        tracking_no=f"D{seq:016x}"[:20],
        channel=channel,
        kind=kind,
        urgency=urgency,
        status=Status.REPLIED,
        citizen_name=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(["先生", "女士"]),
        citizen_phone=f"13{rng.randint(100000000, 999999999)}",
        content=content,
        address=f"新沂市{road}{rng.randint(1, 300)}号",
        lng=lng,
        lat=lat,
        matter=matters.get(code) if code else None,
        grid=grid,
        unit=grid.squad,
        first_receiver=clerk,
        received_at=received,
        due_at=due,
        referred_department=dept[0],
        referred_contact=dept[1],
        referred_told=dept[2],
        reply_channel="phone" if channel != "letter" else "letter",
        replied_at=replied,
        reply_content=(f"已转交{dept[0]}办理并告知您" if referred else "已到现场处理，问题已整改，感谢监督"),
        replied_by=clerk,
        satisfaction=rating,
        reopened=bool(rating and rating <= 2),
        rated_at=replied + dt.timedelta(days=1) if rating else None,
    )


def _supervision(rng, users, grids) -> None:
    leader, officer, sup_user = users.get("leader"), users.get("officer"), users.get("supervisor")
    if leader is None or officer is None:
        return
    staff = Staff.objects.filter(user=officer).select_related("unit").first()
    if staff is None:
        return
    today = timezone.localdate()
    if not SupervisionItem.objects.exists():
        for source, text, days in [
            ("mayor", "市长热线督办：新华路夜市油烟扰民，限期整改", 10),
            ("superior", "市政府交办：主次干道占道经营专项整治", 20),
            ("leader", "局党组督办：城南小学周边流动摊贩治理", 3),
        ]:
            item = supervision.supervision_create(
                actor=leader,
                source=source,
                content=text,
                deadline=today + dt.timedelta(days=days),
                unit=staff.unit,
                responsible=officer,
            )
            supervision.supervision_progress(actor=officer, item=item, text="已制定整治方案并开始巡查")
    if sup_user is not None:
        sup, _ = SocialSupervisor.objects.get_or_create(
            user=sup_user,
            defaults={
                "name": "周建国",
                "background": "business",
                "area": "新安街道",
                "appointed_on": dt.date(2026, 1, 5),
            },
        )
        if not sup.reports.exists():
            supervision.supervisor_report(
                actor=sup_user,
                kind="problem",
                content="钟吾路与新华路交叉口早市占道严重",
                place="钟吾路与新华路交叉口",
                occurred_at=timezone.now() - dt.timedelta(days=2),
            )
            supervision.supervisor_report(
                actor=sup_user,
                kind="misconduct",
                content="一名执法人员在劝导时言语粗暴",
                place="人民路菜市场门口",
                occurred_at=timezone.now() - dt.timedelta(days=3),
                staff_description="胸牌号末两位为 17",
            )
    from sunshine.parties.models import Party

    parties = list(Party.objects.order_by("pk")[:8])
    if parties and not VendorGroup.objects.exists():
        group = VendorGroup.objects.create(
            name="新华路夜市摊主自治小组", area="新华路（钟吾路至人民路段）", leader=parties[0]
        )
        group.members.set(parties)
