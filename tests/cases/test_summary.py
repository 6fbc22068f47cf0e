"""The summary procedure (当场处罚): 《行政处罚法》第五十一条, 第五十二条, 第六十八条;
《行政复议法》第二十三条."""

from __future__ import annotations

import pytest

from sunshine.cases.models import Case, Decision

from .conftest import act_time, staff_id

pytestmark = pytest.mark.django_db


def summary_payload(t, **overrides):
    data = {
        "procedure": "summary",
        "source": "patrol",
        "matter": t.version.matter.code,
        "party": t.party.pk,
        "handlers": [staff_id(t.officer1), staff_id(t.officer2)],
        "act_at": act_time(0),
        "place": "人民广场东门",
        "facts": "当事人在禁止区域露天烧烤。",
        "severity": "minor",
        "penalty_kinds": ["fine"],
        "fine": "200.00",
        "document_number": "新城管简字No.0000123",
        "party_informed": True,
        "early_reason": "refusal_to_correct",
    }
    data.update(overrides)
    return data


@pytest.fixture
def summary_version(team):
    """A matter whose minor tier allows small fines (¥50–¥3,000), as many 市容 matters do."""
    from tests.factories import MatterFactory, MatterVersionFactory

    return MatterVersionFactory(
        matter=MatterFactory(code="SR-001"),
        fine_individual_min=50,
        fine_org_min=50,
        tiers=[{"severity": "minor", "low": "50", "high": "3000"}],
    )


@pytest.fixture
def post(api_client, team, summary_version):
    def do(**overrides):
        api_client.force_authenticate(team.officer1)
        return api_client.post(
            "/api/v1/cases/",
            summary_payload(team, matter=summary_version.matter.code, **overrides),
            format="json",
        )

    return do


def test_article_51_individual_200_ok_200_01_refused(post, team):
    refused = post(fine="200.01")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "summary_fine_over_limit"
    assert "第五十一条" in refused.json()["error"]["citation"]
    assert Case.objects.count() == 0
    ok = post(fine="200.00")
    assert ok.status_code == 201, ok.json()
    body = ok.json()
    assert body["procedure"] == "summary" and body["state"] == "served"
    decision = body["records"]["decision"]
    assert decision["on_the_spot"] is True
    assert decision["document_number"] == "新城管简字No.0000123"
    # 《行政复议法》第二十三条: reconsideration first, said on the decision
    assert "第二十三条" in decision["remedies"]
    assert decision["payment_due"]  # 第六十七条: 15 days


def test_article_51_organisation_3000(post, team):
    assert post(party=team.org_party.pk, fine="3000.01", document_number="A1").json()["error"]["code"] == (
        "summary_fine_over_limit"
    )
    assert post(party=team.org_party.pk, fine="3000.00", document_number="A2").status_code == 201


def test_article_52_number_used_once(post):
    from tests.factories import PartyFactory

    assert post().status_code == 201
    again = post(party=PartyFactory().pk)
    assert again.status_code == 400
    assert "document_number" in again.json()["error"]["fields"]


def test_article_44_party_informed_first(post):
    response = post(party_informed=False)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "advance_notice_missing"


def test_article_68_collection_on_the_spot(post):
    from tests.factories import PartyFactory

    others = [PartyFactory().pk for _ in range(3)]
    refused = post(fine="150.00", collected_on_spot=True, receipt_number="R-1")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "on_the_spot_collection_refused"
    ok = post(
        fine="100.00", collected_on_spot=True, receipt_number="R-2", document_number="B2", party=others[0]
    )
    assert ok.status_code == 201
    assert ok.json()["state"] == "executed"
    hard = post(
        fine="150.00",
        collected_on_spot=True,
        hard_to_collect_later=True,
        receipt_number="R-3",
        document_number="B3",
        party=others[1],
    )
    assert hard.status_code == 201
    # 第七十条: an official receipt
    no_receipt = post(fine="50.00", collected_on_spot=True, document_number="B4", party=others[2])
    assert no_receipt.status_code == 400


def test_summary_then_close_archive_and_reconsideration_first(post, act, team):
    body = post(penalty_kinds=["warning"], fine="0").json()
    cid = body["id"]
    response = act(team.officer1, cid, "file_remedy", kind="litigation")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "reconsideration_first"
    assert act(team.officer1, cid, "file_remedy", kind="reconsideration").status_code == 200
    assert act(team.squad_leader, cid, "close").json()["state"] == "closed"
    assert act(team.squad_leader, cid, "archive").json()["state"] == "archived"


def test_summary_only_warning_or_fine(post):
    response = post(penalty_kinds=["confiscate_property"])
    assert response.status_code == 400  # not offered by the summary form at all


def test_summary_decision_counts_as_ladder_penalty(post, team, summary_version):
    from sunshine.parties.ladder import recommendation_for

    assert post().status_code == 201
    recommendation = recommendation_for(party=team.party, matter=summary_version.matter)
    assert recommendation.step == "penalize"
    assert Decision.objects.count() == 1


def test_article_29_no_second_fine_on_the_spot(post):
    assert post().status_code == 201
    again = post(document_number="C2")
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "second_fine_same_act"


def test_article_71_cash_handed_over_within_two_working_days(post, act, team):
    from tests.factories import PartyFactory

    body = post(fine="100.00", collected_on_spot=True, receipt_number="R-9", party=PartyFactory().pk).json()
    deadline = next(d for d in body["deadlines"] if d["key"] == "cash_handover")
    assert deadline["kind"] == "working" and deadline["length"] == 2 and "第七十一条" in deadline["citation"]
    body = act(team.officer1, body["id"], "hand_over_cash").json()
    assert next(d for d in body["deadlines"] if d["key"] == "cash_handover")["status"] == "met"
