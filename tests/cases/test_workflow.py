"""The transition tables, and the procedure's time limits through the services (across National Day 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.accounts.roles import Role
from sunshine.cases import forms, services, workflow
from sunshine.cases.models import Case
from sunshine.cases.workflow import GuardContext, Procedure, State
from tests.factories import record_av_activity

from .conftest import FULL_CHECKS, notice_payload, staff_id

D = dt.date


def test_every_action_has_a_form_and_a_step():
    for table in workflow.TABLES.values():
        for t in table:
            assert t.action in forms.ACTION_FORMS, t.action
            assert t.action in services.STEPS, t.action
            assert t.roles and set(t.roles) <= set(Role.values)
            for source in t.sources:
                assert source in State.values
            assert t.target in (None, workflow.PREVIOUS, *State.values)


def test_every_general_state_is_reachable():
    reached = {State.REGISTERED}
    changed = True
    while changed:
        changed = False
        for t in workflow.GENERAL:
            if t.target in State.values and t.target not in reached and set(t.sources) & reached:
                reached.add(t.target)
                changed = True
    assert reached == set(State.values)


def test_lookup_and_next_state():
    t = workflow.transition_for(Procedure.GENERAL, State.REGISTERED, "file")
    assert t.target == State.FILED and t.roles == (Role.SQUAD_LEADER,)
    assert workflow.transition_for(Procedure.GENERAL, State.FILED, "file") is None
    assert workflow.transition_for(Procedure.SUMMARY, State.REGISTERED, "file") is None
    resume = workflow.transition_for(Procedure.GENERAL, State.SUSPENDED, "resume")
    assert workflow.next_state(resume, State.SUSPENDED, State.HEARING) == State.HEARING
    record = workflow.transition_for(Procedure.GENERAL, State.NOTICE_SERVED, "record_statement")
    assert workflow.next_state(record, State.NOTICE_SERVED) == State.NOTICE_SERVED
    assert workflow.role_allows(t, {Role.SQUAD_LEADER}) and not workflow.role_allows(t, {Role.OFFICER})


def test_decide_guards_run_in_order_on_plain_values():
    """The decision's guards on a GuardContext without the database: 第六十二条 first."""
    t = workflow.transition_for(Procedure.GENERAL, State.AWAITING_DECISION, "decide")
    ctx = GuardContext(today=D(2026, 10, 20), handler_ids=[1, 2], actor_staff_id=9)
    from sunshine.core.errors import RuleViolation

    with pytest.raises(RuleViolation) as exc:
        workflow.run_guards(t, ctx)
    assert exc.value.code == "advance_notice_missing"
    ctx.notice_served = True
    ctx.statement_recorded = True
    ctx.notified_kinds, ctx.notified_fine = ["fine"], Decimal("500")
    ctx.decision_due = D(2026, 12, 1)
    ctx.data = {"penalty_kinds": ["fine"], "fine": Decimal("500")}
    workflow.run_guards(t, ctx)
    ctx.actor_staff_id = 2
    with pytest.raises(RuleViolation) as exc:
        workflow.run_guards(t, ctx)
    assert exc.value.code == "separation_of_duties"


pytestmark = pytest.mark.django_db


def test_article_64_hearing_request_window_across_national_day(drive, act, team):
    """A notice served Tue 29 Sep 2026 leaves until Mon 12 Oct 2026 to request a hearing."""
    cid = drive("investigating")
    payload = notice_payload(severity="serious", fine="10000.00", served_on="2026-09-29")
    body = act(team.officer1, cid, "serve_advance_notice", **payload).json()
    assert body["records"]["notices"][0]["hearing_request_due"] == "2026-10-12"
    deadline = next(d for d in body["deadlines"] if d["key"] == "hearing_request")
    assert deadline["due"] == "2026-10-12" and deadline["kind"] == "working" and deadline["length"] == 5
    late = act(team.officer1, cid, "request_hearing", requested_on="2026-10-13")
    assert late.status_code == 422
    assert late.json()["error"]["code"] == "hearing_request_late"
    assert "第六十四条" in late.json()["error"]["citation"]
    assert act(team.officer1, cid, "request_hearing", requested_on="2026-10-12").status_code == 200


def test_article_63_no_hearing_below_threshold(drive, act, team):
    cid = drive("notice_served")  # ¥1,000 on an individual
    response = act(team.officer1, cid, "request_hearing")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "hearing_not_available"


