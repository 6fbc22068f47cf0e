"""The rules of case-file scoring: the rubric, grades, deductions, sampling, the composite score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sunshine.core.errors import RuleViolation
from sunshine.evaluation import rules, services


def test_default_rubric_totals_100_and_covers_the_seven_parts():
    items = services.default_items()
    assert sum(i["max_points"] for i in items) == Decimal("100")
    assert {i["group"] for i in items} == set(rules.GROUPS)
    assert rules.validate_rubric(items=items, excellent_min=90, pass_min=75) == Decimal("100")


def _items(**change):
    items = services.default_items()
    items[0] = {**items[0], **change}
    return items


def test_custom_rubric_must_total_100():
    with pytest.raises(RuleViolation) as exc:
        rules.validate_rubric(items=_items(max_points=Decimal("5")), excellent_min=90, pass_min=75)
    assert exc.value.code == "evaluation.rubric_total"
    # Moving a point from one item to another keeps 100: valid.
    items = services.default_items()
    items[0]["max_points"] += 1
    items[1]["max_points"] -= 1
    assert rules.validate_rubric(items=items, excellent_min=90, pass_min=75) == Decimal("100")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"code": "S2"}, "evaluation.rubric_code"),
        ({"title": " "}, "evaluation.rubric_item"),
        ({"group": "money"}, "evaluation.rubric_group"),
        ({"max_points": Decimal("0")}, "evaluation.rubric_points"),
    ],
)
def test_custom_rubric_item_errors(change, code):
    with pytest.raises(RuleViolation) as exc:
        rules.validate_rubric(items=_items(**change), excellent_min=90, pass_min=75)
    assert exc.value.code == code


def test_every_part_is_covered():
    items = [i for i in services.default_items() if i["group"] != "discretion"]
    items[0]["max_points"] += 8  # still 100 points, but no discretion item
    with pytest.raises(RuleViolation) as exc:
        rules.validate_rubric(items=items, excellent_min=90, pass_min=75)
    assert exc.value.code == "evaluation.rubric_parts"


@pytest.mark.parametrize(
    ("excellent", "passing", "ok"),
    [(90, 75, True), (75, 75, True), (74, 75, False), (101, 75, False), (90, 0, False)],
)
def test_thresholds(excellent, passing, ok):
    items = services.default_items()
    if ok:
        rules.validate_rubric(items=items, excellent_min=excellent, pass_min=passing)
    else:
        with pytest.raises(RuleViolation):
            rules.validate_rubric(items=items, excellent_min=excellent, pass_min=passing)


@pytest.mark.parametrize("title", ["罚没收入完成情况", "年度罚款总额排名", "Fine revenue collected"])
def test_no_item_scores_money_article_74(title):
    """《行政处罚法》第七十四条: fine revenue is never a performance indicator."""
    with pytest.raises(RuleViolation) as exc:
        rules.validate_rubric(items=_items(title=title), excellent_min=90, pass_min=75)
    assert exc.value.code == "evaluation.revenue_indicator"
    assert "第七十四条" in str(exc.value.citation)


def test_a_legality_check_of_the_fine_is_not_a_revenue_item():
    # Checking the fine lies within the discretion benchmark is about legality, not money collected.
    rules.assert_not_revenue("罚款数额符合自由裁量基准")


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("90", "excellent"),
        ("89.9", "pass"),
        ("75", "pass"),
        ("74.9", "fail"),
        ("0", "fail"),
        ("100", "excellent"),
    ],
)
def test_grade_thresholds_inclusive(score, grade):
    assert rules.grade_for(Decimal(score), excellent_min=Decimal(90), pass_min=Decimal(75)) == grade


ITEMS = {"S1": Decimal("4"), "P2": Decimal("5")}


def test_deductions_score():
    score, cleaned = rules.score_deductions(
        items=ITEMS,
        deductions=[
            {"item": "S1", "points": "4", "reason": "超越职权"},
            {"item": "P2", "points": 1, "reason": "缺项"},
        ],
    )
    assert score == Decimal("4")  # 9 - 5 (the rubric's items here total 9)
    assert [d["points"] for d in cleaned] == [Decimal("4"), Decimal("1")]


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ({"item": "X9", "points": 1, "reason": "r"}, "evaluation.deduction_item"),
        ({"item": "S1", "points": "4.1", "reason": "r"}, "evaluation.deduction_points"),
        ({"item": "S1", "points": 0, "reason": "r"}, "evaluation.deduction_points"),
        ({"item": "S1", "points": "abc", "reason": "r"}, "evaluation.deduction_points"),
        ({"item": "S1", "points": 1, "reason": "  "}, "evaluation.deduction_reason"),
    ],
)
def test_bad_deductions(entry, code):
    with pytest.raises(RuleViolation) as exc:
        rules.score_deductions(items=ITEMS, deductions=[entry])
    assert exc.value.code == code


def test_an_item_once():
    with pytest.raises(RuleViolation) as exc:
        rules.score_deductions(
            items=ITEMS,
            deductions=[
                {"item": "S1", "points": 1, "reason": "a"},
                {"item": "S1", "points": 1, "reason": "b"},
            ],
        )
    assert exc.value.code == "evaluation.deduction_twice"


@pytest.mark.parametrize(
    ("n", "pct", "size"), [(0, 5, 0), (1, 5, 1), (20, 5, 1), (21, 5, 2), (100, "12.5", 13), (7, 100, 7)]
)
def test_sample_size_rounds_up(n, pct, size):
    assert rules.sample_size(n, pct) == size


@given(
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=300, unique=True),
    st.text(min_size=1, max_size=20),
)
def test_sample_reproducible_from_its_seed(ids, seed):
    first = rules.sample(ids, percentage=10, seed=seed)
    assert first == rules.sample(list(reversed(ids)), percentage=10, seed=seed)
    assert set(first) <= set(ids)
    assert len(first) == rules.sample_size(len(ids), 10)


def test_sample_depends_on_the_seed():
    ids = list(range(1, 1001))
    assert rules.sample(ids, percentage=5, seed="a") != rules.sample(ids, percentage=5, seed="b")
    # The algorithm is fixed: a known seed gives a known first pick (anyone can recompute it).
    import hashlib

    best = min(ids, key=lambda pk: hashlib.sha256(f"a:{pk}".encode()).hexdigest())
    assert best in rules.sample(ids, percentage=5, seed="a")


def test_composite(settings):
    settings.EVALUATION_PARTY_WEIGHT = "0.3"
    assert rules.composite(Decimal("90"), Decimal("100")) == Decimal("93.0")
    assert rules.composite(Decimal("90"), None) == Decimal("90.0")
    assert rules.composite(None, Decimal("80")) == Decimal("80.0")
    assert rules.composite(None, None) is None
    settings.EVALUATION_PARTY_WEIGHT = "0"
    assert rules.composite(Decimal("90"), Decimal("40")) == Decimal("90.0")


def test_invite_usable_boundaries():
    import datetime as dt

    now = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
    rules.assert_invite_usable(used_at=None, expires_at=now + dt.timedelta(seconds=1), now=now)
    with pytest.raises(RuleViolation) as exc:
        rules.assert_invite_usable(used_at=None, expires_at=now, now=now)
    assert exc.value.code == "evaluation.link_expired"
    with pytest.raises(RuleViolation) as exc:
        rules.assert_invite_usable(used_at=now, expires_at=now + dt.timedelta(days=1), now=now)
    assert exc.value.code == "evaluation.link_used"
