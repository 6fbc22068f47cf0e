"""Objects for the permission matrix. Reviews, case links and unit pages belong to the squad of their case
or unit; rubric versions, sampling draws and the inspection office's follow-ups are the bureau's."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sunshine.cases.models import CaseHandler
from sunshine.evaluation import services
from sunshine.evaluation.models import CaseFileReview, EvaluationInvite, PartyEvaluation, SamplingDraw
from sunshine.org.models import Staff
from tests.factories import CaseFactory


def _case(ctx, state="closed"):
    case = CaseFactory(unit=ctx.unit, state=state, closed_on=dt.date(2026, 10, 20))
    CaseHandler.objects.create(case=case, staff=Staff.objects.get(user=ctx.user), lead=True)
    return case


def review(ctx):
    case = _case(ctx)
    item = CaseFileReview.objects.create(
        case=case, unit=ctx.unit, reason="random", selected_on=dt.date(2026, 11, 1)
    )
    return {"pk": item.pk}


def unit(ctx):
    return {"pk": ctx.unit.pk, "year": timezone.localdate().year}


def case_link(ctx):
    return {"case_pk": _case(ctx).pk}


def draw(ctx):
    item = SamplingDraw.objects.create(
        unit=ctx.unit,
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        percentage=5,
        seed="matrix",
        algorithm="sha256-rank-v1",
        drawn_by=ctx.user,
    )
    return {"pk": item.pk}


def rubric(ctx):
    return {"pk": services.rubric_current().pk}


def follow_up(ctx):
    case = _case(ctx)
    now = timezone.now()
    invite = EvaluationInvite.objects.create(
        case=case,
        unit=ctx.unit,
        nonce=f"matrix-{ctx.which}-{case.pk}",
        issued_at=now,
        expires_at=now + dt.timedelta(days=30),
        used_at=now,
    )
    item = PartyEvaluation.objects.create(
        invite=invite,
        unit=ctx.unit,
        rating="dissatisfied",
        comment="态度差",
        submitted_at=now,
        year=now.year,
        needs_follow_up=True,
    )
    return {"pk": item.pk}


def request_link(ctx):
    from sunshine.service.models import Request

    now = timezone.now()
    item = Request.objects.create(
        tracking_no=f"EMX{ctx.which}{Request.objects.count():05d}",
        channel="phone",
        kind="complaint",
        content="矩阵测试诉求",
        unit=ctx.unit,
        first_receiver=ctx.user,
        received_at=now,
        due_at=now,
    )
    return {"request_pk": item.pk}


def token(ctx):
    invite = services.invite_issue(case=_case(ctx))
    return {"token": services.token_for(invite)}


OBJECTS = {
    "evaluation:unit_detail": unit,
    "evaluation:unit_export": unit,
    "evaluation:review_detail": review,
    "evaluation:review_score": review,
    "evaluation:draw_detail": draw,
    "evaluation:rubric_detail": rubric,
    "evaluation:party_follow_up": follow_up,
    "evaluation:case_link": case_link,
    "evaluation:request_link": request_link,
    "api-evaluation-request-link": request_link,
    "api-evaluation-rubric": rubric,
    "api-evaluation-draw": draw,
    "api-evaluation-review": review,
    "api-evaluation-review-score": review,
    "api-evaluation-unit": unit,
    "api-evaluation-follow-up": follow_up,
    "api-evaluation-case-link": case_link,
    "api-evaluation-public": token,
}
UNSCOPED = {
    "evaluation:draw_detail",
    "evaluation:rubric_detail",
    "evaluation:party_follow_up",
    "api-evaluation-rubric",
    "api-evaluation-draw",
    "api-evaluation-follow-up",
    "api-evaluation-public",
}