def test_article_60_decision_period_and_extension(drive, act, team):
    cid = drive("awaiting_decision")
    Case.objects.filter(pk=cid).update(filed_on=D(2026, 3, 2))
    decide = {"severity": "minor", "penalty_kinds": ["fine"], "fine": "1000.00", "reasons": "事实清楚"}
    late = act(team.leader, cid, "decide", decided_on="2026-06-02", **decide)
    assert late.status_code == 422 and late.json()["error"]["code"] == "decision_period_expired"
    assert (
        act(team.leader, cid, "extend_decision_period", days=30, reason="案情复杂，经负责人批准").status_code
        == 200
    )
    assert act(team.leader, cid, "decide", decided_on="2026-06-02", **decide).status_code == 200


def test_article_60_last_day_is_in_time(drive, act, team):
    cid = drive("awaiting_decision")
    Case.objects.filter(pk=cid).update(filed_on=D(2026, 3, 2))  # due Mon 1 Jun 2026 (31 May is Sunday)
    decide = {"severity": "minor", "penalty_kinds": ["fine"], "fine": "1000.00", "reasons": "事实清楚"}
    assert act(team.leader, cid, "decide", decided_on="2026-06-01", **decide).status_code == 200


def test_article_61_late_service_needs_a_reason(drive, act, team):
    cid = drive("decided")
    from sunshine.cases.models import Decision

    Decision.objects.filter(case_id=cid).update(decided_on=D(2026, 9, 29))  # service due 14 Oct 2026
    late = act(team.officer1, cid, "serve_decision", method="postal", served_on="2026-10-15")
    assert late.status_code == 422 and late.json()["error"]["code"] == "service_late"
    ok = act(team.officer1, cid, "serve_decision", method="postal", served_on="2026-10-14")
    assert ok.status_code == 200
    assert ok.json()["records"]["decision"]["payment_due"] == "2026-10-29"


def test_articles_72_73_payment_with_surcharge(drive, act, team):
    cid = drive("served")
    from sunshine.cases.models import Decision

    Decision.objects.filter(case_id=cid).update(payment_due=D(2026, 3, 17))
    short = act(team.officer1, cid, "execute", kind="paid", on="2026-03-19", amount="1000.00")
    assert short.status_code == 422 and short.json()["error"]["code"] == "payment_short"
    paid = act(team.officer1, cid, "execute", kind="paid", on="2026-03-19", amount="1060.00")
    assert paid.status_code == 200
    assert paid.json()["records"]["executions"][0]["surcharge"] == "60.00"


def test_article_56_preservation_decision(drive, act, team):
    cid = drive("investigating")
    record_av_activity(cid, "preservation", team.officer1)  # seed 001: preservation is filmed
    body = act(team.officer1, cid, "preserve_evidence", items="烧烤炉一台", registered_on="2026-09-29").json()
    record = body["records"]["preservations"][0]
    assert record["due"] == "2026-10-14"
    late = act(
        team.squad_leader,
        cid,
        "decide_preservation",
        preservation=record["id"],
        decision="没收",
        decided_on="2026-10-15",
    )
    assert late.json()["error"]["code"] == "preservation_late"
    ok = act(
        team.squad_leader,
        cid,
        "decide_preservation",
        preservation=record["id"],
        decision="没收",
        decided_on="2026-10-14",
    )
    assert ok.status_code == 200


def test_compulsion_articles_18_19_25(drive, act, team):
    cid = drive("investigating")
    measure = {
        "kind": "seizure",
        "items": "烧烤炉、燃料",
        "start": "2026-09-01",
        "end": "2026-10-01",
        "officers": [staff_id(team.officer1), staff_id(team.officer2)],
        "party_present": False,
        "witness": "",
        "started_at": "2026-09-01T10:00:00+08:00",
    }
    assert act(team.officer1, cid, "impose_measure", **measure).json()["error"]["code"] == "witness_missing"
    one = {**measure, "witness": "李四", "officers": [staff_id(team.officer1)]}
    assert (
        act(team.officer1, cid, "impose_measure", **one).json()["error"]["code"]
        == "compulsion_officers_fewer_than_two"
    )
    too_long = {**measure, "witness": "李四", "end": "2026-10-02"}
    assert act(team.officer1, cid, "impose_measure", **too_long).json()["error"]["code"] == "seizure_too_long"
    emergency = {**measure, "witness": "李四", "emergency": True}
    record_av_activity(cid, "seizure", team.officer1)  # seed 001: seizure is filmed
    body = act(team.officer1, cid, "impose_measure", **emergency).json()
    m = body["records"]["measures"][0]
    keys = {d["key"]: d for d in body["deadlines"]}
    assert keys[f"measure_expiry:{m['id']}"]["due"] == "2026-10-01"
    assert keys[f"emergency_report:{m['id']}"]["kind"] == "hours"
    late = act(team.officer1, cid, "report_measure", measure=m["id"], reported_at="2026-09-02T10:00:01+08:00")
    assert late.json()["error"]["code"] == "emergency_report_late"
    assert (
        act(
            team.officer1, cid, "report_measure", measure=m["id"], reported_at="2026-09-02T10:00:00+08:00"
        ).status_code
        == 200
    )
    too_much = act(team.leader, cid, "extend_measure", measure=m["id"], days=31, reason="检测")
    assert too_much.json()["error"]["code"] == "seizure_extension_too_long"
    assert act(team.leader, cid, "extend_measure", measure=m["id"], days=30, reason="检测").status_code == 200
    twice = act(team.leader, cid, "extend_measure", measure=m["id"], days=1, reason="再次")
    assert twice.json()["error"]["code"] == "seizure_extended_twice"
    # 第二十五条第三款: testing time is excluded when notified in writing
    silent = act(team.officer1, cid, "exclude_testing_time", measure=m["id"], days=5)
    assert silent.json()["error"]["code"] == "testing_time_not_notified"
    body = act(
        team.officer1, cid, "exclude_testing_time", measure=m["id"], days=5, notified_in_writing=True
    ).json()
    assert body["records"]["measures"][0]["end"] == "2026-11-05"


