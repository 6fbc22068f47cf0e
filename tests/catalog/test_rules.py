"""The power list's legal rules, each on both sides of its boundary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.catalog import rules
from sunshine.catalog.models import Category, PartyKind, PenaltyKind, RegionalSettings, ReviewCatalogRule
from sunshine.catalog.selectors import version_in_force
from sunshine.catalog.services import version_publish
from sunshine.core.errors import RuleViolation
from tests.factories import MatterFactory, MatterVersionFactory, make_matter

pytestmark = pytest.mark.django_db

IND = PartyKind.INDIVIDUAL
ORG = PartyKind.ORGANISATION
FINE = [PenaltyKind.FINE]


# --- 《行政处罚法》第三十四条: penalties within the published discretion benchmark ------------------


@pytest.fixture
def version():
    return make_matter("HB-009")


@pytest.mark.parametrize("amount", ["8000", "8000.00", "11000", "14000", "14000.00"])
def test_article_34_fine_at_tier_bounds_is_accepted(version, amount):
    tier = rules.check_penalty_within_benchmark(
        version=version, severity="serious", party_kind=IND, amount=Decimal(amount), penalty_kinds=FINE
    )
    assert tier.severity == "serious"


@pytest.mark.parametrize("amount", ["7999.99", "14000.01"])
def test_article_34_fine_just_outside_tier_is_refused_with_benchmark_cited(version, amount):
    with pytest.raises(RuleViolation) as caught:
        rules.check_penalty_within_benchmark(
            version=version, severity="serious", party_kind=IND, amount=Decimal(amount), penalty_kinds=FINE
        )
    assert caught.value.code == "outside_benchmark"
    assert "第三十四条" in str(caught.value.citation)
    assert "HB-009" in str(caught.value.citation)
    assert caught.value.field == "amount"


@pytest.mark.parametrize(
    ("amount", "ok"), [("500", True), ("499.99", False), ("20000", True), ("20000.01", False)]
)
def test_article_34_statutory_range_bounds(amount, ok):
    version = make_matter(
        "HB-010",
        tiers=[
            {"severity": "grave", "low": "0", "high": "50000"},
            {"severity": "minor", "low": "0", "high": "50000"},
        ],
    )
    call = dict(version=version, party_kind=ORG, amount=Decimal(amount), penalty_kinds=FINE)
    if ok:
        rules.check_penalty_within_benchmark(severity="grave", **call)
        rules.check_penalty_within_benchmark(severity="minor", **call)
    else:
        with pytest.raises(RuleViolation) as caught:
            rules.check_penalty_within_benchmark(severity="grave", **call)
        assert caught.value.code == "outside_statutory_range"
        assert "第一百一十八条第三款" in caught.value.citation


def test_article_34_warning_only_is_not_measured_by_fine_ranges(version):
    tier = rules.check_penalty_within_benchmark(
        version=version, severity="grave", party_kind=IND, amount=None, penalty_kinds=[PenaltyKind.WARNING]
    )
    assert tier.severity == "grave"


def test_article_34_fine_without_amount_is_refused(version):
    with pytest.raises(RuleViolation) as caught:
        rules.check_penalty_within_benchmark(
            version=version, severity="minor", party_kind=IND, amount=None, penalty_kinds=FINE
        )
    assert caught.value.code == "fine_amount_missing"


def test_article_34_missing_tier_is_refused():
    version = make_matter("SR-001", tiers=[{"severity": "minor", "low": None, "high": None}])
    with pytest.raises(RuleViolation) as caught:
        rules.tier_for(version, "grave")
    assert caught.value.code == "no_benchmark_tier"
    assert rules.tier_for(version, "minor").severity == "minor"


def test_article_34_tier_without_fine_for_party_kind_refuses_a_fine():
    version = make_matter(
        "SR-023",
        fine_individual_min=None,
        fine_individual_max=None,
        tiers=[
            {
                "severity": "ordinary",
                "fine_individual_min": None,
                "fine_individual_max": None,
                "fine_org_min": Decimal("100000"),
                "fine_org_max": Decimal("400000"),
            }
        ],
        fine_org_min=Decimal("100000"),
        fine_org_max=Decimal("1000000"),
    )
    with pytest.raises(RuleViolation) as caught:
        rules.check_penalty_within_benchmark(
            version=version, severity="ordinary", party_kind=IND, amount=Decimal("100"), penalty_kinds=FINE
        )
    assert caught.value.code == "no_fine_in_tier"
    rules.check_penalty_within_benchmark(
        version=version, severity="ordinary", party_kind=ORG, amount=Decimal("100000"), penalty_kinds=FINE
    )


def test_urban_planning_law_article_64_rate_of_construction_cost():
    """《城乡规划法》第六十四条: 建设工程造价百分之五以上百分之十以下; tier 'ordinary' 6–7 %."""
    version = make_matter(
        "GH-001",
        fine_individual_min=None,
        fine_individual_max=None,
        fine_org_min=None,
        fine_org_max=None,
        fine_rate_min=Decimal("5"),
        fine_rate_max=Decimal("10"),
        fine_rate_base="建设工程造价",
        tiers=[
            {
                "severity": "ordinary",
                "low": None,
                "high": None,
                "fine_rate_min": Decimal("6"),
                "fine_rate_max": Decimal("7"),
            }
        ],
    )
    call = dict(version=version, severity="ordinary", party_kind=IND, penalty_kinds=FINE)
    base = Decimal("100000")
    rules.check_penalty_within_benchmark(amount=Decimal("6000"), base_amount=base, **call)
    rules.check_penalty_within_benchmark(amount=Decimal("7000"), base_amount=base, **call)
    for amount in ("5999.99", "7000.01"):
        with pytest.raises(RuleViolation) as caught:
            rules.check_penalty_within_benchmark(amount=Decimal(amount), base_amount=base, **call)
        assert caught.value.code == "outside_benchmark"
        assert version.penalty_article in caught.value.citation
    with pytest.raises(RuleViolation) as caught:
        rules.check_penalty_within_benchmark(amount=Decimal("6000"), **call)
    assert caught.value.code == "base_amount_missing"


# --- 《行政处罚法》第五十八条: legal review before the decision -----------------------------------


def _review(version, **kwargs):
    call = dict(
        version=version,
        penalty_kinds=FINE,
        amount=Decimal("100"),
        party_kind=IND,
        hearing_held=False,
        complex_case=False,
        major_public_interest=False,
    )
    call.update(kwargs)
    return rules.requires_legal_review(**call)


def test_article_58_no_ground_no_review(version):
    assert _review(version) == []


@pytest.mark.parametrize(
    ("flag", "code"),
    [
        ("major_public_interest", "major_public_interest"),
        ("hearing_held", "hearing_held"),
        ("complex_case", "complex_case"),
    ],
)
def test_article_58_statutory_grounds_always_apply(version, flag, code):
    reasons = _review(version, **{flag: True})
    assert [r.code for r in reasons] == [code]
    assert "第五十八条" in reasons[0].citation


@pytest.fixture
def amount_rule():
    return ReviewCatalogRule.objects.create(
        title="大额罚款",
        citation="目录第1项",
        penalty_kind=PenaltyKind.FINE,
        amount_individual_from=Decimal("10000"),
        amount_org_from=Decimal("100000"),
    )


@pytest.mark.parametrize(
    ("party_kind", "amount", "needed"),
    [
        (IND, "9999.99", False),
        (IND, "10000", True),
        (ORG, "99999.99", False),
        (ORG, "100000", True),
        (ORG, "10000", False),
    ],
)
def test_article_58_catalog_amount_threshold_both_sides(version, amount_rule, party_kind, amount, needed):
    reasons = _review(version, amount=Decimal(amount), party_kind=party_kind)
    assert bool(reasons) is needed
    if needed:
        assert reasons[0].rule_id == amount_rule.pk
        assert reasons[0].citation == "目录第1项"


def test_article_58_catalog_rule_by_penalty_kind_and_category():
    planning = make_matter("GH-002")
    planning.matter.category = Category.PLANNING
    planning.matter.save()
    other = make_matter("HB-011")
    ReviewCatalogRule.objects.create(
        title="违法建设拆除", category=Category.PLANNING, penalty_kind=PenaltyKind.DEMOLITION
    )
    assert _review(planning, penalty_kinds=[PenaltyKind.DEMOLITION])
    assert not _review(planning, penalty_kinds=[PenaltyKind.FINE])
    assert not _review(other, penalty_kinds=[PenaltyKind.DEMOLITION])


def test_article_58_catalog_rule_by_matter_and_inactive_rules(version):
    other = make_matter("HB-012")
    rule = ReviewCatalogRule.objects.create(title="露天烧烤", matter=version.matter)
    assert [r.rule_id for r in _review(version)] == [rule.pk]
    assert _review(other) == []
    rule.active = False
    rule.save()
    assert _review(version) == []


def test_article_58_catalog_rule_with_flag_condition(version):
    ReviewCatalogRule.objects.create(
        title="听证后罚款", penalty_kind=PenaltyKind.FINE, when_hearing_held=True
    )
    assert _review(version) == []
    assert {r.code for r in _review(version, hearing_held=True)} == {"hearing_held", "catalog"}


# --- 《行政处罚法》第六十三条: hearings for heavier penalties -------------------------------------


@pytest.mark.parametrize(
    ("party_kind", "amount", "available"),
    [
        (IND, "9999.99", False),
        (IND, "10000", True),  # "一万元以上" includes ¥10,000 itself
        (IND, "10000.01", True),
        (ORG, "99999.99", False),
        (ORG, "100000", True),
        (ORG, "100000.01", True),
    ],
)
def test_article_63_hearing_threshold_both_sides(party_kind, amount, available):
    assert (
        rules.hearing_available(penalty_kinds=FINE, amount=Decimal(amount), party_kind=party_kind)
        is available
    )


def test_article_63_threshold_follows_regional_settings():
    settings = RegionalSettings.current()
    settings.hearing_threshold_individual = Decimal("2000")
    settings.save()
    assert rules.hearing_available(penalty_kinds=FINE, amount=Decimal("2000"), party_kind=IND)
    assert not rules.hearing_available(penalty_kinds=FINE, amount=Decimal("1999.99"), party_kind=IND)


@pytest.mark.parametrize(
    "kind",
    [
        PenaltyKind.LICENCE_REVOCATION,
        PenaltyKind.QUALIFICATION_DOWNGRADE,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.CLOSURE,
        PenaltyKind.RESTRICT_EMPLOYMENT,
        PenaltyKind.DEMOLITION,
    ],
)
def test_article_63_heavy_penalty_kinds_always_heard(kind):
    assert rules.hearing_available(penalty_kinds=[kind], amount=None, party_kind=IND)


def test_article_63_warning_and_small_confiscation_not_heard():
    assert not rules.hearing_available(penalty_kinds=[PenaltyKind.WARNING], amount=None, party_kind=IND)
    kinds = [PenaltyKind.CONFISCATE_PROPERTY]
    assert not rules.hearing_available(
        penalty_kinds=kinds, amount=None, party_kind=IND, confiscation_value=Decimal("9999.99")
    )
    assert rules.hearing_available(
        penalty_kinds=kinds, amount=None, party_kind=IND, confiscation_value=Decimal("10000")
    )


# --- 《行政处罚法》第三十七条: the version in force on the day of the act --------------------------


def test_article_37_version_in_force_each_side_of_effective_date():
    first = make_matter("SZ-001")
    second = version_publish(
        actor=None,
        matter=first.matter,
        effective_from=dt.date(2026, 3, 1),
        data={"violated_law": "城市道路管理条例", "penalty_law": "城市道路管理条例", "change_reason": "修订"},
    )
    first.refresh_from_db()
    assert first.effective_to == dt.date(2026, 2, 28)
    assert version_in_force(first.matter, on=dt.date(2026, 2, 28)) == first
    assert version_in_force(first.matter, on=dt.date(2026, 3, 1)) == second
    assert version_in_force("SZ-001", on=dt.date(2030, 1, 1)) == second
    assert rules.version_in_force(first.matter, on=dt.date(2024, 1, 1)) == first
    with pytest.raises(RuleViolation) as caught:
        version_in_force(first.matter, on=dt.date(2023, 12, 31))
    assert caught.value.code == "no_version_in_force"
    assert "第三十七条" in str(caught.value.citation)


def test_unknown_severity_and_party_kind_are_programming_errors(version):
    with pytest.raises(ValueError):
        rules.tier_for(version, "huge")
    with pytest.raises(ValueError):
        rules.hearing_available(penalty_kinds=FINE, amount=1, party_kind="robot")


def test_factories_give_four_tiers():
    version = MatterVersionFactory(matter=MatterFactory(code="X-1"))
    assert version.tiers.count() == 4
