"""Services of case-file scoring and party evaluation: separation, accumulation, sampling, tokens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sunshine.audit.models import Event
from sunshine.cases.models import Decision, Hearing
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.evaluation import rules, selectors, services
from sunshine.evaluation.models import CaseFileReview, PartyEvaluation, Rubric, ScoreEntry

from .conftest import staff

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _score(actor, review, deductions=(), comments=""):
    return services.review_score(actor=actor, review=review, deductions=list(deductions), comments=comments)


def test_default_rubric_installed_once():
    first = services.rubric_current()
    assert services.rubric_current() == first
    assert first.version == 1 and first.active
    assert sum(i.max_points for i in first.items.all()) == Decimal("100")


def test_new_rubric_version_keeps_old_reviews(people, closed_case):
    review = services.review_add(actor=people["reviewer"], case=closed_case())
    _score(people["reviewer"], review, [{"item": "S1", "points": 4, "reason": "超越职权"}])
    items = services.default_items()
    items[0]["max_points"] += 1
    items[-1]["max_points"] -= 1
    v2 = services.rubric_create(
        actor=people["reviewer"], name="2027版", items=items, excellent_min=92, pass_min=80, note="调整"
    )
    review.refresh_from_db()
    assert v2.version == 2 and Rubric.objects.filter(active=True).get() == v2
    assert review.rubric.version == 1 and review.score == Decimal("96")


def test_rubric_create_needs_the_legal_section(people):
    with pytest.raises(PermissionDeniedError):
        services.rubric_create(
            actor=people["officers"][0],
            name="x",
            items=services.default_items(),
            excellent_min=90,
            pass_min=75,
        )


def test_bad_rubric_saves_nothing(people):
    services.rubric_current()
    items = services.default_items()[1:]
    with pytest.raises(RuleViolation):
        services.rubric_create(actor=people["reviewer"], name="x", items=items, excellent_min=90, pass_min=75)
    assert Rubric.objects.count() == 1 and Rubric.objects.get().active


def test_only_closed_cases_are_reviewed(people, closed_case):
    with pytest.raises(RuleViolation) as exc:
        services.review_add(actor=people["reviewer"], case=closed_case(state="served"))
    assert exc.value.code == "evaluation.not_closed"
    assert services.review_add(actor=people["reviewer"], case=closed_case(state="archived")).pk


def test_reviewer_cannot_review_a_case_they_handled(people, closed_case):
    """Separation: a reviewer who handled the case is refused; another reviewer scores it."""
    case = closed_case(handlers=[people["officers"][0], people["reviewer"]])
    review = services.review_add(actor=people["reviewer2"], case=case)
    with pytest.raises(RuleViolation) as exc:
        _score(people["reviewer"], review)
    assert exc.value.code == "evaluation.own_case"
    review.refresh_from_db()
    assert review.status == "pending" and not ScoreEntry.objects.exists()
    # ...and their queue does not offer it.
    assert review not in selectors.review_queue(people["reviewer"])
    assert review in selectors.review_queue(people["reviewer2"])
    _score(people["reviewer2"], review)
    review.refresh_from_db()
    assert review.status == "done" and review.reviewer == staff(people["reviewer2"])


def test_scoring_twice_refused(people, closed_case):
    review = services.review_add(actor=people["reviewer"], case=closed_case())
    _score(people["reviewer"], review)
    with pytest.raises(RuleViolation) as exc:
        _score(people["reviewer2"], review)
    assert exc.value.code == "evaluation.already_scored"


def test_bad_deduction_saves_nothing(people, closed_case):
    review = services.review_add(actor=people["reviewer"], case=closed_case())
    events = Event.objects.count()
    with pytest.raises(RuleViolation):
        _score(
            people["reviewer"],
            review,
            [{"item": "S1", "points": 1, "reason": "a"}, {"item": "S1", "points": 9, "reason": "b"}],
        )
    review.refresh_from_db()
    assert review.status == "pending" and review.score is None
    assert not review.deductions.exists() and not ScoreEntry.objects.exists()
    assert Event.objects.count() == events


def test_scores_accumulate_per_officer_and_unit(people, closed_case):
    """Seed 002: 逐件考核,累积记分 — every handler's ledger gets each reviewed case's score."""
    a, b, c = people["officers"]
    r1 = services.review_add(actor=people["reviewer"], case=closed_case(handlers=[a, b]))
    r2 = services.review_add(actor=people["reviewer"], case=closed_case(handlers=[a, c]))
    r3 = services.review_add(
        actor=people["reviewer"], case=closed_case(unit="squad2", handlers=[people["other_officer"]])
    )
    _score(
        people["reviewer"],
        r1,
        [{"item": "P2", "points": 5, "reason": "未告知"}, {"item": "W1", "points": 2, "reason": "缺印章"}],
    )
    _score(
        people["reviewer"],
        r2,
        [
            {"item": "L1", "points": 7, "reason": "适用依据错误"},
            {"item": "E1", "points": 6, "reason": "证据不足"},
            {"item": "E3", "points": 5, "reason": "无记录"},
        ],
    )
    _score(people["reviewer"], r3)
    r1.refresh_from_db(), r2.refresh_from_db()
    assert (r1.score, r1.grade) == (Decimal("93"), "excellent")
    assert (r2.score, r2.grade) == (Decimal("82"), "pass")
    rows = {r["staff_id"]: r for r in selectors.officer_rows(year=YEAR)}
    assert rows[staff(a).pk]["case_files"] == 2
    assert rows[staff(a).pk]["case_file_average"] == Decimal("87.5")
    assert rows[staff(a).pk]["deducted"] == Decimal("25")
    assert rows[staff(b).pk]["case_file_average"] == Decimal("93.0")
    assert rows[staff(c).pk]["case_file_average"] == Decimal("82.0")
    unit = selectors.unit_year(people["officers"][0].staff.unit, YEAR)
    assert unit["reviews"]["reviewed"] == 2 and unit["reviews"]["average"] == Decimal("87.5")
    assert unit["reviews"]["excellent"] == 1 and unit["reviews"]["passed"] == 1
    ranking = selectors.rankings(YEAR)
    assert [r["unit"].name for r in ranking] == ["二中队", "一中队"]  # 100 beats 87.5
    assert [r["rank"] for r in ranking] == [1, 2]


def test_party_rating_counts_by_weight(people, closed_case, settings):
    settings.EVALUATION_PARTY_WEIGHT = "0.5"
    a = people["officers"][0]
    case = closed_case(handlers=[a])
    review = services.review_add(actor=people["reviewer"], case=case)
    _score(
        people["reviewer"],
        review,
        [{"item": "L1", "points": 7, "reason": "x"}, {"item": "F3", "points": 5, "reason": "y"}],
    )
    invite = services.invite_issue(case=case)
    services.evaluation_submit(token=services.token_for(invite), rating="dissatisfied", comment="")
    row = selectors.officer_rows(year=YEAR, staff_ids=[staff(a).pk])[0]
    assert row["case_file_average"] == Decimal("88.0") and row["party_average"] == Decimal("40.0")
    assert row["composite"] == Decimal("64.0")


def test_fine_amounts_never_change_a_score(people, closed_case):
    """《行政处罚法》第七十四条: the same reviews and ratings rank the same whatever the fines were."""
    a, b = people["officers"][:2]
    cases = [closed_case(handlers=[a]), closed_case(handlers=[b])]
    for i, case in enumerate(cases):
        Decision.objects.create(
            case=case,
            kind="penalty",
            document_number=f"D-{i}",
            fine=Decimal("100"),
            decided_on=dt.date(2026, 10, 1),
            approved_by=people["leader"],
            remedies_text="-",
        )
        review = services.review_add(actor=people["reviewer"], case=case)
        _score(people["reviewer"], review, [{"item": "W3", "points": i + 1, "reason": "缺材料"}])
    before = (
        selectors.officer_rows(year=YEAR),
        [(r["unit"].pk, r["composite"]) for r in selectors.rankings(YEAR)],
    )
    Decision.objects.filter(case=cases[1]).update(fine=Decimal("200000"))
    Decision.objects.filter(case=cases[0]).update(fine=Decimal("0"))
    after = (
        selectors.officer_rows(year=YEAR),
        [(r["unit"].pk, r["composite"]) for r in selectors.rankings(YEAR)],
    )
    assert before == after
    # And no query behind the rankings or the unit page reads a fine or an amount.
    with CaptureQueriesContext(connection) as ctx:
        selectors.rankings(YEAR)
        selectors.unit_year(staff(a).unit, YEAR)
        selectors.officer_year(staff(a), YEAR)
    sql = " ".join(q["sql"].lower() for q in ctx.captured_queries)
    assert "fine" not in sql and "amount" not in sql and "surcharge" not in sql


def test_draw_by_rule_and_at_random_is_reproducible(people, closed_case, bureau):
    cases = [closed_case() for _ in range(40)]
    major = closed_case(major=True)
    heard = closed_case()
    Hearing.objects.create(
        case=heard, notice_id=_notice(heard, people).pk, requested_on=dt.date(2026, 9, 1), outcome="held"
    )
    changed = closed_case()
    Decision.objects.create(
        case=changed,
        kind="penalty",
        document_number="D-X",
        decided_on=dt.date(2026, 9, 1),
        approved_by=people["leader"],
        remedies_text="-",
        remedy_outcome="changed",
    )
    outside = closed_case(closed_on=dt.date(2026, 8, 1))
    other_squad = closed_case(unit="squad2", handlers=[people["other_officer"]])
    draw = services.draw_run(
        actor=people["reviewer"],
        unit=bureau["squad1"],
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        percentage=10,
        seed="2026-Q4",
    )
    assert sorted(draw.rule_ids) == sorted([major.pk, heard.pk, changed.pk])
    reasons = dict(CaseFileReview.objects.filter(draw=draw).values_list("case_id", "reason"))
    assert (
        reasons[major.pk] == "major" and reasons[heard.pk] == "hearing" and reasons[changed.pk] == "changed"
    )
    assert len(draw.random_ids) == 4  # 10% of 40, rounded up
    assert set(draw.random_ids) <= {c.pk for c in cases}
    assert outside.pk not in reasons and other_squad.pk not in reasons
    assert draw.random_ids == rules.sample([c.pk for c in cases], percentage=10, seed="2026-Q4")
    assert services.draw_verify(draw)
    # A second draw of the same period finds only what was not selected yet.
    again = services.draw_run(
        actor=people["reviewer"],
        unit=bureau["squad1"],
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        percentage=10,
        seed="2026-Q4",
    )
    assert not set(again.random_ids) & set(draw.random_ids) and again.rule_ids == []
    assert CaseFileReview.objects.count() == 7 + len(again.random_ids)
    # Tampering with the record is detected.
    draw.seed = "other"
    assert not services.draw_verify(draw)


def _notice(case, people):
    from sunshine.cases.models import AdvanceNotice

    return AdvanceNotice.objects.create(
        case=case,
        served_on=dt.date(2026, 8, 20),
        method="direct",
        grounds="-",
        reply_due=dt.date(2026, 8, 25),
        created_by=people["leader"],
    )


@pytest.mark.parametrize(
    ("percentage", "ok"), [("0", False), ("0.01", True), ("100", True), ("100.01", False)]
)
def test_draw_percentage_bounds(people, bureau, percentage, ok):
    kwargs = dict(
        actor=people["reviewer"],
        unit=bureau["squad1"],
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        percentage=percentage,
    )
    if ok:
        assert services.draw_run(**kwargs).pk
    else:
        with pytest.raises(RuleViolation):
            services.draw_run(**kwargs)


def test_token_single_use(people, closed_case):
    case = closed_case(handlers=people["officers"][:2])
    invite = services.invite_issue(case=case)
    assert services.invite_issue(case=case) == invite  # printed twice, one link
    token = services.token_for(invite)
    evaluation = services.evaluation_submit(token=token, rating="satisfied", comment="态度很好")
    assert evaluation.year == YEAR and not evaluation.needs_follow_up
    assert ScoreEntry.objects.filter(evaluation=evaluation, kind="party").count() == 2
    with pytest.raises(RuleViolation) as exc:
        services.evaluation_submit(token=token, rating="dissatisfied", comment="再评一次")
    assert exc.value.code == "evaluation.link_used"
    assert PartyEvaluation.objects.count() == 1
    # A new invitation for the case is issued once the first is used.
    assert services.invite_issue(case=case) != invite


def test_token_expiry(people, closed_case, settings):
    settings.EVALUATION_LINK_DAYS = 30
    invite = services.invite_issue(case=closed_case())
    assert invite.expires_at - invite.issued_at == dt.timedelta(days=30)
    invite.expires_at = timezone.now() - dt.timedelta(seconds=1)
    invite.save()
    with pytest.raises(RuleViolation) as exc:
        services.evaluation_submit(token=services.token_for(invite), rating="satisfied")
    assert exc.value.code == "evaluation.link_expired"
    assert not PartyEvaluation.objects.exists()


def test_forged_token_refused(people, closed_case):
    invite = services.invite_issue(case=closed_case())
    token = services.token_for(invite)
    for bad in (token[:-2] + "xx", "abc", ""):
        with pytest.raises(RuleViolation) as exc:
            services.evaluation_submit(token=bad, rating="satisfied")
        assert exc.value.code == "evaluation.link_invalid"
    # The nonce is part of the signed token: a token for a guessed id is refused.
    from django.core import signing

    guessed = signing.dumps({"i": invite.pk, "n": "0" * 32}, salt="other")
    with pytest.raises(RuleViolation):
        services.evaluation_submit(token=guessed, rating="satisfied")


def test_rating_opens_after_service(people, closed_case):
    early = services.invite_issue(case=closed_case(state="investigating"))
    with pytest.raises(RuleViolation) as exc:
        services.evaluation_submit(token=services.token_for(early), rating="satisfied")
    assert exc.value.code == "evaluation.not_yet"
    served = services.invite_issue(case=closed_case(state="served"))
    assert services.evaluation_submit(token=services.token_for(served), rating="basic").rating == "basic"


def test_bad_rating_refused(people, closed_case):
    invite = services.invite_issue(case=closed_case())
    with pytest.raises(RuleViolation) as exc:
        services.evaluation_submit(token=services.token_for(invite), rating="great")
    assert exc.value.code == "evaluation.rating"
    invite.refresh_from_db()
    assert invite.used_at is None


def test_dissatisfied_with_comment_goes_to_the_inspector(people, closed_case):
    plain = services.invite_issue(case=closed_case())
    services.evaluation_submit(token=services.token_for(plain), rating="dissatisfied", comment="")
    invite = services.invite_issue(case=closed_case())
    evaluation = services.evaluation_submit(
        token=services.token_for(invite), rating="dissatisfied", comment="执法人员态度粗暴，电话13912345678"
    )
    assert list(selectors.follow_up_queue()) == [evaluation]
    with pytest.raises(PermissionDeniedError):
        services.evaluation_follow_up(actor=people["reviewer"], evaluation=evaluation, note="已核查")
    with pytest.raises(RuleViolation):
        services.evaluation_follow_up(actor=people["inspector"], evaluation=evaluation, note=" ")
    services.evaluation_follow_up(actor=people["inspector"], evaluation=evaluation, note="已约谈当事执法人员")
    assert not selectors.follow_up_queue().exists()
    with pytest.raises(RuleViolation):
        services.evaluation_follow_up(actor=people["inspector"], evaluation=evaluation, note="again")


def test_request_invite_rates_who_replied(people, bureau):
    from sunshine.service.models import Request

    officer = people["officers"][0]
    request = Request.objects.create(
        tracking_no="T-1",
        channel="phone",
        kind="complaint",
        content="噪声",
        unit=bureau["squad1"],
        received_at=timezone.now(),
        due_at=timezone.now(),
        status="replied",
        replied_by=officer,
        replied_at=timezone.now(),
        reply_content="已处理",
        reply_channel="phone",
    )
    invite = services.invite_issue(request=request)
    assert list(invite.officers.all()) == [staff(officer)]
    services.evaluation_submit(token=services.token_for(invite), rating="satisfied")
    assert ScoreEntry.objects.get().staff == staff(officer)


def test_officer_sees_only_reviews_of_their_cases(people, closed_case):
    a, b, c = people["officers"]
    mine = services.review_add(actor=people["reviewer"], case=closed_case(handlers=[a]))
    theirs = services.review_add(actor=people["reviewer"], case=closed_case(handlers=[b, c]))
    assert list(selectors.reviews(a)) == [mine]
    assert set(selectors.reviews(people["squad_leader"])) == {mine, theirs}
    assert not selectors.reviews(people["other_officer"]).exists()
    assert set(selectors.reviews(people["leader"])) == {mine, theirs}
