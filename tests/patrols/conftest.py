"""Fixtures for patrols: squad 1 with a leader, two officers and an auxiliary; an officer of squad 2; a
leader and an inspector; two grids of squad 1 side by side and one of squad 2."""

from __future__ import annotations

import pytest

from sunshine.accounts.roles import Role
from sunshine.org.models import Grid


class Team:
    pass


def square(lng0: float, lat0: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lng0, lat0], [lng0 + size, lat0], [lng0 + size, lat0 + size], [lng0, lat0 + size], [lng0, lat0]]
        ],
    }


def make_grid(code: str, squad, lng0: float, lat0: float, size: float = 0.01) -> Grid:
    return Grid.objects.create(
        code=code,
        name=f"网格{code}",
        squad=squad,
        polygon=square(lng0, lat0, size),
        min_lng=lng0,
        min_lat=lat0,
        max_lng=lng0 + size,
        max_lat=lat0 + size,
    )


@pytest.fixture
def team(bureau, make_user):
    t = Team()
    t.bureau = bureau
    t.squad_leader = make_user(Role.SQUAD_LEADER, username="squadlead")
    t.officer = make_user(Role.OFFICER, username="officer-a")
    t.officer2 = make_user(Role.OFFICER, username="officer-b")
    t.auxiliary = make_user(Role.AUXILIARY, username="aux-a")
    t.other_officer = make_user(Role.OFFICER, unit="squad2", username="officer-s2")
    t.other_leader = make_user(Role.SQUAD_LEADER, unit="squad2", username="squadlead-2")
    t.leader = make_user(Role.LEADER, username="leader-a")
    t.inspector = make_user(Role.INSPECTOR, username="inspector-a")
    # squad 1 owns two grids side by side along longitude 118.01; squad 2 one further east
    t.grid_a = make_grid("A1", bureau["squad1"], 118.00, 34.00)
    t.grid_b = make_grid("A2", bureau["squad1"], 118.01, 34.00)
    t.grid_c = make_grid("B1", bureau["squad2"], 118.05, 34.00)
    return t
