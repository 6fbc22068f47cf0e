"""Fixtures for the five-step ladder: two squads' grids, a street-trading matter, staff of each role."""

from __future__ import annotations

import pytest

from sunshine.accounts.roles import Role
from tests.factories import GridFactory, MatterFactory, PartyFactory, VendingPointFactory


def _square(lng0, lat0, size=0.1):
    ring = [[lng0, lat0], [lng0 + size, lat0], [lng0 + size, lat0 + size], [lng0, lat0 + size], [lng0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def grids(bureau):
    """Grid A (squad 1) covers 118.0–118.1 E, 34.0–34.1 N; grid B (squad 2) the square east of it."""
    a = GridFactory(
        code="GA",
        name="新安网格",
        squad=bureau["squad1"],
        polygon=_square(118.0, 34.0),
        min_lng=118.0,
        min_lat=34.0,
        max_lng=118.1,
        max_lat=34.1,
    )
    b = GridFactory(
        code="GB",
        name="北沟网格",
        squad=bureau["squad2"],
        polygon=_square(118.2, 34.0),
        min_lng=118.2,
        min_lat=34.0,
        max_lng=118.3,
        max_lat=34.1,
    )
    return {"a": a, "b": b}


@pytest.fixture
def matter(db):
    return MatterFactory(code="GS-001", name="无照经营（流动摊贩）", category="commerce")


@pytest.fixture
def noise_matter(db):
    return MatterFactory(code="HB-020", name="社会生活噪声", category="environment")


@pytest.fixture
def officer(make_user):
    return make_user(Role.OFFICER)


@pytest.fixture
def officer2(make_user):
    return make_user(Role.OFFICER, unit="squad1", username="officer-2")


@pytest.fixture
def auxiliary(make_user):
    return make_user(Role.AUXILIARY)


@pytest.fixture
def leader1(make_user):
    return make_user(Role.SQUAD_LEADER)


@pytest.fixture
def officer_s2(make_user):
    return make_user(Role.OFFICER, unit="squad2", username="officer-s2")


@pytest.fixture
def party(db):
    return PartyFactory(name="王五")


@pytest.fixture
def vulnerable_party(db):
    return PartyFactory(name="李四", laid_off=True)


@pytest.fixture
def point(grids):
    return VendingPointFactory(code="VP-A1", name="城南小学疏导点", grid=grids["a"], capacity=2)
