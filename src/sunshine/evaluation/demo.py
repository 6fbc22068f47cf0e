"""Demo of case-file scoring and evaluation, through the services (every rule and audit event applies).

On top of the cases and service demos: the default rubric; one recorded draw per squad over the year's
closed cases (every rule-selected case and half of the rest); each selected file scored by the demo legal
reviewer (never one they handled) with deductions from the rubric; a party rating for every case whose
decision was served and for replied requests, a few dissatisfied with comments for the inspection office.
Idempotent (draws are found by their seed; a case or request is rated once) and deterministic (seeded).
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from sunshine.core.errors import RuleViolation
from sunshine.org.models import Unit

from . import rules, services
from .models import CaseFileReview, EvaluationInvite, SamplingDraw

SEED = 20260802
PERCENTAGE = 50
DEDUCTIONS = [
    ("P2", "2", "告知书未载明听证权利的申请期限"),
    ("E2", "1", "询问笔录缺少当事人逐页签名"),
    ("W1", "1", "决定书文号格式不规范"),
    ("E3", "2", "现场检查音像记录不完整"),
    ("L1", "2", "引用条款未具体到款、项"),
    ("D1", "2", "未说明从轻处罚的裁量理由"),
    ("W3", "1", "案卷材料未按序装订"),
    ("P6", "3", "超过九十日作出决定且无延期审批"),
]
COMMENTS = {
    "satisfied": ["执法人员态度很好，讲清了依据", "耐心说明，文明执法", ""],
    "basic": ["处理还算及时", "", "解释不够详细"],
    "dissatisfied": ["执法人员说话态度生硬，没有出示证件", "等了很久没人答复", ""],
}


def _rating(rng: random.Random) -> str:
    roll = rng.random()
    return "satisfied" if roll < 0.7 else "basic" if roll < 0.9 else "dissatisfied"


def load(out) -> None:
    reviewer = get_user_model().objects.filter(username="reviewer").first()
    if reviewer is None:
        out.write("evaluation: demo legal reviewer missing (run the org and accounts demo first); skipped\n")
        return
    services.rubric_current()
    today = timezone.localdate()
    start = today - dt.timedelta(days=365)
    made = {"draws": 0, "scored": 0, "ratings": 0}
    for unit in Unit.objects.filter(kind=Unit.Kind.SQUAD).order_by("code"):
        seed = f"DEMO-{unit.code}-{today.year}"
        if SamplingDraw.objects.filter(seed=seed).exists():
            continue
        services.draw_run(
            actor=reviewer, unit=unit, period_start=start, period_end=today, percentage=PERCENTAGE, seed=seed
        )
        made["draws"] += 1
    for review in CaseFileReview.objects.filter(status="pending", draw__seed__startswith="DEMO-").order_by(
        "pk"
    ):
        rng = random.Random(SEED + review.case_id)
        picks = rng.sample(DEDUCTIONS, k=rng.choice([0, 1, 1, 2, 3]))
        try:
            services.review_score(
                actor=reviewer,
                review=review,
                deductions=[{"item": c, "points": p, "reason": r} for c, p, r in picks],
                comments="案卷总体规范。" if not picks else "存在瑕疵，已反馈承办人整改。",
            )
        except RuleViolation:  # the demo reviewer handled this case: left for another reviewer
            continue
        made["scored"] += 1
    made["ratings"] += _rate_cases()
    made["ratings"] += _rate_requests()
    out.write(
        f"evaluation: rubric v{services.rubric_current().version}, {made['draws']} draws, "
        f"{made['scored']} case files scored, {made['ratings']} party ratings\n"
    )


def _submit(invite, rng: random.Random) -> bool:
    rating = _rating(rng)
    comment = rng.choice(COMMENTS[rating])
    try:
        services.evaluation_submit(token=services.token_for(invite), rating=rating, comment=comment)
    except RuleViolation:
        return False
    return True


def _rate_cases() -> int:
    from sunshine.cases.models import Case

    rated = set(
        EvaluationInvite.objects.filter(case__isnull=False, used_at__isnull=False).values_list(
            "case_id", flat=True
        )
    )
    count = 0
    for case in (
        Case.objects.filter(state__in=rules.RATEABLE_CASE_STATES).exclude(pk__in=rated).order_by("pk")
    ):
        rng = random.Random(SEED * 3 + case.pk)
        if rng.random() < 0.2:  # not every party answers
            continue
        count += _submit(services.invite_issue(case=case), rng)
    return count


def _rate_requests() -> int:
    from sunshine.service.models import Request

    rated = set(
        EvaluationInvite.objects.filter(request__isnull=False, used_at__isnull=False).values_list(
            "request_id", flat=True
        )
    )
    count = 0
    replied = Request.objects.filter(status__in=rules.RATEABLE_REQUEST_STATES).filter(
        Q(unit__isnull=False) | Q(replied_by__isnull=False) | Q(first_receiver__isnull=False)
    )
    for request in replied.order_by("pk")[:60]:
        if request.pk in rated:
            continue
        rng = random.Random(SEED * 5 + request.pk)
        if rng.random() < 0.3:
            continue
        try:
            invite = services.invite_issue(request=request)
        except RuleViolation:
            continue
        count += _submit(invite, rng)
    return count
