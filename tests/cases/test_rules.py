"""Every rule of cases/rules.py, named by its article, on both sides of its boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine.cases import rules
from sunshine.core.errors import RuleViolation

D = dt.date


def raises(code):
    class _Ctx:
        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, tb):
            assert exc_type is RuleViolation, f"expected {code}, got {exc_type}"
            assert exc.code == code, exc.code
            assert str(exc.citation)
            return True

    return _Ctx()


# 《行政处罚法》第四十二条
def test_article_42_two_handlers_needed():
    rules.check_handler_count([1, 2])
    with raises("handlers_fewer_than_two"):
        rules.check_handler_count([1])
    with raises("handlers_fewer_than_two"):
        rules.check_handler_count([1, 1])


# 《行政处罚法》第四十三条
def test_article_43_recused_officer_cannot_act_and_head_decides():
    rules.check_not_recused([1, 2], [3])
    with raises("handler_recused"):
        rules.check_not_recused([1, 2], [2])
    rules.check_recusal_decider(decider_is_agency_head=True)
    with raises("recusal_not_by_head"):
        rules.check_recusal_decider(decider_is_agency_head=False)


def test_separation_of_duties():
    rules.check_separation(9, [1, 2], what="decide")
    rules.check_separation(None, [1, 2], what="decide")
    with raises("separation_of_duties"):
        rules.check_separation(2, [1, 2], what="decide")


# 《行政处罚法》第五十一条
@pytest.mark.parametrize(
    ("kind", "fine", "ok"),
    [
        ("individual", "200.00", True),
        ("individual", "200.01", False),
        ("organisation", "3000.00", True),
        ("organisation", "3000.01", False),
    ],
)
def test_article_51_summary_limits(kind, fine, ok):
    if ok:
        rules.check_summary_procedure(party_kind=kind, penalty_kinds=["fine"], fine=Decimal(fine))
    else:
        with raises("summary_fine_over_limit"):
            rules.check_summary_procedure(party_kind=kind, penalty_kinds=["fine"], fine=Decimal(fine))


def test_article_51_summary_only_warning_or_fine():
    rules.check_summary_procedure(party_kind="individual", penalty_kinds=["warning"], fine=Decimal("0"))
    with raises("summary_kind_not_allowed"):
        rules.check_summary_procedure(
            party_kind="individual", penalty_kinds=["confiscate_property"], fine=Decimal("0")
        )
    with raises("fine_amount_missing"):
        rules.check_summary_procedure(party_kind="individual", penalty_kinds=["fine"], fine=Decimal("0"))


# 《行政处罚法》第五十二条
def test_article_52_pre_numbered_form():
    rules.check_summary_document_number("新城管简〔2026〕0001")
    with raises("summary_number_missing"):
        rules.check_summary_document_number("  ")


# 《行政处罚法》第六十八条
def test_article_68_on_the_spot_collection():
    rules.check_on_the_spot_collection(fine=Decimal("100.00"), hard_to_collect_later=False)
    with raises("on_the_spot_collection_refused"):
        rules.check_on_the_spot_collection(fine=Decimal("100.01"), hard_to_collect_later=False)
    rules.check_on_the_spot_collection(fine=Decimal("150"), hard_to_collect_later=True)
    rules.check_on_the_spot_collection(
        fine=Decimal("150"), hard_to_collect_later=False, remote_area_request=True
    )


# 《行政处罚法》第三十条
def test_article_30_minors_age_at_the_time_of_the_act():
    birth = D(2012, 10, 8)
    with raises("minor_under_14"):
        rules.check_minor(birth_date=birth, act_date=D(2026, 10, 7), mitigated=True)
    rules.check_minor(birth_date=birth, act_date=D(2026, 10, 8), mitigated=True)  # 14th birthday
    with raises("minor_not_mitigated"):
        rules.check_minor(birth_date=birth, act_date=D(2026, 10, 8), mitigated=False)
    rules.check_minor(birth_date=D(2008, 10, 8), act_date=D(2026, 10, 8), mitigated=False)  # 18th birthday
    with raises("minor_not_mitigated"):
        rules.check_minor(birth_date=D(2008, 10, 8), act_date=D(2026, 10, 7), mitigated=False)
    rules.check_minor(birth_date=None, act_date=D(2026, 10, 7), mitigated=False)


# 《行政处罚法》第三十六条
def test_article_36_limitation_two_years_from_the_end_of_the_act():
    rules.check_limitation(act_ended_on=D(2024, 3, 1), discovered_on=D(2026, 3, 1), extended=False)
    with raises("limitation_expired"):
        rules.check_limitation(act_ended_on=D(2024, 3, 1), discovered_on=D(2026, 3, 2), extended=False)


def test_article_36_limitation_five_years_when_extended():
    rules.check_limitation(act_ended_on=D(2021, 3, 1), discovered_on=D(2026, 3, 1), extended=True)
    with raises("limitation_expired"):
        rules.check_limitation(act_ended_on=D(2021, 3, 1), discovered_on=D(2026, 3, 2), extended=True)


def test_article_36_leap_day():
    assert rules.limitation_expires(D(2024, 2, 29), extended=False) == D(2026, 2, 28)


# 《行政处罚法》第二十九条
def test_article_29_no_second_fine():
    rules.check_no_second_fine(penalty_kinds=["fine"], other_fined_cases=[])
    rules.check_no_second_fine(penalty_kinds=["warning"], other_fined_cases=["A-1"])
    with raises("second_fine_same_act"):
        rules.check_no_second_fine(penalty_kinds=["fine"], other_fined_cases=["A-1"])


# 《行政处罚法》第三十三条
def test_article_33_waiver():
    assert (
        rules.waiver_assessment(first_violation=False, harm="none", corrected_in_time=True)
        == "must_not_penalise"
    )
    assert rules.waiver_assessment(first_violation=True, harm="slight", corrected_in_time=True) == "may_waive"
    assert rules.waiver_assessment(first_violation=False, harm="slight", corrected_in_time=True) == "penalise"
    assert rules.waiver_assessment(first_violation=True, harm="slight", corrected_in_time=False) == "penalise"
    assert (
        rules.waiver_assessment(
            first_violation=True, harm="slight", corrected_in_time=True, waiver_applies=False
        )
        == "penalise"
    )
    with raises("waiver_must_not_penalise"):
        rules.check_waiver(first_violation=False, harm="none", corrected_in_time=True, penalty_kinds=["fine"])
    rules.check_waiver(first_violation=False, harm="none", corrected_in_time=False, penalty_kinds=["fine"])
    rules.check_waiver(first_violation=False, harm="none", corrected_in_time=True, penalty_kinds=[])


# 《行政处罚法》第四十四条, 第六十二条
def test_articles_44_62_party_heard_before_decision():
    with raises("advance_notice_missing"):
        rules.check_party_heard(
            notice_served=False, statement_recorded=True, rights_waived=False, reply_period_over=True
        )
    with raises("party_not_heard"):
        rules.check_party_heard(
            notice_served=True, statement_recorded=False, rights_waived=False, reply_period_over=False
        )
    for heard in ({"statement_recorded": True}, {"rights_waived": True}, {"reply_period_over": True}):
        values = {"statement_recorded": False, "rights_waived": False, "reply_period_over": False, **heard}
        rules.check_party_heard(notice_served=True, **values)


# 《行政处罚法》第四十五条
def test_article_45_defence_never_raises_the_penalty():
    rules.check_defence_not_raising(
        notified_kinds=["fine"],
        notified_fine=Decimal("500"),
        decided_kinds=["fine"],
        decided_fine=Decimal("500"),
    )
    rules.check_defence_not_raising(
        notified_kinds=["fine"],
        notified_fine=Decimal("500"),
        decided_kinds=["fine"],
        decided_fine=Decimal("300"),
    )
    with raises("penalty_raised_after_defence"):
        rules.check_defence_not_raising(
            notified_kinds=["fine"],
            notified_fine=Decimal("500"),
            decided_kinds=["fine"],
            decided_fine=Decimal("500.01"),
        )
    with raises("penalty_raised_after_defence"):
        rules.check_defence_not_raising(
            notified_kinds=["fine"],
            notified_fine=Decimal("500"),
            decided_kinds=["fine", "confiscate_property"],
            decided_fine=Decimal("100"),
        )


# 《行政处罚法》第六十三条
def test_article_63_hearing_only_when_available():
    rules.check_hearing_available(available=True)
    with raises("hearing_not_available"):
        rules.check_hearing_available(available=False)


# 《行政处罚法》第六十四条
@pytest.mark.django_db
def test_article_64_hearing_request_across_national_day_2026():
    period = rules.hearing_request_period(D(2026, 9, 29))
    assert period.due == D(2026, 10, 12)  # a weekends-only calendar would say 6 Oct: wrong
    assert "2026-10-12" in period.explanation
    rules.check_hearing_request_in_time(requested_on=D(2026, 10, 12), due=period.due)
    with raises("hearing_request_late"):
        rules.check_hearing_request_in_time(requested_on=D(2026, 10, 13), due=period.due)


@pytest.mark.django_db
def test_article_64_hearing_notice_seven_working_days_ahead():
    notified = D(2026, 9, 29)
    earliest = rules.earliest_hearing_date(notified)
    # 30 Sep, 8, 9, 10 (make-up Saturday), 12, 13, 14 Oct
    assert earliest == D(2026, 10, 14)
    rules.check_hearing_notice(notified_on=notified, hearing_on=D(2026, 10, 14), earliest=earliest)
    with raises("hearing_notice_too_short"):
        rules.check_hearing_notice(notified_on=notified, hearing_on=D(2026, 10, 13), earliest=earliest)


def test_article_64_chair_not_an_investigator():
    rules.check_hearing_chair(chair_id=5, investigator_ids=[1, 2])
    with raises("hearing_chair_investigator"):
        rules.check_hearing_chair(chair_id=2, investigator_ids=[1, 2])


# 《行政处罚法》第五十六条
@pytest.mark.django_db
def test_article_56_preservation_decided_within_seven_working_days():
    period = rules.preservation_period(D(2026, 9, 29))
    # 30 Sep, 8, 9, 10, 12, 13, 14 Oct
    assert period.due == D(2026, 10, 14)
    rules.check_preservation_in_time(decided_on=D(2026, 10, 14), due=period.due)
    with raises("preservation_late"):
        rules.check_preservation_in_time(decided_on=D(2026, 10, 15), due=period.due)
    rules.check_preservation_in_time(decided_on=D(2026, 10, 15), due=period.due, late_reason="expert delayed")


# 《行政处罚法》第六十条
@pytest.mark.django_db
def test_article_60_decision_within_ninety_days():
    period = rules.decision_period(D(2026, 3, 2))
    assert period.due == D(2026, 6, 1)  # 31 May 2026 is a Sunday: rolls to Monday
    rules.check_decision_in_time(decided_on=D(2026, 6, 1), due=period.due)
    with raises("decision_period_expired"):
        rules.check_decision_in_time(decided_on=D(2026, 6, 2), due=period.due)
    assert rules.decision_period(D(2026, 3, 2), extension_days=30).due > period.due


# 《行政处罚法》第六十一条
@pytest.mark.django_db
def test_article_61_service_within_seven_working_days():
    period = rules.service_period(D(2026, 9, 29))
    assert period.due == D(2026, 10, 14)
    rules.check_service_in_time(served_on=D(2026, 10, 14), due=period.due)
    with raises("service_late"):
        rules.check_service_in_time(served_on=D(2026, 10, 15), due=period.due)


# 《行政处罚法》第六十七条
@pytest.mark.django_db
def test_article_67_payment_within_fifteen_days():
    assert rules.payment_period(D(2026, 3, 2)).due == D(2026, 3, 17)
    # 16 Sep + 15 = 1 Oct, National Day: rolls to the next working day, 8 Oct
    assert rules.payment_period(D(2026, 9, 16)).due == D(2026, 10, 8)


# 《行政处罚法》第七十二条, 第七十三条
def test_articles_72_73_late_surcharge():
    fine = Decimal("1000")
    due = D(2026, 3, 17)
    assert rules.late_surcharge(fine=fine, due=due, paid_on=D(2026, 3, 17)) == Decimal("0.00")
    assert rules.late_surcharge(fine=fine, due=due, paid_on=D(2026, 3, 18)) == Decimal("30.00")
    assert rules.late_surcharge(fine=fine, due=due, paid_on=due + dt.timedelta(days=33)) == Decimal("990.00")
    assert rules.late_surcharge(fine=fine, due=due, paid_on=due + dt.timedelta(days=34)) == Decimal("1000.00")
    assert rules.late_surcharge(fine=fine, due=due, paid_on=due + dt.timedelta(days=400)) == Decimal(
        "1000.00"
    )
    # the days of reconsideration do not count (第七十三条)
    assert rules.late_surcharge(fine=fine, due=due, paid_on=D(2026, 3, 28), suspended_days=10) == Decimal(
        "30.00"
    )


# 《行政处罚法》第五十八条
def test_article_58_legal_review():
    rules.check_legal_review_passed(required=False, approved=False)
    rules.check_legal_review_passed(required=True, approved=True)
    with raises("legal_review_missing"):
        rules.check_legal_review_passed(required=True, approved=False)
    rules.check_reviewer(reviewer_is_legal_reviewer=True, new_to_role=True, has_legal_qualification=True)
    rules.check_reviewer(reviewer_is_legal_reviewer=True, new_to_role=False, has_legal_qualification=False)
    with raises("reviewer_not_qualified"):
        rules.check_reviewer(reviewer_is_legal_reviewer=True, new_to_role=True, has_legal_qualification=False)
    with raises("reviewer_not_legal"):
        rules.check_reviewer(
            reviewer_is_legal_reviewer=False, new_to_role=False, has_legal_qualification=True
        )


def test_article_58_opinion_covers_every_check():
    full = {key: "ok" for key, _label in rules.REVIEW_CHECKS}
    rules.check_review_opinion(full)
    with raises("review_opinion_incomplete"):
        rules.check_review_opinion({**full, "suspected_crime": " "})


# 《行政处罚法》第五十七条
def test_article_57_collective_discussion():
    rules.check_collective_discussion(required=True, held=True)
    rules.check_collective_discussion(required=False, held=False)
    with raises("collective_discussion_missing"):
        rules.check_collective_discussion(required=True, held=False)
    rules.check_discussion_participants([1, 2, 3])
    with raises("discussion_too_few"):
        rules.check_discussion_participants([1, 2, 2])


# 《行政复议法》第二十条, 第二十三条; 《行政诉讼法》第四十六条
@pytest.mark.django_db
def test_remedies_periods_and_text():
    general = rules.remedies(summary=False, known_on=D(2026, 3, 2))
    assert general[0]["due"] == D(2026, 5, 6)  # 1 May + holiday 1–5 May rolls to 6 May
    assert general[1]["due"] == D(2026, 9, 2)
    assert not general[1]["after_reconsideration_only"]
    assert rules.remedies(summary=True, known_on=D(2026, 3, 2))[1]["after_reconsideration_only"]
    rules.check_remedies_stated(text=rules.remedies_text(summary=True), summary=True)
    rules.check_remedies_stated(text=rules.remedies_text(summary=False), summary=False)
    with raises("remedies_recon_first_missing"):
        rules.check_remedies_stated(text=rules.remedies_text(summary=False), summary=True)
    with raises("remedies_missing"):
        rules.check_remedies_stated(text="", summary=False)


def test_litigation_six_months_end_of_month():
    assert rules.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert rules.add_months(D(2026, 3, 2), 6) == D(2026, 9, 2)


# 《行政强制法》第十八条
def test_compulsion_article_18_two_officers_and_witness():
    rules.check_compulsion_officers([1, 2])
    with raises("compulsion_officers_fewer_than_two"):
        rules.check_compulsion_officers([1])
    rules.check_witness(party_present=True, witness="")
    rules.check_witness(party_present=False, witness="王五（社区网格员）")
    with raises("witness_missing"):
        rules.check_witness(party_present=False, witness="")


# 《行政强制法》第十九条
def test_compulsion_article_19_emergency_report_within_24_hours():
    start = dt.datetime(2026, 9, 29, 10, 0, tzinfo=dt.UTC)
    rules.check_emergency_report(started_at=start, reported_at=start + dt.timedelta(hours=24))
    with raises("emergency_report_late"):
        rules.check_emergency_report(started_at=start, reported_at=start + dt.timedelta(hours=24, seconds=1))


# 《行政强制法》第二十五条
@pytest.mark.django_db
def test_compulsion_article_25_thirty_days_and_one_extension():
    start = D(2026, 9, 1)
    rules.check_seizure_term(start=start, end=D(2026, 10, 1))
    with raises("seizure_too_long"):
        rules.check_seizure_term(start=start, end=D(2026, 10, 2))
    assert rules.seizure_period(start).due == D(2026, 10, 1)
    assert rules.seizure_period(start, 30).due == D(2026, 10, 31)
    rules.check_seizure_extension(days=30, already_extended=False, approved_by_head=True)
    with raises("seizure_extension_too_long"):
        rules.check_seizure_extension(days=31, already_extended=False, approved_by_head=True)
    with raises("seizure_extended_twice"):
        rules.check_seizure_extension(days=10, already_extended=True, approved_by_head=True)
    with raises("seizure_extension_not_approved"):
        rules.check_seizure_extension(days=10, already_extended=False, approved_by_head=False)


# 《行政强制法》第四十三条
def test_compulsion_article_43_no_enforcement_at_night_or_on_holidays():
    tz = ZoneInfo("Asia/Shanghai")
    day = dt.datetime(2026, 9, 29, 21, 59, tzinfo=tz)
    rules.check_enforcement_time(moment=day, statutory_holiday=False, urgent=False)
    with raises("enforcement_night_or_holiday"):
        rules.check_enforcement_time(
            moment=day.replace(hour=22, minute=0), statutory_holiday=False, urgent=False
        )
    with raises("enforcement_night_or_holiday"):
        rules.check_enforcement_time(
            moment=day.replace(hour=5, minute=59), statutory_holiday=False, urgent=False
        )
    rules.check_enforcement_time(moment=day.replace(hour=6, minute=0), statutory_holiday=False, urgent=False)
    # 13:59 UTC is 21:59 in Shanghai: not yet night
    rules.check_enforcement_time(
        moment=dt.datetime(2026, 9, 29, 13, 59, tzinfo=dt.UTC), statutory_holiday=False, urgent=False
    )
    with raises("enforcement_night_or_holiday"):
        rules.check_enforcement_time(
            moment=dt.datetime(2026, 10, 2, 10, tzinfo=tz), statutory_holiday=True, urgent=False
        )
    rules.check_enforcement_time(
        moment=dt.datetime(2026, 10, 2, 23, tzinfo=tz), statutory_holiday=True, urgent=True
    )


# 《行政强制法》第四十四条
@pytest.mark.django_db
def test_compulsion_article_44_forced_demolition_after_notice_and_remedy_windows():
    known = D(2026, 3, 2)
    last = D(2026, 9, 2)  # six months, longer than the 60 days
    kwargs = {"notice_published_on": D(2026, 3, 5), "decision_known_on": known, "remedy_pending": False}
    with raises("demolition_remedy_window_open"):
        rules.check_forced_demolition(today=last, **kwargs)
    rules.check_forced_demolition(today=last + dt.timedelta(days=1), **kwargs)
    with raises("demolition_notice_missing"):
        rules.check_forced_demolition(**{**kwargs, "notice_published_on": None}, today=D(2027, 1, 1))
    with raises("demolition_remedy_window_open"):
        rules.check_forced_demolition(**{**kwargs, "remedy_pending": True}, today=D(2027, 1, 1))


# 《行政处罚法》第四十二条 through org.rules: auxiliaries never
@pytest.mark.django_db
def test_article_42_qualification_uses_org_rules(bureau):
    from tests.factories import CertificateFactory, StaffFactory

    officer = StaffFactory(unit=bureau["squad1"])
    CertificateFactory(staff=officer)
    rules.check_handlers_qualified([officer], on=D(2026, 9, 29))
    auxiliary = StaffFactory(unit=bureau["squad1"], kind="auxiliary")
    with pytest.raises(RuleViolation) as exc:
        rules.check_handlers_qualified([officer, auxiliary], on=D(2026, 9, 29))
    assert exc.value.code == "org.not_an_officer"
    with pytest.raises(RuleViolation):
        rules.check_handlers_qualified([officer], on=D(2030, 1, 1))  # certificate expired


def test_money_is_decimal():
    assert rules.money("200.005") == Decimal("200.01")
    assert rules.money(None) == Decimal("0.00")
    assert isinstance(rules.money(1), Decimal)


# 《行政处罚法》第七十二条: whatever the dates, the surcharge never exceeds the fine and never decreases
@given(
    fine=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2),
    late=st.integers(min_value=0, max_value=2000),
    suspended=st.integers(min_value=0, max_value=2000),
)
def test_articles_72_73_surcharge_properties(fine, late, suspended):
    due = D(2026, 3, 17)
    paid = due + dt.timedelta(days=late)
    value = rules.late_surcharge(fine=fine, due=due, paid_on=paid, suspended_days=suspended)
    assert Decimal("0") <= value <= fine
    later = rules.late_surcharge(
        fine=fine, due=due, paid_on=paid + dt.timedelta(days=1), suspended_days=suspended
    )
    assert later >= value
    assert rules.late_surcharge(fine=fine, due=due, paid_on=paid, suspended_days=suspended + 1) <= value


# 《行政处罚法》第五十一条: any amount up to the limit passes, any amount above is refused
@given(
    cents=st.integers(min_value=1, max_value=1_000_000), kind=st.sampled_from(["individual", "organisation"])
)
def test_article_51_summary_limit_property(cents, kind):
    fine = Decimal(cents) / 100
    limit = rules.summary_limit(kind)
    if fine <= limit:
        rules.check_summary_procedure(party_kind=kind, penalty_kinds=["fine"], fine=fine)
    else:
        with raises("summary_fine_over_limit"):
            rules.check_summary_procedure(party_kind=kind, penalty_kinds=["fine"], fine=fine)


# 《行政强制法》第三十五条
def test_compulsion_article_35_written_demand_first():
    rules.check_demand_before_enforcement(demand_served_on=D(2026, 3, 10), enforced_on=D(2026, 3, 10))
    with raises("demand_missing"):
        rules.check_demand_before_enforcement(demand_served_on=D(2026, 3, 11), enforced_on=D(2026, 3, 10))
    with raises("demand_missing"):
        rules.check_demand_before_enforcement(demand_served_on=None, enforced_on=D(2026, 3, 10))
