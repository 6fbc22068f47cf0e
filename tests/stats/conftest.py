"""A small city for the statistics tests: two squads, two matter categories, grids, officers, and a
generator of raw source rows (written with the ORM, as any writer of those tables would)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from sunshine.accounts.roles import Role
from sunshine.cases.models import (
    CompulsoryMeasure,
    Decision,
    Execution,
    Hearing,
    LegalReview,
    Remedy,
)
from sunshine.evidence.models import Activity
from sunshine.org.models import Staff
from sunshine.parties.models import FieldContact
from sunshine.service.models import Request

from ..factories import (
    CaseFactory,
    GridFactory,
    MatterFactory,
    MatterVersionFactory,
    TrainingRecordFactory,
    VendingPointFactory,
)

START = dt.date(2026, 7, 1)


@pytest.fixture
def city(bureau, make_user):
    users = {
        "squad1": make_user(Role.SQUAD_LEADER, username="leader-s1"),
        "squad2": make_user(Role.SQUAD_LEADER, unit="squad2", username="leader-s2"),
        "legal": make_user(Role.LEGAL_REVIEWER),
        "leader": make_user(Role.LEADER),
        "officer": make_user(Role.OFFICER),
        "inspector": make_user(Role.INSPECTOR),
    }
    env = MatterFactory(code="HB-1", category="environment")
    market = MatterFactory(code="SR-1", category="city_appearance")
    versions = [
        MatterVersionFactory(matter=env, tiers=False),
        MatterVersionFactory(matter=market, tiers=False),
    ]
    grids = [
        GridFactory(squad=bureau["squad1"], min_lng=118.0, max_lng=118.1, min_lat=34.0, max_lat=34.1),
        GridFactory(squad=bureau["squad2"], min_lng=118.1, max_lng=118.2, min_lat=34.0, max_lat=34.1),
    ]
    return {
        "units": bureau,
        "squads": [bureau["squad1"], bureau["squad2"]],
        "users": users,
        "matters": [env, market],
        "versions": versions,
        "grids": grids,
        "point": VendingPointFactory(),
        "staff": list(Staff.objects.filter(kind=Staff.Kind.OFFICER)),
    }


def local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour % 24, 7)))


def make_rows(city, rng: random.Random, count: int, start: dt.date = START, span: int = 20) -> None:
    """``count`` of each kind of source row, on days from ``start`` over ``span`` days, at all hours (so
    the Asia/Shanghai day differs from the UTC day for some)."""
    user = city["users"]["officer"]
    squads, versions, grids, staff = city["squads"], city["versions"], city["grids"], city["staff"]

    def day():
        return start + dt.timedelta(days=rng.randrange(span))

    for _ in range(count):
        step = rng.choice(["persuade", "educate", "guide", "warn"])
        FieldContact.objects.create(
            party_description="卖水果的中年男子",
            matter=rng.choice(city["matters"]),
            step=step,
            recorded_by=user,
            recorder_unit=rng.choice([*squads, None]),
            grid=rng.choice([*grids, None]),
            occurred_at=local(day(), rng.randrange(24)),
            outcome="complied",
            vending_point=city["point"] if step == "guide" else None,
            recommended_step="educate",
        )
        received = local(day(), rng.randrange(24))
        replied = received + dt.timedelta(hours=rng.randrange(1, 200)) if rng.random() < 0.7 else None
        rating = rng.randrange(1, 6) if replied and rng.random() < 0.6 else None
        Request.objects.create(
            tracking_no=f"T{Request.objects.count():08d}",
            channel=rng.choice(["phone", "hotline", "web", "visit"]),
            kind="complaint",
            status="replied" if replied else rng.choice(["registered", "dispatched", "merged"]),
            content="占道经营",
            matter=rng.choice([*city["matters"], None]),
            grid=rng.choice([*grids, None]),
            unit=rng.choice([*squads, None]),
            received_at=received,
            due_at=received + dt.timedelta(hours=72),
            replied_at=replied,
            reply_content="已处理" if replied else "",
            reply_channel="phone" if replied else "",
            satisfaction=rating,
        )
        registered = day()
        closed = registered + dt.timedelta(days=rng.randrange(5)) if rng.random() < 0.5 else None
        case = CaseFactory(
            unit=rng.choice(squads),
            matter_version=rng.choice(versions),
            procedure=rng.choice(["summary", "general"]),
            registered_on=registered,
            closed_on=closed,
            first_violation=rng.random() < 0.3,
            created_by=user,
        )
        if rng.random() < 0.7:
            kind = rng.choice(["penalty", "penalty", "no_penalty"])
            Decision.objects.create(
                case=case,
                kind=kind,
                document_number=f"D{case.pk}",
                fine=Decimal(rng.randrange(0, 500)) if kind == "penalty" else Decimal(0),
                decided_on=registered + dt.timedelta(days=rng.randrange(3)),
                approved_by=user,
                remedies_text="复议或诉讼",
            )
            if kind == "penalty" and rng.random() < 0.6:
                Execution.objects.create(
                    case=case,
                    kind=rng.choice(["paid", "collected_on_spot", "performed"]),
                    on=day(),
                    amount=50,
                )
        if rng.random() < 0.2:
            start_day = day()
            CompulsoryMeasure.objects.create(
                case=case,
                kind=rng.choice(["sealing", "seizure"]),
                items="烧烤炉",
                start=start_day,
                end=start_day + dt.timedelta(days=30),
                started_at=local(start_day, 10),
            )
        if rng.random() < 0.2:
            Hearing.objects.create(
                case=case,
                notice=case.notices.create(
                    served_on=registered,
                    method="direct",
                    grounds="事实",
                    reply_due=registered,
                    created_by=user,
                ),
                requested_on=day(),
                hearing_on=day(),
                outcome=rng.choice(["pending", "held", "abandoned"]),
            )
        if rng.random() < 0.3:
            LegalReview.objects.create(
                case=case,
                reviewer=rng.choice(staff),
                reviewed_on=day(),
                opinion="同意",
                outcome=rng.choice(["approve", "return", "disapprove"]),
            )
        if rng.random() < 0.15:
            Remedy.objects.create(
                case=case,
                kind=rng.choice(["reconsideration", "litigation"]),
                filed_on=day(),
                outcome=rng.choice(["", "upheld", "changed", "revoked"]),
                decided_on=day(),
            )
        if rng.random() < 0.4:
            done = rng.random() < 0.7
            Activity.objects.create(
                case=case,
                kind=rng.choice(["questioning", "sealing", "service_left"]),
                started_at=local(day(), rng.randrange(24)),
                place="解放路",
                status="done" if done else "open",
                device_count=rng.choice([1, 2, 3]) if done else 0,
                fewer_devices_reason="另一台记录仪故障",
                created_by=user,
            )
        if rng.random() < 0.3:
            TrainingRecordFactory(staff=rng.choice(staff), hours=Decimal(rng.randrange(1, 9)), date=day())
