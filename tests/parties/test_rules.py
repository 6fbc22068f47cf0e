"""The five-step ladder's rules, each with its citation and both sides of its boundary."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sunshine.core.errors import RuleViolation
from sunshine.parties.models import Party, Step
from sunshine.parties.rules import (
    EarlyPenaltyReason,
    Harm,
    HistoryItem,
    check_contact_staff,
    check_early_penalty_reason,
    check_point_has_room,
    first_violation_waiver_recommended,
    months_before,
    recommend_next_step,
    window_since,
)

ON = dt.date(2026, 11, 22)
STREET = SimpleNamespace(category="commerce")
NOISE = SimpleNamespace(category="environment")


def person(**flags):
    return Party(kind="individual", name="王五", **flags)


def item(step, days_ago=30, kind="contact"):
    return HistoryItem(kind, ON - dt.timedelta(days=days_ago), step)


def next_step(history, party=None, matter=STREET, on=ON):
    return recommend_next_step(party=party or person(), matter=matter, on=on, history=history)


# --- seed 000 文明执法五步走: every path ----------------------------------------------------


def test_first_contact_is_persuade():
    rec = next_step([])
    assert rec.step == Step.PERSUADE and rec.code == "first_contact"
    assert "文明执法五步走" in str(rec.citation)


def test_unidentified_party_is_persuaded():
    assert recommend_next_step(party=None, matter=STREET, on=ON, history=[]).step == Step.PERSUADE


def test_after_persuasion_educate():
    assert next_step([item(Step.PERSUADE)]).step == Step.EDUCATE
    assert next_step([item(Step.PERSUADE, 60), item(Step.PERSUADE, 10)]).step == Step.EDUCATE


@pytest.mark.parametrize("flag", Party.VULNERABLE_FIELDS)
def test_vulnerable_party_is_guided_after_education(flag):
    rec = next_step([item(Step.PERSUADE, 60), item(Step.EDUCATE, 10)], party=person(**{flag: True}))
    assert rec.step == Step.GUIDE and rec.code == "vulnerable_guide"


def test_not_vulnerable_party_is_warned_after_education():
    assert next_step([item(Step.PERSUADE, 60), item(Step.EDUCATE, 10)]).step == Step.WARN


def test_vulnerable_party_with_a_matter_that_is_not_street_trading_is_warned():
    rec = next_step([item(Step.EDUCATE)], party=person(disabled=True), matter=NOISE)
    assert rec.step == Step.WARN


def test_vulnerable_organisation_flags_do_not_apply():
    org = Party(kind="organisation", name="某公司", laid_off=True)
    assert next_step([item(Step.EDUCATE)], party=org).step == Step.WARN


def test_guided_before_then_warn():
    history = [item(Step.PERSUADE, 90), item(Step.EDUCATE, 60), item(Step.GUIDE, 30)]
    assert next_step(history, party=person(laid_off=True)).step == Step.WARN


def test_warned_before_then_penalise():
    rec = next_step([item(Step.PERSUADE, 90), item(Step.WARN, 10)])
    assert rec.step == Step.PENALIZE and rec.code == "warned_before" and rec.reaches_penalty


def test_penalty_case_from_another_app_counts():
    rec = next_step([item(Step.PENALIZE, 100, kind="case")])
    assert rec.step == Step.PENALIZE and rec.code == "repeat_after_penalty"


def test_future_items_do_not_count():
    assert next_step([item(Step.WARN, -1)]).step == Step.PERSUADE


# --- the window (regional setting, default 12 months) ----------------------------------------


def test_window_boundary_twelve_months():
    assert window_since(ON, 12) == dt.date(2025, 11, 22)
    exactly = HistoryItem("contact", dt.date(2025, 11, 22), Step.WARN)
    day_more = HistoryItem("contact", dt.date(2025, 11, 21), Step.WARN)
    assert next_step([exactly]).step == Step.PENALIZE  # 12 months ago: still counts
    assert next_step([day_more]).step == Step.PERSUADE  # 12 months and a day ago: no longer counts


def test_window_months_parameter():
    old = HistoryItem("contact", dt.date(2026, 4, 1), Step.PERSUADE)
    assert (
        recommend_next_step(party=person(), matter=STREET, on=ON, history=[old], window_months=6).step
        == Step.PERSUADE
    )
    assert (
        recommend_next_step(party=person(), matter=STREET, on=ON, history=[old], window_months=8).step
        == Step.EDUCATE
    )


def test_months_before_clamps_to_month_end():
    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


# --- auxiliaries: seed 004 严禁协管人员从事具体行政执法工作; 《行政处罚法》第四十二条 -------------


@pytest.mark.parametrize("step", [Step.PERSUADE, Step.EDUCATE])
def test_auxiliary_may_record_persuasion_and_education(step):
    check_contact_staff(step=step, recorder_is_auxiliary=True, qualified_officers=0, present=1)


@pytest.mark.parametrize("step", [Step.WARN, Step.GUIDE])
def test_auxiliary_may_not_record_warning_or_guidance_article_42(step):
    with pytest.raises(RuleViolation) as info:
        check_contact_staff(step=step, recorder_is_auxiliary=True, qualified_officers=1, present=2)
    assert info.value.code == "auxiliary_step"
    assert "第四十二条" in str(info.value.citation)


@pytest.mark.parametrize("step", [Step.WARN, Step.GUIDE])
def test_warning_needs_a_qualified_officer_present_article_42(step):
    with pytest.raises(RuleViolation) as info:
        check_contact_staff(step=step, recorder_is_auxiliary=False, qualified_officers=0, present=2)
    assert info.value.code == "officer_required"
    check_contact_staff(step=step, recorder_is_auxiliary=False, qualified_officers=1, present=1)


def test_someone_must_be_present():
    with pytest.raises(RuleViolation):
        check_contact_staff(step=Step.PERSUADE, recorder_is_auxiliary=False, qualified_officers=0, present=0)


# --- vending points: seed 000 三引导 --------------------------------------------------------


def room(**kwargs):
    values = {
        "name": "城南点",
        "active": True,
        "capacity": 3,
        "reserved": 1,
        "occupied": 0,
        "occupied_vulnerable": 0,
        "vulnerable": False,
    }
    values.update(kwargs)
    check_point_has_room(**values)


def test_guide_only_to_a_point_with_free_capacity():
    room(occupied=1, vulnerable=False)  # 3 stalls, 1 reserved, 1 taken: one free for anyone
    room(occupied=2, vulnerable=True)  # the last (reserved) stall goes to a vulnerable party
    with pytest.raises(RuleViolation) as info:
        room(occupied=2, vulnerable=False)
    assert info.value.code == "point_reserved"
    with pytest.raises(RuleViolation) as info:
        room(occupied=3, vulnerable=True)
    assert info.value.code == "point_full"
    assert "三引导" in str(info.value.citation)


def test_reserve_counts_vulnerable_parties_already_placed():
    room(occupied=2, occupied_vulnerable=1, vulnerable=False)


def test_closed_point_refused():
    with pytest.raises(RuleViolation) as info:
        room(active=False)
    assert info.value.code == "point_inactive"


# --- opening a penalty case before the ladder reaches it -----------------------------------


def test_case_may_open_when_the_ladder_reaches_penalise():
    rec = next_step([item(Step.WARN)])
    opening = check_early_penalty_reason(recommendation=rec)
    assert not opening.early


def test_early_case_needs_a_reason_from_the_fixed_list():
    rec = next_step([item(Step.PERSUADE)])
    with pytest.raises(RuleViolation) as info:
        check_early_penalty_reason(recommendation=rec, reason="")
    assert info.value.code == "ladder_not_reached"
    with pytest.raises(RuleViolation):
        check_early_penalty_reason(recommendation=rec, reason="because")
    opening = check_early_penalty_reason(recommendation=rec, reason=EarlyPenaltyReason.SAFETY_DANGER)
    assert opening.early and opening.reason == "safety_danger"


def test_repeat_reason_needs_an_earlier_item_in_the_window():
    with pytest.raises(RuleViolation) as info:
        check_early_penalty_reason(recommendation=next_step([]), reason=EarlyPenaltyReason.REPEAT_IN_WINDOW)
    assert info.value.code == "no_repeat_in_window"
    rec = next_step([item(Step.PERSUADE)])
    assert check_early_penalty_reason(recommendation=rec, reason=EarlyPenaltyReason.REPEAT_IN_WINDOW).early


# --- 《行政处罚法》第三十三条 first-violation waiver -------------------------------------------


def test_article_33_minor_corrected_no_harm_is_not_penalised():
    advice = first_violation_waiver_recommended(history=[], minor=True, corrected_in_time=True)
    assert advice.outcome == "no_penalty" and advice.waive and advice.educate
    assert "第三十三条" in str(advice.citation)


def test_article_33_not_corrected_in_time_is_not_waived():
    advice = first_violation_waiver_recommended(history=[], minor=True, corrected_in_time=False)
    assert advice.outcome == "penalty_possible" and not advice.waive and advice.educate


def test_article_33_first_violation_slight_harm_may_be_waived_second_may_not():
    advice = first_violation_waiver_recommended(
        history=[], minor=False, corrected_in_time=True, harm=Harm.SLIGHT
    )
    assert advice.outcome == "may_waive"
    advice = first_violation_waiver_recommended(
        history=[item(Step.PERSUADE)], minor=False, corrected_in_time=True, harm=Harm.SLIGHT
    )
    assert advice.outcome == "penalty_possible"


def test_article_33_harmful_consequence_is_not_waived():
    advice = first_violation_waiver_recommended(
        history=[], minor=True, corrected_in_time=True, harm=Harm.HARMFUL
    )
    assert advice.outcome == "penalty_possible"


def test_article_33_no_fault_proven_is_not_penalised():
    advice = first_violation_waiver_recommended(
        history=[item(Step.WARN)], minor=False, corrected_in_time=False, no_fault_proven=True
    )
    assert advice.outcome == "no_penalty"
