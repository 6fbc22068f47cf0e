"""Fixtures for the disclosure tests: the cases team (squad officers, leaders, a legal reviewer), a helper
that makes a decided case with its publication, and a clean page cache for every test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from sunshine.cases.models import CaseParty, Decision
from sunshine.disclosure import services
from tests.cases.conftest import act, team  # noqa: F401 - fixtures shared with the cases tests
from tests.factories import CaseFactory, PartyFactory

D = dt.date
DECIDED = D(2026, 9, 29)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


_numbers = iter(range(1, 10**6))
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(seq: int, birth: str = "19800101", area: str = "320381") -> str:
    """A valid GB 11643 resident ID number."""
    body = f"{area}{birth}{seq % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def person(name: str = "张三", **fields):
    n = next(_numbers)
    fields.setdefault("id_number", id_number(n))
    fields.setdefault("phone", f"138{n:08d}")
    return PartyFactory(name=name, **fields)


@pytest.fixture
def decide(team):  # noqa: F811 - the imported fixture
    """decide(party=None, decided_on=D(2026, 9, 29), act_on=None, unit="squad1", fine="500.00",
    facts=..., kinds=("fine",)) → the publication of a new penalty decision (made by the service)."""

    def make(
        *,
        party=None,
        decided_on: dt.date = DECIDED,
        act_on: dt.date | None = None,
        unit: str = "squad1",
        fine: str = "500.00",
        facts: str = "当事人在禁止区域内露天烧烤食品。",
        place: str = "解放路18号",
        kinds=("fine",),
        kind: str = "penalty",
    ):
        party = party or person()
        act_on = act_on or decided_on - dt.timedelta(days=10)
        case = CaseFactory(
            unit=team.bureau[unit],
            matter_version=team.version,
            act_at=dt.datetime(act_on.year, act_on.month, act_on.day, 2, 0, tzinfo=dt.UTC),
            facts=facts,
            place=place,
            state="decided",
            registered_on=act_on,
            decided_on=decided_on,
        )
        CaseParty.objects.create(case=case, party=party)
        n = next(_numbers)
        decision = Decision.objects.create(
            case=case,
            kind=kind,
            document_number=f"新城管罚决字〔2026〕第{n:05d}号",
            penalty_kinds=list(kinds),
            fine=Decimal(fine) if "fine" in kinds else Decimal("0.00"),
            decided_on=decided_on,
            approved_by=team.leader,
            remedies_text="如不服本决定，可在六十日内申请行政复议。",
        )
        return services.publication_prepare(decision=decision, actor=team.leader)

    return make
