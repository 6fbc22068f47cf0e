"""The cases API through the whole general procedure, and its error answers."""

from __future__ import annotations

import pytest

from sunshine.audit.models import Event
from sunshine.cases.models import Case, CaseEvent

from .conftest import FULL_CHECKS, notice_payload, staff_id

pytestmark = pytest.mark.django_db


def test_general_procedure_create_to_archive(drive, api_client, team):
    cid = drive("archived")
    case = Case.objects.get(pk=cid)
    assert case.state == "archived"
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == [
        "register",
        "file",
        "start_investigation",
        "serve_advance_notice",
        "record_statement",
        "submit_for_decision",
        "decide",
        "serve_decision",
        "execute",
        "close",
        "archive",
    ]
    assert Event.objects.filter(action__startswith="cases.", object_id=str(cid)).count() == len(actions)
    assert case.decision.document_number.startswith("新城管罚决字〔")
    assert "六十日" in case.decision.remedies_text or "60" in case.decision.remedies_text


def test_detail_shows_deadlines_with_explanations_and_actions(drive, api_client, team):
    cid = drive("notice_served")
    api_client.force_authenticate(team.officer1)
    body = api_client.get(f"/api/v1/cases/{cid}/").json()
    assert body["state"] == "notice_served"
    keys = {d["key"]: d for d in body["deadlines"]}
    assert keys["filing"]["status"] == "met"
    assert keys["decision"]["status"] == "open" and keys["decision"]["length"] == 90
    assert keys["statement_reply"]["kind"] == "working"
    assert "2026" in keys["statement_reply"]["explanation"] or keys["statement_reply"]["explanation"]
    names = {a["action"] for a in body["actions"]}
    assert {"record_statement", "waive_rights", "submit_for_decision"} <= names
    assert "decide" not in names  # an officer may not decide
    api_client.force_authenticate(team.leader)
    names = {a["action"] for a in api_client.get(f"/api/v1/cases/{cid}/").json()["actions"]}
    assert "decide" not in names  # not in this state
    assert "withdraw" in names


def test_guard_failure_is_422_with_citation_and_nothing_saved(drive, act, team):
    cid = drive("notice_served")
    before = CaseEvent.objects.filter(case_id=cid).count()
    # 第六十二条: the party has not been heard and the reply period is running
    response = act(team.officer1, cid, "submit_for_decision")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "party_not_heard"
    assert "第六十二条" in error["citation"]
    assert CaseEvent.objects.filter(case_id=cid).count() == before
    assert Case.objects.get(pk=cid).state == "notice_served"


def test_wrong_role_is_403_and_handler_only(drive, act, team):
    cid = drive("filed")
    assert act(team.officer1, cid, "file").status_code == 422  # not possible in this state
    assert act(team.officer3, cid, "start_investigation").status_code == 403  # not a handler
    assert act(team.leader, cid, "start_investigation").status_code == 403  # role
    assert act(team.officer1, cid, "start_investigation").status_code == 200


def test_bad_input_is_400(drive, act, team):
    cid = drive("investigating")
    response = act(team.officer1, cid, "serve_advance_notice", severity="huge")
    assert response.status_code == 400
    assert "severity" in response.json()["error"]["fields"]


def test_other_squad_gets_404(drive, act, api_client, team):
    cid = drive("filed")
    api_client.force_authenticate(team.other_officer)
    assert api_client.get(f"/api/v1/cases/{cid}/").status_code == 404
    assert act(team.other_officer, cid, "start_investigation").status_code == 404
    assert act(team.officer1, cid, "no_such_action").status_code == 404


def test_list_is_scoped_and_filtered_without_n_plus_one(
    create_case, api_client, team, django_assert_max_num_queries
):
    for _ in range(3):
        create_case()
    api_client.force_authenticate(team.other_officer)
    assert api_client.get("/api/v1/cases/").json()["count"] == 0
    api_client.force_authenticate(team.officer1)
    with django_assert_max_num_queries(12):
        body = api_client.get("/api/v1/cases/?state=registered").json()
    assert body["count"] == 3
    assert body["results"][0]["parties"][0]["name"] == "张三"
    assert api_client.get("/api/v1/cases/?state=closed").json()["count"] == 0
    for _ in range(5):
        create_case()
    with django_assert_max_num_queries(12):
        api_client.get("/api/v1/cases/?mine=1")


