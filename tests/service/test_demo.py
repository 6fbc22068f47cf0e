"""The citizen-service demo: a year of requests, deterministic and idempotent."""

from __future__ import annotations

import io

from sunshine.accounts.roles import Role
from sunshine.service import demo
from sunshine.service.models import ApiKey, Request, SocialSupervisor, SupervisionItem, SupervisorReport
from tests.factories import GridFactory, MatterFactory


def test_demo_loads_once(bureau, make_user):
    for code in demo.TEXTS:
        MatterFactory(code=code)
    GridFactory(squad=bureau["squad1"], min_lng=118.0, max_lng=118.1, min_lat=34.0, max_lat=34.1)
    for username, role in (("clerk", Role.INTAKE_CLERK), ("officer", Role.OFFICER), ("leader", Role.LEADER)):
        make_user(role, username=username)
    make_user(Role.SQUAD_LEADER)
    from tests.factories import UserFactory

    UserFactory(username="supervisor", roles=[Role.SOCIAL_SUPERVISOR])
    demo.load(io.StringIO())
    total = Request.objects.count()
    assert total > 1500
    assert Request.objects.exclude(referred_department="").exists()
    assert Request.objects.filter(satisfaction__isnull=False).exists()
    assert set(Request.objects.values_list("channel", flat=True)) >= {
        "phone",
        "hotline",
        "web",
        "letter",
        "mayor",
    }
    assert not Request.objects.filter(tracking_no__startswith="D").exists()
    assert Request.objects.filter(status="dispatched").count() == 42
    assert ApiKey.objects.filter(key="demo-open311-key", active=True).exists()
    assert SupervisionItem.objects.count() == 3 and SocialSupervisor.objects.count() == 1
    assert SupervisorReport.objects.count() == 2
    demo.load(io.StringIO())
    assert Request.objects.count() == total
