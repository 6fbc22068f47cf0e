"""Fixtures for oversight: squad 1 with a leader and three officers, an officer of squad 2, two
inspectors, two bureau leaders, a legal reviewer, a social supervisor and a case."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.accounts.roles import Role
from tests.factories import CaseFactory, UserFactory


class Team:
    pass


@pytest.fixture
def team(bureau, make_user):
    t = Team()
    t.bureau = bureau
    t.squad_leader = make_user(Role.SQUAD_LEADER, username="squadlead")
    t.officer = make_user(Role.OFFICER, username="officer-a")
    t.officer2 = make_user(Role.OFFICER, username="officer-b")
    t.officer3 = make_user(Role.OFFICER, username="officer-c")
    t.other_officer = make_user(Role.OFFICER, unit="squad2", username="officer-s2")
    t.inspector = make_user(Role.INSPECTOR, username="inspector-a")
    t.inspector2 = make_user(Role.INSPECTOR, username="inspector-b")
    t.leader = make_user(Role.LEADER, username="leader-a")
    t.leader2 = make_user(Role.LEADER, username="leader-b")
    t.reviewer = make_user(Role.LEGAL_REVIEWER, username="reviewer-a")
    t.case = CaseFactory(unit=bureau["squad1"], handler=t.officer)
    return t


@pytest.fixture
def supervisor(db):
    from sunshine.service.models import SocialSupervisor

    user = UserFactory(username="supervisor-a", roles=[Role.SOCIAL_SUPERVISOR])
    SocialSupervisor.objects.create(
        user=user, name="李监督", background="resident", area="一中队辖区", appointed_on=dt.date(2026, 1, 1)
    )
    return user


def entry(user, **items) -> dict:
    data = {"staff": user.staff, "uniform": True, "certificate": True, "conduct": True, "recorder": True}
    data.update(items)
    return data