def test_filing_needs_two_qualified_handlers(create_case, act, team):
    # 《行政处罚法》第四十二条: an auxiliary is never a handler
    from sunshine.cases.models import CaseHandler

    cid = create_case()
    CaseHandler.objects.filter(case_id=cid, staff=team.officer2.staff).delete()
    response = act(team.squad_leader, cid, "file")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "handlers_fewer_than_two"
    response = act(
        team.squad_leader,
        cid,
        "assign_handlers",
        handlers=[staff_id(team.officer1), staff_id(team.auxiliary)],
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "org.not_an_officer"
    response = act(
        team.squad_leader, cid, "assign_handlers", handlers=[staff_id(team.officer1), staff_id(team.officer2)]
    )
    assert response.status_code == 200
    assert act(team.squad_leader, cid, "file").status_code == 200


def test_create_refuses_auxiliary_handler(api_client, team):
    from .conftest import case_payload

    api_client.force_authenticate(team.officer1)
    response = api_client.post(
        "/api/v1/cases/",
        case_payload(team, handlers=[staff_id(team.officer1), staff_id(team.auxiliary)]),
        format="json",
    )
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_ladder_reason_needed_before_penalise(api_client, team):
    from .conftest import case_payload

    api_client.force_authenticate(team.officer1)
    response = api_client.post("/api/v1/cases/", case_payload(team, early_reason=""), format="json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "ladder_not_reached"
    response = api_client.post("/api/v1/cases/", case_payload(team), format="json")
    assert response.status_code == 201
    assert response.json()["opened_early"] is True


def test_hearing_route_with_review_and_discussion(drive, act, team):
    """A fine of ¥10,000 on an individual reaches the hearing threshold (第六十三条); a hearing held makes
    legal review required (第五十八条); a major case goes to collective discussion (第五十七条)."""
    import datetime as dt

    from django.utils import timezone

    from sunshine.workdays.calendar import add_working_days

    served = timezone.localdate() - dt.timedelta(days=30)
    cid = drive("investigating", major=True)
    notice = notice_payload(severity="serious", fine="10000.00", served_on=served.isoformat())
    response = act(team.officer1, cid, "serve_advance_notice", **notice)
    assert response.status_code == 200, response.json()
    assert response.json()["flags"]["hearing_available"] is True
    requested = add_working_days(served, 2)
    assert act(team.officer1, cid, "request_hearing", requested_on=requested.isoformat()).status_code == 200
    notified = requested + dt.timedelta(days=1)
    hearing = {"notified_on": notified.isoformat(), "place": "听证室"}
    hearing_on = add_working_days(notified, 7).isoformat()
    # 第六十四条(四): the chair did not investigate
    chair1 = staff_id(team.officer1)
    response = act(team.squad_leader, cid, "schedule_hearing", chair=chair1, hearing_on=hearing_on, **hearing)
    assert response.json()["error"]["code"] == "hearing_chair_investigator"
    chair3 = staff_id(team.officer3)
    too_soon = add_working_days(notified, 6).isoformat()
    response = act(team.squad_leader, cid, "schedule_hearing", chair=chair3, hearing_on=too_soon, **hearing)
    assert response.json()["error"]["code"] == "hearing_notice_too_short"
    response = act(team.squad_leader, cid, "schedule_hearing", chair=chair3, hearing_on=hearing_on, **hearing)
    assert response.status_code == 200
    # moving on before the hearing is held is refused
    assert act(team.officer1, cid, "submit_for_decision").json()["error"]["code"] == "hearing_not_held"
    assert act(team.squad_leader, cid, "hold_hearing", outcome="held", record="听证笔录").status_code == 200
    # legal review is required now: going straight to discussion is refused
    response = act(team.officer1, cid, "submit_for_discussion")
    assert response.json()["error"]["code"] == "legal_review_missing"
    assert act(team.officer1, cid, "submit_for_review").status_code == 200
    incomplete = {**FULL_CHECKS, "evidence": ""}
    response = act(team.reviewer, cid, "review_approve", opinion="同意", checks=incomplete)
    assert response.json()["error"]["code"] == "review_opinion_incomplete"
    assert act(team.reviewer, cid, "review_approve", opinion="同意", checks=FULL_CHECKS).status_code == 200
    # 第五十七条: a major case goes to collective discussion before the decision
    assert (
        act(team.officer1, cid, "submit_for_decision").json()["error"]["code"]
        == "collective_discussion_missing"
    )
    assert act(team.officer1, cid, "submit_for_discussion").status_code == 200
    participants = [staff_id(u) for u in team.leaders]
    response = act(team.leader, cid, "discuss", participants=participants[:2], conclusion="同意处罚")
    assert response.json()["error"]["code"] == "discussion_too_few"
    assert (
        act(team.leader, cid, "discuss", participants=participants, conclusion="同意处罚").status_code == 200
    )
    # 第四十五条: the decision cannot be heavier than the notice
    response = act(
        team.leader, cid, "decide", severity="serious", penalty_kinds=["fine"], fine="10000.01", reasons="x"
    )
    assert response.json()["error"]["code"] == "penalty_raised_after_defence"
    response = act(
        team.leader, cid, "decide", severity="serious", penalty_kinds=["fine"], fine="9000.00", reasons="x"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "decided"


def test_reviewer_new_to_role_needs_qualification(drive, act, team, make_user):
    from sunshine.accounts.roles import Role

    newbie = make_user(Role.LEGAL_REVIEWER, username="reviewer2", is_legal_reviewer=True)
    cid = drive("statement")
    assert act(team.officer1, cid, "submit_for_review").status_code == 200
    response = act(newbie, cid, "review_approve", opinion="同意", checks=FULL_CHECKS)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "reviewer_not_qualified"
    response = act(team.reviewer, cid, "review_return", opinion="证据不足，补充调查", checks=FULL_CHECKS)
    assert response.status_code == 200
    assert response.json()["state"] == "investigating"


def test_decider_may_not_be_a_handler(create_case, act, team, drive):
    # separation of duties: a squad leader who handles the case cannot approve its filing
    cid = create_case(handlers=[staff_id(team.squad_leader), staff_id(team.officer1)])
    response = act(team.squad_leader, cid, "file")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "separation_of_duties"


def test_suspend_and_resume_return_to_previous_state(drive, act, team):
    cid = drive("investigating")
    assert act(team.squad_leader, cid, "suspend", reason="当事人下落不明").json()["state"] == "suspended"
    assert act(team.officer1, cid, "preserve_evidence", items="烧烤炉").status_code == 422
    assert act(team.squad_leader, cid, "resume").json()["state"] == "investigating"


def test_withdraw_cancels_deadlines(drive, act, team, api_client):
    cid = drive("filed")
    assert act(team.leader, cid, "withdraw", reason="违法事实不能成立").json()["state"] == "withdrawn"
    api_client.force_authenticate(team.officer1)
    body = api_client.get(f"/api/v1/cases/{cid}/").json()
    assert all(d["status"] != "open" for d in body["deadlines"])