def test_compulsion_article_43_enforcement_at_night(drive, act, team):
    cid = drive("served")
    no_demand = act(team.officer1, cid, "execute", kind="enforced", at="2026-03-18T10:00:00+08:00")
    assert no_demand.json()["error"]["code"] == "demand_missing"
    demand = {"demand_served_on": "2026-03-01"}
    night = act(team.officer1, cid, "execute", kind="enforced", at="2026-03-18T22:30:00+08:00", **demand)
    assert night.json()["error"]["code"] == "enforcement_night_or_holiday"
    holiday = act(team.officer1, cid, "execute", kind="enforced", at="2026-10-02T10:00:00+08:00", **demand)
    assert holiday.json()["error"]["code"] == "enforcement_night_or_holiday"
    urgent = act(
        team.officer1, cid, "execute", kind="enforced", at="2026-03-18T22:30:00+08:00", urgent=True, **demand
    )
    assert urgent.status_code == 200


def test_compulsion_article_44_forced_demolition_waits_for_remedy_windows(drive, act, team):
    cid = drive("served")
    demand = {"demand_served_on": "2026-03-01"}
    response = act(team.officer1, cid, "execute", kind="demolished", at="2026-03-18T10:00:00+08:00", **demand)
    assert response.json()["error"]["code"] == "demolition_notice_missing"
    response = act(
        team.officer1,
        cid,
        "execute",
        kind="demolished",
        at="2026-03-18T10:00:00+08:00",
        notice_published_on="2026-03-10",
        **demand,
    )
    assert response.json()["error"]["code"] == "demolition_remedy_window_open"


def test_remedies_and_outcome(drive, act, team):
    cid = drive("executed")
    body = act(team.officer1, cid, "file_remedy", kind="reconsideration").json()
    remedy = body["records"]["remedies"][0]
    body = act(
        team.squad_leader, cid, "remedy_outcome", remedy=remedy["id"], outcome="changed", fine="800.00"
    ).json()
    assert body["records"]["decision"]["remedy_outcome"] == "changed"
    assert body["records"]["decision"]["fine"] == "800.00"


def test_recusal_decided_by_the_head(drive, act, team):
    cid = drive("investigating")
    payload = {"staff": staff_id(team.officer2), "reason": "当事人系其亲属", "granted": True}
    # 第四十二条: the case would be left with one handler
    assert act(team.leader, cid, "recuse", **payload).json()["error"]["code"] == "handlers_fewer_than_two"
    body = act(team.leader, cid, "recuse", **payload, replacement=staff_id(team.officer3)).json()
    assert sorted(h["id"] for h in body["handlers"]) == sorted(
        [staff_id(team.officer1), staff_id(team.officer3)]
    )
    # the recused officer cannot come back (第四十三条)
    back = act(
        team.squad_leader, cid, "assign_handlers", handlers=[staff_id(team.officer1), staff_id(team.officer2)]
    )
    assert back.json()["error"]["code"] == "handler_recused"
    assert act(team.officer2, cid, "preserve_evidence", items="x").status_code == 403


def test_article_29_no_second_fine_for_the_same_act(drive, act, team, create_case):
    first = drive("decided")
    act_at = Case.objects.get(pk=first).act_at.isoformat()
    second = drive("investigating", act_at=act_at)
    response = act(team.officer1, second, "serve_advance_notice", **notice_payload())
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "second_fine_same_act"
    warning = notice_payload(penalty_kinds=["warning"], fine="0")
    assert act(team.officer1, second, "serve_advance_notice", **warning).status_code == 200


