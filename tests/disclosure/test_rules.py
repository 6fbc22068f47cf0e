"""The disclosure rules, each on both sides of its boundary (STYLE.md 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.errors import RuleViolation
from sunshine.disclosure import rules
from sunshine.disclosure.models import HoldGround

pytestmark = pytest.mark.django_db
D = dt.date


def test_guoban_2018_118_seven_working_days_across_national_day():
    # Tue 29 Sep 2026: 30 Sep (1); 1-7 Oct holiday; 8 (2), 9 (3), Sat 10 make-up workday (4),
    # 12 (5), 13 (6), 14 (7)
    assert rules.publication_due(D(2026, 9, 29), 7) == D(2026, 10, 14)
    # a plain week: Mon 16 Nov → Wed 25 Nov
    assert rules.publication_due(D(2026, 11, 16), 7) == D(2026, 11, 25)
    # the setting is honoured
    assert rules.publication_due(D(2026, 11, 16), 20) == D(2026, 12, 14)


def test_article_48_withdrawal_three_working_days_and_article_85_working_days():
    # changed on Wed 30 Sep 2026: 8 Oct (1), 9 Oct (2), Sat 10 Oct make-up workday (3)
    assert rules.withdrawal_due(D(2026, 9, 30)) == D(2026, 10, 10)
    # changed on Fri 20 Nov: Mon 23, Tue 24, Wed 25 (the weekend does not count)
    assert rules.withdrawal_due(D(2026, 11, 20)) == D(2026, 11, 25)


def test_deadline_day_is_in_time_the_next_day_is_late():
    due = D(2026, 11, 25)
    assert rules.is_late(D(2026, 11, 25), due) is False
    assert rules.is_late(D(2026, 11, 26), due) is True


def test_minors_protection_law_article_103_eighteenth_birthday_is_adult():
    birth = D(2008, 9, 28)
    assert rules.involves_minor(birth_dates=[birth], act_date=D(2026, 9, 27)) is True
    assert rules.involves_minor(birth_dates=[birth], act_date=D(2026, 9, 28)) is False
    assert rules.involves_minor(birth_dates=[None], act_date=D(2026, 9, 27)) is False
    assert rules.involves_minor(birth_dates=[D(1980, 1, 1), birth], act_date=D(2026, 9, 27)) is True


def test_publication_period_by_party_kind():
    kwargs = {"published_on": D(2026, 10, 14), "years_individual": 2, "years_org": 5}
    assert rules.publication_ends(organisation=False, **kwargs) == D(2028, 10, 14)
    assert rules.publication_ends(organisation=True, **kwargs) == D(2031, 10, 14)
    leap = {**kwargs, "published_on": D(2028, 2, 29)}
    assert rules.publication_ends(organisation=False, **leap) == D(2030, 2, 28)


def test_information_disclosure_regulation_articles_14_15_hold_back_needs_ground_and_reason():
    grounds = HoldGround.values
    assert (
        rules.check_hold_back(status="pending", ground="privacy", reason=" 涉及个人隐私 ", grounds=grounds)
        == "涉及个人隐私"
    )
    with pytest.raises(RuleViolation) as err:
        rules.check_hold_back(status="pending", ground="", reason="x", grounds=grounds)
    assert err.value.code == "disclosure_hold_ground"
    assert "第十五条" in str(err.value.citation)
    with pytest.raises(RuleViolation) as err:
        rules.check_hold_back(status="pending", ground="privacy", reason="  ", grounds=grounds)
    assert err.value.code == "disclosure_hold_reason"
    with pytest.raises(RuleViolation) as err:
        rules.check_hold_back(status="published", ground="privacy", reason="x", grounds=grounds)
    assert err.value.code == "disclosure_not_pending"
    with pytest.raises(RuleViolation):
        rules.check_hold_back(status="pending", ground="privacy", reason="长" * 2001, grounds=grounds)
    assert rules.check_hold_back(status="pending", ground="privacy", reason="长" * 2000, grounds=grounds)


def test_article_48_withdrawal_needs_a_reason_and_a_public_decision():
    assert rules.check_withdraw(status="published", reason="错误公示") == "错误公示"
    assert rules.check_withdraw(status="pending", reason="错误公示") == "错误公示"
    for status in ("withdrawn", "held_back", "excluded", "expired"):
        with pytest.raises(RuleViolation) as err:
            rules.check_withdraw(status=status, reason="x")
        assert err.value.code == "disclosure_not_withdrawable"
        assert "第四十八条" in str(err.value.citation)
    with pytest.raises(RuleViolation) as err:
        rules.check_withdraw(status="published", reason="")
    assert err.value.code == "disclosure_withdrawal_reason"


def test_publish_now_and_release_only_from_their_states():
    rules.check_publish_now(status="pending")
    for status in ("published", "held_back", "excluded", "withdrawn"):
        with pytest.raises(RuleViolation):
            rules.check_publish_now(status=status)
    assert rules.check_release(status="held_back", reason="当事人同意公开") == "当事人同意公开"
    with pytest.raises(RuleViolation):
        rules.check_release(status="pending", reason="x")
    with pytest.raises(RuleViolation):
        rules.check_release(status="held_back", reason="")
