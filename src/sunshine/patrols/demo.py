"""Demo data: grid patrols and conflict incidents.

- Shifts: 一中队's squad leader (``squadleader``) gives each of the squad's four grids a morning shift,
  every day from 59 days ago to a week ahead, to two of ``officer``, ``officer2`` and ``auxiliary``
  (through :func:`services.assignment_create`).
- Patrols: one patrol per grid per day for the last 60 days in every squad's grids (a few grid-days
  missed, so the coverage table shows gaps), each with six track points inside the grid, five minutes
  apart. History is written in bulk with its dates (the services stamp "now"); 一中队's patrols are
  walked by the demo logins under their shifts. ``officer`` is on patrol now, started and tracked
  through the services.
- Findings on about one patrol in eight; for 一中队's patrols some become field contacts (through
  :func:`services.finding_to_contact`, so the parties app's ladder rules apply), some are linked to a
  case or a request the patroller can see, some closed as needing nothing; the rest stay open.
- Two conflict incidents reported by ``officer`` through the services: one three weeks ago, reported
  to the government and the superior department, followed up and closed by ``leader`` with a public
  statement (its times then set to when they happened); one this morning, still being handled.

Deterministic (seeded) and idempotent: each part is skipped when its rows exist.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from sunshine.core.errors import RuleViolation
from sunshine.org.models import Grid, Staff
from sunshine.org.selectors import user_staff
from sunshine.org.services import point_in_polygon
from sunshine.workdays.models import Deadline

from . import rules, services
from .models import Assignment, Finding, Incident, IncidentUpdate, Patrol, TrackPoint

SEED = 20261122
DAYS = 60
AHEAD = 7
POINTS = 6
STEP = dt.timedelta(minutes=5)
MISS_RATE = 0.08
FINDING_RATE = 0.125
SQUAD = "XCG-Z1"
FINDINGS = [
    "路口有流动摊贩占道经营",
    "商铺门前堆放货物，超出门窗",
    "人行道上有乱堆乱放的建筑垃圾",
    "沿街店铺使用高音喇叭招揽顾客",
    "夜市摊点油烟直排",
    "绿化带内有违规张贴的小广告",
    "施工工地围挡破损",
    "共享单车乱停放堵塞盲道",
]
DESCRIPTIONS = ["中年男子，推三轮车售卖水果", "女性摊主，地摊售卖日用百货", "男子，流动烧烤摊"]
NOTHING = "现场核实，摊主已自行离开，无需处理。"


def _users() -> dict:
    names = ["squadleader", "officer", "officer2", "auxiliary", "leader"]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names)}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _point_in(grid: Grid, rng: random.Random) -> tuple[float, float]:
    """A point well inside the grid (the demo lattice's cells are nudged quadrilaterals)."""
    mid_lng, mid_lat = (grid.min_lng + grid.max_lng) / 2, (grid.min_lat + grid.max_lat) / 2
    half_lng, half_lat = (grid.max_lng - grid.min_lng) / 2, (grid.max_lat - grid.min_lat) / 2
    for _ in range(20):
        lng = round(mid_lng + rng.uniform(-0.4, 0.4) * half_lng, 6)
        lat = round(mid_lat + rng.uniform(-0.4, 0.4) * half_lat, 6)
        if point_in_polygon(lng, lat, grid.polygon):
            return lng, lat
    return round(mid_lng, 6), round(mid_lat, 6)


def _shifts(users: dict, grids: list[Grid], today: dt.date) -> int:
    leader = users.get("squadleader")
    walkers = [user_staff(users[n]) for n in ("officer", "officer2", "auxiliary") if n in users]
    walkers = [w for w in walkers if w is not None and w.unit_id == grids[0].squad_id] if grids else []
    if leader is None or len(walkers) < 2 or Assignment.objects.filter(grid__in=grids).exists():
        return 0
    count = 0
    for offset in range(-(DAYS - 1), AHEAD + 1):
        day = today + dt.timedelta(days=offset)
        for number, grid in enumerate(grids):
            first = (offset + number) % len(walkers)
            pair = [walkers[first], walkers[(first + 1) % len(walkers)]]
            services.assignment_create(
                actor=leader,
                grid=grid,
                day=day,
                starts_at=dt.time(8, 30),
                ends_at=dt.time(11, 30),
                staff=pair,
                note="早班巡查" if number % 2 == 0 else "",
            )
            count += 1
    return count


def _history(rng: random.Random, grids: list[Grid], today: dt.date) -> list[Patrol]:
    """One patrol per grid per day before today (a few missed), written in bulk with its dates."""
    if Patrol.objects.filter(started_at__lt=_at(today, 0)).exists():
        return []
    squad_staff: dict[int, list[Staff]] = {}
    for staff in Staff.objects.filter(unit__in={g.squad_id for g in grids}, status=Staff.Status.ACTIVE):
        squad_staff.setdefault(staff.unit_id, []).append(staff)
    for members in squad_staff.values():
        members.sort(key=lambda s: s.pk)
    shifts = {
        (a.grid_id, a.day): a
        for a in Assignment.objects.filter(grid__in=grids, day__lt=today).prefetch_related("staff")
    }
    plans = []
    for offset in range(DAYS, 0, -1):
        day = today - dt.timedelta(days=offset)
        for grid in grids:
            if rng.random() < MISS_RATE:
                continue
            shift = shifts.get((grid.pk, day))
            if shift is not None:
                walker = sorted(shift.staff.all(), key=lambda s: s.pk)[offset % 2]
                start = _at(day, 8, 40 + rng.randrange(0, 15))
            elif squad_staff.get(grid.squad_id):
                walker = rng.choice(squad_staff[grid.squad_id])
                start = _at(day, rng.choice([9, 10, 14, 15, 19]), rng.randrange(0, 50))
            else:
                continue
            track = [_point_in(grid, rng) for _ in range(POINTS)]
            plans.append((grid, shift, walker, start, track))
    patrols, points = [], []
    for grid, shift, walker, start, track in plans:
        distance = sum(rules.distance_m(*track[i], *track[i + 1]) for i in range(len(track) - 1))
        last = start + STEP * (len(track) - 1)
        patrols.append(
            Patrol(
                staff=walker,
                unit_id=grid.squad_id,
                assignment=shift,
                status=Patrol.Status.ENDED,
                started_at=start,
                ended_at=last + dt.timedelta(minutes=3),
                point_count=len(track),
                distance_m=round(distance, 1),
                last_at=last,
                last_lng=track[-1][0],
                last_lat=track[-1][1],
            )
        )
    Patrol.objects.bulk_create(patrols)
    for patrol, (grid, _shift, _walker, start, track) in zip(patrols, plans, strict=True):
        for i, (lng, lat) in enumerate(track):
            points.append(
                TrackPoint(
                    patrol=patrol,
                    at=start + STEP * i,
                    lng=lng,
                    lat=lat,
                    accuracy_m=rng.choice([5, 8, 12]),
                    grid=grid,
                )
            )
    TrackPoint.objects.bulk_create(points, batch_size=2000)
    return patrols


def _findings(rng: random.Random, patrols: list[Patrol], users: dict) -> dict:
    """Findings on some patrols; 一中队's are handled by their patroller through the services."""
    from sunshine.cases.selectors import case_queryset
    from sunshine.catalog.models import Matter
    from sunshine.service.selectors import visible_requests

    by_staff = {user_staff(u).pk: u for u in users.values() if user_staff(u) is not None}
    matters = list(Matter.objects.filter(code__in=["SR-018", "SR-019", "GS-001"]).order_by("code"))
    counts = {"findings": 0, "contacts": 0, "linked": 0}
    for patrol in patrols:
        if rng.random() >= FINDING_RATE:
            continue
        point = patrol.points.select_related("grid").order_by("at")[rng.randrange(0, POINTS)]
        finding = Finding.objects.create(
            patrol=patrol, at=point.at, description=rng.choice(FINDINGS), lng=point.lng, lat=point.lat
        )
        counts["findings"] += 1
        actor = by_staff.get(patrol.staff_id)
        if actor is None:
            continue
        choice = rng.random()
        try:
            if choice < 0.45 and matters:
                services.finding_to_contact(
                    actor=actor,
                    finding=finding,
                    matter=rng.choice(matters),
                    step="persuade" if choice < 0.3 else "educate",
                    outcome="complied" if rng.random() < 0.8 else "not_complied",
                    party_description=rng.choice(DESCRIPTIONS),
                    address=f"新沂市{point.grid.name.removesuffix('网格')}" if point.grid else "",
                )
                counts["contacts"] += 1
            elif choice < 0.55:
                case = case_queryset(actor).order_by("pk").first()
                if case is not None:
                    services.finding_link(actor=actor, finding=finding, case_number=case.number)
                    counts["linked"] += 1
            elif choice < 0.65:
                request = visible_requests(actor).order_by("pk").first()
                if request is not None:
                    services.finding_link(actor=actor, finding=finding, request_number=request.tracking_no)
                    counts["linked"] += 1
            elif choice < 0.8:
                services.finding_link(actor=actor, finding=finding, nothing_reason=NOTHING)
        except RuleViolation:
            pass  # e.g. the ladder refuses this step for this party: the finding stays open
    return counts


def _live_patrol(users: dict, today: dt.date) -> bool:
    officer = users.get("officer")
    me = user_staff(officer) if officer else None
    if me is None or Patrol.objects.filter(staff=me, status=Patrol.Status.ACTIVE).exists():
        return False
    shift = Assignment.objects.filter(day=today, staff=me).order_by("starts_at").first()
    patrol = services.patrol_start(actor=officer, assignment=shift, note="")
    grid = shift.grid if shift else Grid.objects.filter(squad=me.unit).order_by("code").first()
    if grid is None:
        return True
    rng = random.Random(SEED + today.toordinal())
    now = timezone.now()
    points = []
    for i in range(3):
        lng, lat = _point_in(grid, rng)
        points.append({"at": (now - dt.timedelta(seconds=90 - 30 * i)).isoformat(), "lng": lng, "lat": lat})
    services.patrol_add_points(actor=officer, patrol=patrol, points=points)
    return True


def _incidents(users: dict, today: dt.date) -> int:
    officer, officer2, squadleader, leader = (
        users.get(n) for n in ("officer", "officer2", "squadleader", "leader")
    )
    if None in (officer, officer2, squadleader, leader) or Incident.objects.exists():
        return 0
    me, colleague = user_staff(officer), user_staff(officer2)
    # One three weeks ago: reported, informed, followed up, closed with a public statement.
    occurred = _at(today - dt.timedelta(days=21), 19, 20)
    patrol = Patrol.objects.filter(staff=me, started_at__date=occurred.date()).first()
    closed = services.incident_report(
        actor=officer,
        occurred_at=occurred,
        place="新安路夜市东入口",
        description="劝导占道烧烤摊主收摊时，摊主情绪激动，推搡执法队员，围观群众拍摄视频。"
        "队员保持克制，全程开启执法记录仪，民警到场后摊主平复情绪。",
        injuries="一名队员手臂轻微擦伤，无财物损失。",
        staff=[me, colleague],
        patrol=patrol,
        av_note="两台执法记录仪全程录像，资料已上传至音像资料库。",
    )
    services.incident_inform(
        actor=officer,
        incident=closed,
        government_at=occurred + dt.timedelta(minutes=50),
        superior_at=occurred + dt.timedelta(minutes=55),
    )
    services.incident_follow_up(
        actor=squadleader,
        incident=closed,
        text="当晚走访当事人，听取其诉求，说明占道经营的危害及便民疏导点位置。",
    )
    services.incident_close(
        actor=leader,
        incident=closed,
        outcome="经调查，队员执法程序规范、言行文明；当事人对推搡行为认错并致歉，已引导至便民疏导点经营。",
        statement="针对网传“城管与摊贩冲突”视频，经调查，执法队员依法劝导、文明执法，当事人已认错致歉，"
        "现已在便民疏导点规范经营。感谢社会各界监督。",
        statement_published_on=occurred.date() + dt.timedelta(days=2),
    )
    # The services stamped "now": set the times to when they happened.
    reported = occurred + dt.timedelta(minutes=30)
    Incident.objects.filter(pk=closed.pk).update(
        reported_at=reported, closed_at=occurred + dt.timedelta(days=4)
    )
    IncidentUpdate.objects.filter(incident=closed).update(at=occurred + dt.timedelta(hours=3))
    Deadline.objects.filter(key=services.INFORM_KEY, owner_id=closed.pk).filter(
        owner_type__model="incident", owner_type__app_label="patrols"
    ).update(
        start=reported.date(),
        start_at=reported,
        due=(reported + dt.timedelta(hours=rules.INCIDENT_INFORM_HOURS)).date(),
        due_at=reported + dt.timedelta(hours=rules.INCIDENT_INFORM_HOURS),
        met_at=occurred + dt.timedelta(minutes=55),
    )
    # One this morning, still being handled: the government told, the superior department not yet.
    now = timezone.localtime()
    occurred = max(now - dt.timedelta(hours=2), _at(today, 0, 5))
    open_one = services.incident_report(
        actor=officer,
        occurred_at=occurred,
        place="人民路菜市场北侧",
        description="暂扣占道经营物品时，当事人家属拉扯执法车辆车门，阻挠执法。",
        injuries="无人员受伤。",
        staff=[me, colleague],
        av_note="执法记录仪录像在officer2的记录仪中，尚未上传。",
    )
    services.incident_inform(
        actor=officer,
        incident=open_one,
        government_at=min(occurred + dt.timedelta(minutes=20), timezone.now()),
    )
    services.incident_follow_up(
        actor=officer, incident=open_one, text="已联系社区干部到场协调，物品清单已交当事人签字。"
    )
    return 2


def load(out) -> None:
    users = _users()
    grids = list(Grid.objects.filter(code__startswith="XC-").select_related("squad").order_by("code"))
    if not grids:
        out.write("patrols: no grids (load org first)\n")
        return
    today = timezone.localdate()
    rng = random.Random(SEED)
    own = [g for g in grids if g.squad.code == SQUAD]
    shifts = _shifts(users, own, today)
    patrols = _history(rng, grids, today)
    counts = _findings(rng, patrols, users) if patrols else {"findings": 0, "contacts": 0, "linked": 0}
    live = _live_patrol(users, today)
    incidents = _incidents(users, today)
    out.write(
        f"patrols: {shifts} shifts, {len(patrols)} patrols, {counts['findings']} findings "
        f"({counts['contacts']} field contacts, {counts['linked']} linked), "
        f"{'a patrol under way, ' if live else ''}{incidents} incidents\n"
    )
