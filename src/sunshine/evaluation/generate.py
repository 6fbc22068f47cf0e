"""City-scale rows for case-file scoring and evaluation (``manage.py generate_city``; a load generator).

For every squad and year of the generated cases: a recorded draw of 5% of its closed cases
(:func:`sunshine.evaluation.rules.sample`, so each draw verifies), every drawn file scored against the
default rubric with 0–3 deductions, a ledger line per handler; and a party rating for about one case in
ten whose decision was served, with its single-use invitation (used), its officers and ledger lines.
Bulk inserts, no services and no audit events (see the command's docstring).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

SHARE = Decimal("5")
RATED_SHARE = 0.10
CHUNK = 5_000


def generate(ctx) -> None:
    from sunshine.cases.models import Case, CaseHandler
    from sunshine.core.management.commands.generate_city import BulkWriter
    from sunshine.org.models import Staff

    from . import rules, services
    from .models import (
        CaseFileReview,
        Deduction,
        EvaluationInvite,
        PartyEvaluation,
        SamplingDraw,
        ScoreEntry,
    )

    first, last = ctx.case_range
    if not last:
        return
    rng = ctx.rng
    today = timezone.localdate()
    now = timezone.now()
    rubric = services.rubric_current()
    items = list(rubric.items.all())
    reviewer = Staff.objects.filter(user__groups__name="legal_reviewer").order_by("pk").first()
    drawer_id = reviewer.user_id if reviewer and reviewer.user_id else None
    if drawer_id is None:
        from sunshine.accounts.models import User

        drawer_id = User.objects.order_by("pk").values_list("pk", flat=True).first()

    closed: dict[tuple[int, int], list[int]] = defaultdict(list)
    closed_on: dict[int, dt.date] = {}
    rateable: list[tuple[int, int, dt.date]] = []
    rows = Case.objects.filter(pk__range=(first, last)).values_list(
        "pk", "unit_id", "state", "closed_on", "decided_on"
    )
    for pk, unit_id, state, closed_day, decided_day in rows.iterator(chunk_size=20_000):
        if state in rules.REVIEWABLE_STATES and closed_day:
            closed[(unit_id, closed_day.year)].append(pk)
            closed_on[pk] = closed_day
        if state in rules.RATEABLE_CASE_STATES and rng.random() < RATED_SHARE:
            rateable.append((pk, unit_id, decided_day or closed_day or today))

    # --- draws and reviews -------------------------------------------------------------------------------
    draw_writer = BulkWriter(
        SamplingDraw,
        ["unit_id", "period_start", "period_end", "percentage", "seed", "algorithm", "population",
         "random_ids", "rule_ids", "drawn_by_id"],
    )  # fmt: skip
    review_writer = BulkWriter(
        CaseFileReview,
        ["case_id", "unit_id", "reason", "draw_id", "rubric_id", "status", "reviewer_id", "score", "grade",
         "selected_on", "reviewed_on", "year"],
    )  # fmt: skip
    deduction_writer = BulkWriter(Deduction, ["review_id", "item_id", "points", "reason"])
    entry_writer = BulkWriter(
        ScoreEntry,
        ["staff_id", "unit_id", "year", "kind", "points", "deducted", "review_id", "evaluation_id", "on"],
    )
    draw_pk = draw_writer.next_pk()
    review_pk = review_writer.next_pk()
    deduction_pk = deduction_writer.next_pk()
    entry_pk = entry_writer.next_pk()
    reviews: list[tuple] = []  # (review pk, case pk, unit, score, deducted, day)
    draws, review_rows, deduction_rows = [], [], []
    for (unit_id, year), ids in sorted(closed.items()):
        seed = f"GEN-{unit_id}-{year}"
        drawn = rules.sample(ids, percentage=SHARE, seed=seed)
        draws.append(
            (draw_pk, unit_id, dt.date(year, 1, 1), dt.date(year, 12, 31), SHARE, seed, rules.ALGORITHM,
             sorted(ids), drawn, [], drawer_id)
        )  # fmt: skip
        for case_pk in drawn:
            picks = rng.sample(items, k=rng.choice((0, 0, 1, 1, 2, 3)))
            deducted = Decimal("0")
            for item in picks:
                points = min(item.max_points, Decimal(rng.randint(1, 4)))
                deducted += points
                deduction_rows.append((deduction_pk, review_pk, item.pk, points, "生成数据：扣分"))
                deduction_pk += 1
            score = Decimal("100") - deducted
            day = min(closed_on[case_pk] + dt.timedelta(days=rng.randint(5, 40)), today)
            grade = rules.grade_for(score, excellent_min=rubric.excellent_min, pass_min=rubric.pass_min)
            review_rows.append(
                (review_pk, case_pk, unit_id, "random", draw_pk, rubric.pk, "done",
                 reviewer.pk if reviewer else None, score, grade, closed_on[case_pk], day, day.year)
            )  # fmt: skip
            reviews.append((review_pk, case_pk, unit_id, score, deducted, day))
            review_pk += 1
        draw_pk += 1
    draw_writer.write(draws)
    for start in range(0, len(review_rows), CHUNK):
        review_writer.write(review_rows[start : start + CHUNK])
    for start in range(0, len(deduction_rows), CHUNK):
        deduction_writer.write(deduction_rows[start : start + CHUNK])

    def handlers_of(case_ids: list[int]) -> dict[int, list[int]]:
        found: dict[int, list[int]] = defaultdict(list)
        for start in range(0, len(case_ids), CHUNK):
            for case_id, staff_id in CaseHandler.objects.filter(
                case_id__in=case_ids[start : start + CHUNK]
            ).values_list("case_id", "staff_id"):
                found[case_id].append(staff_id)
        return found

    handlers = handlers_of([r[1] for r in reviews])
    entries = []
    for review_id, case_pk, unit_id, score, deducted, day in reviews:
        for staff_id in handlers.get(case_pk, ()):
            entries.append(
                (entry_pk, staff_id, unit_id, day.year, "case_file", score, deducted, review_id, None, day)
            )
            entry_pk += 1
            if len(entries) >= CHUNK:
                entry_writer.write(entries)
                entries = []

    # --- party ratings -------------------------------------------------------------------------------------
    invite_writer = BulkWriter(
        EvaluationInvite, ["case_id", "request_id", "unit_id", "nonce", "issued_at", "expires_at", "used_at"]
    )
    officers_model = EvaluationInvite.officers.through
    officer_writer = BulkWriter(officers_model, ["evaluationinvite_id", "staff_id"])
    evaluation_writer = BulkWriter(
        PartyEvaluation,
        ["invite_id", "unit_id", "rating", "comment", "submitted_at", "year", "needs_follow_up"],
    )
    invite_pk = invite_writer.next_pk()
    officer_pk = officer_writer.next_pk()
    evaluation_pk = evaluation_writer.next_pk()
    rated_handlers = handlers_of([r[0] for r in rateable])
    points = {r: rules.rating_points(r) for r in ("satisfied", "basic", "dissatisfied")}
    invites, officer_rows, evaluations = [], [], []
    utc = dt.UTC
    for case_pk, unit_id, day in rateable:
        issued = dt.datetime.combine(day, dt.time(10), utc)
        submitted = min(issued + dt.timedelta(days=rng.randint(1, 20)), now)
        roll = rng.random()
        rating = "satisfied" if roll < 0.72 else "basic" if roll < 0.92 else "dissatisfied"
        comment = "执法人员态度生硬" if rating == "dissatisfied" and rng.random() < 0.5 else ""
        invites.append(
            (invite_pk, case_pk, None, unit_id, f"g{invite_pk:031d}"[-32:], issued,
             issued + dt.timedelta(days=180), submitted)
        )  # fmt: skip
        evaluations.append(
            (evaluation_pk, invite_pk, unit_id, rating, comment, submitted, submitted.year, bool(comment))
        )
        for staff_id in rated_handlers.get(case_pk, ()):
            officer_rows.append((officer_pk, invite_pk, staff_id))
            officer_pk += 1
            entries.append(
                (entry_pk, staff_id, unit_id, submitted.year, "party", points[rating], Decimal("0"), None,
                 evaluation_pk, submitted.date())
            )  # fmt: skip
            entry_pk += 1
        invite_pk += 1
        evaluation_pk += 1
        if len(invites) >= CHUNK:
            invite_writer.write(invites)
            evaluation_writer.write(evaluations)
            officer_writer.write(officer_rows)
            entry_writer.write(entries)
            invites, evaluations, officer_rows, entries = [], [], [], []
    invite_writer.write(invites)
    evaluation_writer.write(evaluations)
    officer_writer.write(officer_rows)
    entry_writer.write(entries)
    writers = (draw_writer, review_writer, deduction_writer, entry_writer, invite_writer, officer_writer)
    for writer in (*writers, evaluation_writer):
        writer.finish()
    ctx.out.write(
        f"           evaluation: {len(draws):,} draws, {len(review_rows):,} reviews, "
        f"{len(rateable):,} party ratings\n"
    )
