"""Publication, hold-back, withdrawal and take-down, through the services and through the cases signal."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.audit.models import Event
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.disclosure import services
from sunshine.disclosure.models import Publication, Status
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _audit_actions() -> list[str]:
    return list(Event.objects.order_by("seq").values_list("action", flat=True))


def test_prepare_freezes_the_masked_text_and_sets_the_deadline(decide):
    party = PartyFactory(
        name="张三丰", id_number="11010519491231002X", phone="13812345678", address="钟吾路5号"
    )
    pub = decide(
        party=party,
        decided_on=D(2026, 9, 29),
        facts="张三丰（身份证11010519491231002X，电话13812345678，住钟吾路5号）在解放路18号烧烤。",
    )
    assert pub.status == Status.PENDING and not pub.listed
    assert pub.due_on == D(2026, 10, 14)  # 国办发〔2018〕118号: 7 working days, across National Day
    assert pub.party_display == "张某某"
    assert (
        "张三丰" not in pub.facts and "11010519491231002X" not in pub.facts and "13812345678" not in pub.facts
    )
    assert "钟吾路5号" not in pub.facts
    assert "张某某" in pub.facts
    assert "18号" not in pub.act  # the place is kept down to the road
    assert "罚款" in pub.penalty and "伍佰元整" in pub.penalty
    assert pub.legal_basis.startswith("违反《")


def test_organisation_published_under_its_name(decide, team):
    pub = decide(party=team.org_party)
    assert pub.party_display == "某餐饮有限公司"
    assert pub.party_kind == "organisation"


def test_guoban_2018_118_published_on_the_seventh_working_day_not_before(decide):
    pub = decide(decided_on=D(2026, 9, 29))
    assert services.publications_publish_due(today=D(2026, 10, 13)) == 0
    pub.refresh_from_db()
    assert pub.status == Status.PENDING and not pub.listed
    assert services.publications_publish_due(today=D(2026, 10, 14)) == 1
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED and pub.listed
    assert pub.published_on == D(2026, 10, 14) and pub.published_late is False
    assert pub.ends_on == D(2028, 10, 14)  # 2 years for an individual (regional setting)
    assert services.publications_publish_due(today=D(2026, 10, 14)) == 0  # idempotent
    assert "disclosure.publish_due" in _audit_actions()


def test_missed_run_publishes_late_and_says_so(decide):
    pub = decide(decided_on=D(2026, 9, 29))
    services.publications_publish_due(today=D(2026, 10, 15))
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED and pub.published_late is True


def test_minors_case_is_excluded_and_never_published(decide):
    minor = PartyFactory(name="李小明", birth_date=D(2010, 5, 1))
    pub = decide(party=minor, decided_on=D(2026, 9, 29), act_on=D(2026, 9, 20))
    assert pub.status == Status.EXCLUDED
    assert pub.party_display == "" and pub.facts == "" and pub.act == ""
    assert services.publications_publish_due(today=D(2027, 1, 1)) == 0
    pub.refresh_from_db()
    assert not pub.listed
    # an adult on the day of the act (18th birthday) is published
    adult = PartyFactory(name="王大明", birth_date=D(2008, 9, 19))
    assert decide(party=adult, decided_on=D(2026, 9, 29), act_on=D(2026, 9, 19)).status == Status.PENDING


def test_no_penalty_decision_is_not_published(decide):
    assert decide(kind="no_penalty", kinds=()) is None
    assert Publication.objects.count() == 0


def test_hold_back_by_legal_reviewer_keeps_it_off_the_portal(decide, team):
    pub = decide()
    with pytest.raises(PermissionDeniedError):
        services.publication_hold_back(actor=team.officer1, pk=pub.pk, ground="privacy", reason="隐私")
    with pytest.raises(RuleViolation):
        services.publication_hold_back(actor=team.reviewer, pk=pub.pk, ground="privacy", reason="")
    pub.refresh_from_db()
    assert pub.status == Status.PENDING  # nothing half-saved
    services.publication_hold_back(
        actor=team.reviewer, pk=pub.pk, ground="commercial_secret", reason="涉及商业秘密"
    )
    assert services.publications_publish_due(today=D(2027, 1, 1)) == 0
    pub.refresh_from_db()
    assert pub.status == Status.HELD_BACK and not pub.listed and pub.held_by == team.reviewer
    assert "disclosure.hold_back" in _audit_actions()
    services.publication_release(actor=team.reviewer, pk=pub.pk, reason="权利人同意公开")
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED and pub.listed


def test_publish_now_and_manual_withdrawal(decide, team):
    pub = decide()
    services.publication_publish(actor=team.reviewer, pk=pub.pk)
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED
    with pytest.raises(RuleViolation):
        services.publication_publish(actor=team.reviewer, pk=pub.pk)
    services.publication_withdraw(actor=team.reviewer, pk=pub.pk, reason="当事人信息录入错误，撤回公示。")
    pub.refresh_from_db()
    assert pub.status == Status.WITHDRAWN and pub.listed  # the notice of withdrawal stays on the list
    assert pub.withdrawal_reason == "当事人信息录入错误，撤回公示。"
    assert pub.withdrawn_by == team.reviewer


def test_article_48_withdrawal_in_time_on_the_third_working_day_late_after(decide, team):
    a, b = decide(), decide()
    for pub in (a, b):
        services.publication_publish(actor=team.reviewer, pk=pub.pk)
    # changed on Wed 30 Sep 2026: due Sat 10 Oct (a make-up workday)
    from unittest import mock

    with mock.patch("sunshine.disclosure.services._today", return_value=D(2026, 10, 10)):
        services.publication_withdraw_for_remedy(
            case=a.decision.case,
            actor=team.squad_leader,
            remedy_kind="reconsideration",
            outcome="revoked",
            decided_on=D(2026, 9, 30),
        )
    with mock.patch("sunshine.disclosure.services._today", return_value=D(2026, 10, 12)):
        services.publication_withdraw_for_remedy(
            case=b.decision.case,
            actor=team.squad_leader,
            remedy_kind="litigation",
            outcome="changed",
            decided_on=D(2026, 9, 30),
        )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.withdrawal_due == b.withdrawal_due == D(2026, 10, 10)
    assert a.withdrawn_late is False and b.withdrawn_late is True
    assert (
        "行政复议" in a.withdrawal_reason
        and "撤销" in a.withdrawal_reason
        and "第四十八条" in a.withdrawal_reason
    )
    assert "行政诉讼" in b.withdrawal_reason and "变更" in b.withdrawal_reason


def test_upheld_decision_stays_published(decide, team):
    pub = decide()
    services.publication_publish(actor=team.reviewer, pk=pub.pk)
    services.publication_withdraw_for_remedy(
        case=pub.decision.case,
        actor=team.squad_leader,
        remedy_kind="reconsideration",
        outcome="upheld",
        decided_on=D(2026, 10, 30),
    )
    pub.refresh_from_db()
    assert pub.status == Status.PUBLISHED


def test_publication_ends_after_the_period(decide, team):
    person = decide()
    org = decide(party=team.org_party)
    services.publications_publish_due(today=D(2026, 10, 14))
    person.refresh_from_db()
    org.refresh_from_db()
    assert person.ends_on == D(2028, 10, 14) and org.ends_on == D(2031, 10, 14)
    assert services.publications_expire(today=D(2028, 10, 14)) == 0  # the last day is still published
    assert services.publications_expire(today=D(2028, 10, 15)) == 1
    person.refresh_from_db()
    org.refresh_from_db()
    assert person.status == Status.EXPIRED and not person.listed
    assert org.status == Status.PUBLISHED and org.listed


def test_later_edits_of_the_party_never_reach_the_publication(decide):
    party = PartyFactory(name="赵六", phone="13900001111")
    pub = decide(party=party)
    party.name = "赵六六"
    party.save()
    pub.refresh_from_db()
    assert pub.party_display == "赵某某"


# --- through the cases: the summary procedure and a reconsideration that revokes -------------------------


def _summary(api_client, team, version, number="新城管简字No.0000777"):
    from tests.cases.conftest import act_time, staff_id

    api_client.force_authenticate(team.officer1)
    return api_client.post(
        "/api/v1/cases/",
        {
            "procedure": "summary",
            "source": "patrol",
            "matter": version.matter.code,
            "party": team.party.pk,
            "handlers": [staff_id(team.officer1), staff_id(team.officer2)],
            "act_at": act_time(0),
            "place": "人民广场东门",
            "facts": "当事人在禁止区域露天烧烤。",
            "severity": "minor",
            "penalty_kinds": ["fine"],
            "fine": "200.00",
            "document_number": number,
            "party_informed": True,
            "early_reason": "refusal_to_correct",
        },
        format="json",
    )


@pytest.fixture
def summary_version():
    from tests.factories import MatterFactory, MatterVersionFactory

    return MatterVersionFactory(
        matter=MatterFactory(code="SR-001"),
        fine_individual_min=50,
        fine_org_min=50,
        tiers=[{"severity": "minor", "low": "50", "high": "3000"}],
    )


def test_decision_on_the_spot_gets_its_publication_and_revocation_withdraws_it(
    api_client, team, act, summary_version
):
    response = _summary(api_client, team, summary_version)
    assert response.status_code == 201, response.json()
    cid = response.json()["id"]
    pub = Publication.objects.get(case_id_ref=cid)
    assert pub.status == Status.PENDING and pub.party_display == "张某某"
    services.publication_publish(actor=team.reviewer, pk=pub.pk)
    remedy = act(team.officer1, cid, "file_remedy", kind="reconsideration")
    assert remedy.status_code == 200, remedy.json()
    from sunshine.cases.models import Remedy

    remedy_id = Remedy.objects.get(case_id=cid).pk
    outcome = act(team.squad_leader, cid, "remedy_outcome", remedy=remedy_id, outcome="revoked")
    assert outcome.status_code == 200, outcome.json()
    pub.refresh_from_db()
    assert pub.status == Status.WITHDRAWN and pub.listed
    assert "撤销" in pub.withdrawal_reason and pub.withdrawn_late is False