def test_article_30_minor_party(drive, act, team):
    from tests.factories import PartyFactory

    minor = PartyFactory(name="小明", birth_date=D(2013, 1, 1))
    cid = drive("investigating", parties=[minor.pk])
    response = act(team.officer1, cid, "serve_advance_notice", **notice_payload())
    assert response.json()["error"]["code"] == "minor_under_14"
    response = act(
        team.leader, cid, "decide_no_penalty", reasons="不满十四周岁，责令监护人加以管教（第三十条）"
    )
    assert response.status_code == 200
    assert response.json()["records"]["decision"]["kind"] == "no_penalty"


def test_article_33_slight_act_corrected_is_not_penalised(drive, act, team):
    cid = drive("investigating", harm="none", corrected_in_time=True)
    response = act(team.officer1, cid, "serve_advance_notice", **notice_payload())
    assert response.json()["error"]["code"] == "waiver_must_not_penalise"


def test_article_36_limitation_at_filing(create_case, act, team):
    cid = create_case(act_at="2024-03-01T10:00:00+08:00", act_ended_on="2024-03-01")
    Case.objects.filter(pk=cid).update(registered_on=D(2026, 3, 2))
    response = act(team.squad_leader, cid, "file")
    assert response.json()["error"]["code"] == "limitation_expired"
    Case.objects.filter(pk=cid).update(registered_on=D(2026, 3, 1))
    assert act(team.squad_leader, cid, "file").status_code == 200


def test_benchmark_refuses_fine_outside_tier(drive, act, team):
    cid = drive("investigating")
    response = act(
        team.officer1, cid, "serve_advance_notice", **notice_payload(severity="minor", fine="2000.01")
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "outside_benchmark"
    assert (
        act(
            team.officer1, cid, "serve_advance_notice", **notice_payload(severity="minor", fine="2000.00")
        ).status_code
        == 200
    )


def test_legal_review_by_catalog_rule(drive, act, team):
    """《行政处罚法》第五十八条: the catalog's review rule (a fine from ¥5,000) makes review required."""
    from sunshine.catalog.models import ReviewCatalogRule

    ReviewCatalogRule.objects.create(title="大额罚款", amount_individual_from=Decimal("5000"))
    cid = drive("investigating")
    act(team.officer1, cid, "serve_advance_notice", **notice_payload(severity="ordinary", fine="5000.00"))
    act(team.officer1, cid, "waive_rights", content="放弃陈述申辩")
    response = act(team.officer1, cid, "submit_for_decision")
    assert response.json()["error"]["code"] == "legal_review_missing"
    assert act(team.officer1, cid, "submit_for_review").status_code == 200
    assert act(team.reviewer, cid, "review_approve", opinion="同意", checks=FULL_CHECKS).status_code == 200
    assert act(team.officer1, cid, "submit_for_decision").status_code == 200


def test_no_penalty_decision_closes_without_execution(drive, act, team):
    cid = drive("investigating")
    assert act(team.leader, cid, "decide_no_penalty", reasons="违法事实不能成立").status_code == 200
    assert act(team.officer1, cid, "serve_decision", method="direct").status_code == 200
    assert (
        act(team.officer1, cid, "execute", kind="paid", amount="0").json()["error"]["code"]
        == "nothing_to_execute"
    )
    assert act(team.squad_leader, cid, "close").json()["state"] == "closed"


def test_close_needs_execution(drive, act, team):
    cid = drive("served")
    assert act(team.squad_leader, cid, "close").json()["error"]["code"] == "not_executed"


def test_deadline_in_a_year_without_official_holidays_is_provisional(drive, act, team):
    """A period reaching into a year the State Council has not published yet is marked provisional;
    the API shows the flag on the case's deadlines."""
    from sunshine.cases import rules
    from sunshine.workdays.calendar import is_provisional_year

    cid = drive("investigating")
    body = act(team.officer1, cid, "serve_advance_notice", **notice_payload(served_on="2026-09-29")).json()
    reply = next(d for d in body["deadlines"] if d["key"] == "statement_reply")
    assert reply["provisional"] is False
    late_year = next(year for year in range(2027, 2040) if is_provisional_year(year))
    assert rules.statement_period(dt.date(late_year, 3, 2)).provisional is True
    assert rules.statement_period(dt.date(2026, 3, 2)).provisional is False


def test_dates_of_past_events_cannot_be_in_the_future(drive, act, team):
    from django.utils import timezone

    cid = drive("investigating")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = act(team.officer1, cid, "serve_advance_notice", **notice_payload(served_on=tomorrow))
    assert response.status_code == 400
    assert "served_on" in response.json()["error"]["fields"]
