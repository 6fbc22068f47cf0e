from __future__ import annotations

import datetime as dt

import pytest

from sunshine.accounts.roles import Role
from sunshine.cases.models import CaseHandler
from sunshine.org.models import Staff

from ..factories import CaseFactory


@pytest.fixture
def people(make_user):
    officers = [make_user(Role.OFFICER, username=f"officer-{i}") for i in range(3)]
    return {
        "reviewer": make_user(Role.LEGAL_REVIEWER),
        "reviewer2": make_user(Role.LEGAL_REVIEWER, username="reviewer-2"),
        "leader": make_user(Role.LEADER),
        "inspector": make_user(Role.INSPECTOR),
        "squad_leader": make_user(Role.SQUAD_LEADER),
        "officers": officers,
        "other_officer": make_user(Role.OFFICER, unit="squad2", username="officer-s2"),
    }


def staff(user) -> Staff:
    return Staff.objects.get(user=user)


@pytest.fixture
def closed_case(bureau, people):
    """make(unit="squad1", handlers=[users], state="closed", closed_on=date, **fields) → a closed case."""

    def make(unit="squad1", handlers=None, state="closed", closed_on=dt.date(2026, 10, 20), **fields):
        handlers = handlers if handlers is not None else people["officers"][:2]
        case = CaseFactory(unit=bureau[unit], state=state, closed_on=closed_on, **fields)
        for i, user in enumerate(handlers):
            CaseHandler.objects.create(case=case, staff=staff(user), lead=i == 0)
        return case

    return make
