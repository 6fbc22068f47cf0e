from __future__ import annotations

import datetime as dt

import pytest

from sunshine.accounts.roles import Role
from sunshine.inspections import services
from sunshine.org.models import Staff

from ..factories import InspectionMatterFactory, TargetFactory


@pytest.fixture
def people(make_user):
    return {
        "legal": make_user(Role.LEGAL_REVIEWER),
        "legal2": make_user(Role.LEGAL_REVIEWER, username="legal-2"),
        "leader": make_user(Role.LEADER),
        "officers": [make_user(Role.OFFICER, username=f"officer-{i}") for i in range(4)],
    }


@pytest.fixture
def setup(people, bureau):
    matter = InspectionMatterFactory()
    targets = [
        TargetFactory(risk=["low", "medium", "high"][i % 3], compliance=["good", "normal", "poor"][i % 3])
        for i in range(30)
    ]
    for user in people["officers"]:
        services.inspector_save(
            actor=people["legal"], staff=Staff.objects.get(user=user), categories=[], areas=[]
        )
    return {"matter": matter, "targets": targets, "bureau": bureau}


@pytest.fixture
def make_plan(people, setup):
    def make(code="2026Q4-01", **fields):
        data = {
            "code": code,
            "title": "2026年第四季度门前三包抽查",
            "unit": setup["bureau"]["legal"],
            "count": 5,
            "frequency": "每季度一次",
            "period_start": dt.date(2026, 10, 1),
            "period_end": dt.date(2026, 12, 31),
            "inspectors_per_target": 2,
            "public_value_source": "中国福利彩票双色球开奖号码",
            "public_value_date": dt.date(2026, 11, 30),
        }
        data.update(fields)
        return services.plan_create(actor=people["legal"], data=data, matters=[setup["matter"]])

    return make
