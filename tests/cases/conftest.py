"""Fixtures for the cases tests: a squad with two officers, its leader, three bureau leaders, a legal
reviewer, a matter with its benchmark, and a party; ``drive`` runs a case through the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from sunshine.accounts.roles import Role
from tests.factories import MatterFactory, MatterVersionFactory, PartyFactory, record_av_activity


class Team:
    pass


@pytest.fixture
def team(bureau, make_user):
    t = Team()
    t.bureau = bureau
    t.officer1 = make_user(Role.OFFICER, username="officer1")
    t.officer2 = make_user(Role.OFFICER, username="officer2")
    t.officer3 = make_user(Role.OFFICER, username="officer3")
    t.other_officer = make_user(Role.OFFICER, unit="squad2", username="officer-s2")
    t.squad_leader = make_user(Role.SQUAD_LEADER, username="squadlead1")
    t.leaders = [make_user(Role.LEADER, username=f"leader{i}") for i in range(3)]
    t.leader = t.leaders[0]
    t.reviewer = make_user(
        Role.LEGAL_REVIEWER,
        username="reviewer1",
        is_legal_reviewer=True,
        legal_professional_qualification=True,
    )
    t.auxiliary = make_user(Role.AUXILIARY, username="aux1")
    t.version = MatterVersionFactory(matter=MatterFactory(code="HB-009"))
    t.party = PartyFactory(name="张三")
    t.org_party = PartyFactory(name="某餐饮有限公司", kind="organisation", credit_code="91350100M000100Y43")
    return t


def staff_id(user) -> int:
    return user.staff.pk


def act_time(days_ago: int = 3):
    return (timezone.now() - dt.timedelta(days=days_ago)).isoformat()


def case_payload(t, **overrides) -> dict:
    data = {
        "source": "patrol",
        "matter": t.version.matter.code,
        "parties": [t.party.pk],
        "handlers": [staff_id(t.officer1), staff_id(t.officer2)],
        "act_at": act_time(),
        "place": "解放路与淮海路交叉口",
        "facts": "当事人在禁止区域内露天烧烤食品，经劝导后仍未停止。",
        "early_reason": "refusal_to_correct",
    }
    data.update(overrides)
    return data


def notice_payload(**overrides) -> dict:
    data = {
        "severity": "minor",
        "penalty_kinds": ["fine"],
        "fine": "1000.00",
        "method": "direct",
        "grounds": "违反《大气污染防治法》第八十一条第三款，依据第一百一十八条第三款。",
    }
    data.update(overrides)
    return data


FULL_CHECKS = {
    "authority": "主体合法",
    "procedure": "程序合法",
    "facts": "事实清楚",
    "evidence": "证据确凿",
    "law_applied": "适用法律正确",
    "discretion": "裁量适当",
    "documents": "文书齐全",
    "suspected_crime": "不涉嫌犯罪",
}


@pytest.fixture
def act(api_client):
    """act(user, case_id, action, **data) → response of POST /api/v1/cases/{id}/actions/{action}/."""

    def do(user, case_id, action, **data):
        api_client.force_authenticate(user)
        return api_client.post(f"/api/v1/cases/{case_id}/actions/{action}/", data, format="json")

    return do


@pytest.fixture
def create_case(api_client, team):
    def do(user=None, **overrides):
        api_client.force_authenticate(user or team.officer1)
        response = api_client.post("/api/v1/cases/", case_payload(team, **overrides), format="json")
        assert response.status_code == 201, response.json()
        return response.json()["id"]

    return do


@pytest.fixture
def drive(act, team, create_case):
    """drive(until_state) → a case id taken through the general procedure up to that state."""

    order = [
        ("filed", lambda cid: act(team.squad_leader, cid, "file")),
        ("investigating", lambda cid: act(team.officer1, cid, "start_investigation")),
        ("notice_served", lambda cid: act(team.officer1, cid, "serve_advance_notice", **notice_payload())),
        (
            "statement",
            lambda cid: (
                record_av_activity(cid, "questioning", team.officer1),  # seed 001: questioning is filmed
                act(
                    team.officer1,
                    cid,
                    "record_statement",
                    content="当事人称初次违法",
                    review="复核：理由不成立",
                ),
            )[1],
        ),
        ("awaiting_decision", lambda cid: act(team.officer1, cid, "submit_for_decision")),
        (
            "decided",
            lambda cid: act(
                team.leader,
                cid,
                "decide",
                severity="minor",
                penalty_kinds=["fine"],
                fine="1000.00",
                reasons="事实清楚",
            ),
        ),
        ("served", lambda cid: act(team.officer1, cid, "serve_decision", method="direct", recipient="张三")),
        ("executed", lambda cid: act(team.officer1, cid, "execute", kind="paid", amount="1000.00")),
        ("closed", lambda cid: act(team.squad_leader, cid, "close")),
        ("archived", lambda cid: act(team.squad_leader, cid, "archive")),
    ]

    def do(until: str, case_id=None, **create):
        cid = case_id or create_case(**create)
        for name, step in order:
            response = step(cid)
            assert response.status_code == 200, (name, response.json())
            if name == until:
                break
        return cid

    return do


__all__ = ["FULL_CHECKS", "Decimal", "case_payload", "notice_payload", "staff_id"]
