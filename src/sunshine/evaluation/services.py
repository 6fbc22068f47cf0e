"""Writes of case-file scoring and evaluation: rubric versions, sampling draws, reviews, party ratings.

Every function is keyword-only, atomic, checks permission and the rules of :mod:`.rules`, and writes
its audit event. :func:`evaluation_link` and :func:`evaluation_qr_svg` are what documents print.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.audit.services import audit_append
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.org.models import Staff, Unit

from . import rules
from .models import (
    CaseFileReview,
    Deduction,
    EvaluationInvite,
    PartyEvaluation,
    Rating,
    Reason,
    Rubric,
    RubricItem,
    SamplingDraw,
    ScoreEntry,
)

TOKEN_SALT = "sunshine.evaluation.invite"  # noqa: S105 - a signing namespace, not a secret


def _require(actor, capability: str) -> None:
    if not has_capability(actor, capability):
        raise PermissionDeniedError(_("You may not do this."))


def _staff_of(user) -> Staff | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Staff.objects.filter(user=user).select_related("unit").first()


# --- the rubric -------------------------------------------------------------------------------------


def _write_rubric(*, actor, name: str, items: list[dict], excellent_min, pass_min, note: str) -> Rubric:
    rules.validate_rubric(items=items, excellent_min=excellent_min, pass_min=pass_min)
    last = Rubric.objects.select_for_update().order_by("-version").first()
    Rubric.objects.filter(active=True).update(active=False)
    rubric = Rubric.objects.create(
        version=(last.version if last else 0) + 1,
        name=(name or "").strip()[:200] or str(_("Case-file review rubric")),
        excellent_min=Decimal(str(excellent_min)),
        pass_min=Decimal(str(pass_min)),
        active=True,
        note=(note or "")[:2000],
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    RubricItem.objects.bulk_create(
        [
            RubricItem(
                rubric=rubric,
                group=item["group"],
                code=item["code"].strip()[:16],
                title=item["title"].strip()[:200],
                max_points=Decimal(str(item["max_points"])),
                guidance=(item.get("guidance") or "").strip(),
                order=index,
            )
            for index, item in enumerate(items)
        ]
    )
    return rubric


def default_items() -> list[dict]:
    return [
        {"group": g, "code": c, "title": t, "max_points": Decimal(p), "guidance": d}
        for g, c, t, p, d in rules.DEFAULT_RUBRIC
    ]


@transaction.atomic
def rubric_current() -> Rubric:
    """The rubric in force; the default one (100 points) is installed the first time it is needed."""
    rubric = Rubric.objects.filter(active=True).first()
    if rubric is None:
        rubric = _write_rubric(
            actor=None,
            name="行政处罚案卷评查标准",
            items=default_items(),
            excellent_min=rules.DEFAULT_EXCELLENT_MIN,
            pass_min=rules.DEFAULT_PASS_MIN,
            note="默认评查标准",
        )
        audit_append(actor=None, action="evaluation.rubric_install", obj=rubric, payload={"version": 1})
    return rubric


@transaction.atomic
def rubric_create(*, actor, name: str, items: list[dict], excellent_min, pass_min, note: str = "") -> Rubric:
    """Put a new rubric version in force (the legal section). Reviews already scored keep theirs; the
    items must cover the seven parts and total 100 points, and none may score money (第七十四条)."""
    _require(actor, "evaluation.manage")
    rubric = _write_rubric(
        actor=actor, name=name, items=items, excellent_min=excellent_min, pass_min=pass_min, note=note
    )
    audit_append(
        actor=actor,
        action="evaluation.rubric_create",
        obj=rubric,
        payload={"version": rubric.version, "items": len(items)},
    )
    return rubric


# --- sampling ---------------------------------------------------------------------------------------


def _population(unit: Unit, start: dt.date, end: dt.date) -> list[int]:
    from sunshine.cases.models import Case

    from .selectors import subtree_ids

    return list(
        Case.objects.filter(
            unit_id__in=subtree_ids(unit),
            state__in=rules.REVIEWABLE_STATES,
            closed_on__gte=start,
            closed_on__lte=end,
            file_review__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def rule_selection(ids: list[int]) -> dict[int, str]:
    """Cases reviewed whatever the draw: a hearing, a major or complex case, a decision changed or revoked
    on reconsideration or litigation. Returns case id → reason."""
    from sunshine.cases.models import Case, Hearing, Remedy

    if not ids:
        return {}
    chosen: dict[int, str] = {}
    changed = Q(decision__remedy_outcome__in=["changed", "revoked"])
    changed_remedy = set(
        Remedy.objects.filter(case_id__in=ids, outcome__in=["changed", "revoked"]).values_list(
            "case_id", flat=True
        )
    )
    for pk in Case.objects.filter(pk__in=ids).filter(changed).values_list("pk", flat=True):
        chosen[pk] = Reason.CHANGED
    for pk in changed_remedy:
        chosen.setdefault(pk, Reason.CHANGED)
    for pk in (
        Hearing.objects.filter(case_id__in=ids).exclude(outcome="abandoned").values_list("case_id", flat=True)
    ):
        chosen.setdefault(pk, Reason.HEARING)
    major = Q(major=True) | Q(complex_case=True) | Q(major_public_interest=True)
    for pk in Case.objects.filter(pk__in=ids).filter(major).values_list("pk", flat=True):
        chosen.setdefault(pk, Reason.MAJOR)
    return chosen


@transaction.atomic
def draw_run(
    *, actor, unit: Unit, period_start: dt.date, period_end: dt.date, percentage, seed: str = ""
) -> SamplingDraw:
    """Select the closed cases of ``unit`` (and its sub-units) closed in the period for review: every case
    the rules name, then ``percentage`` % of the rest by the seeded draw (:func:`rules.sample`). The
    population, the seed and both selections are recorded so the draw can be repeated and checked."""
    _require(actor, "evaluation.manage")
    if period_end < period_start:
        raise RuleViolation(
            "evaluation.period",
            _("The period ends before it starts."),
            rules.CITE_SEED_002,
            field="period_end",
        )
    percentage = Decimal(str(percentage))
    if not (Decimal("0") < percentage <= Decimal("100")):
        raise RuleViolation(
            "evaluation.percentage",
            _("The share drawn is more than 0 and at most 100 per cent."),
            rules.CITE_SEED_002,
            field="percentage",
        )
    seed = (seed or "").strip()[:64] or secrets.token_hex(16)
    population = _population(unit, period_start, period_end)
    by_rule = rule_selection(population)
    rest = [pk for pk in population if pk not in by_rule]
    drawn = rules.sample(rest, percentage=percentage, seed=seed)
    draw = SamplingDraw.objects.create(
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        percentage=percentage,
        seed=seed,
        algorithm=rules.ALGORITHM,
        population=rest,
        random_ids=drawn,
        rule_ids=sorted(by_rule),
        drawn_by=actor,
    )
    from sunshine.cases.models import Case

    units = dict(Case.objects.filter(pk__in=[*by_rule, *drawn]).values_list("pk", "unit_id"))
    today = timezone.localdate()
    CaseFileReview.objects.bulk_create(
        [
            CaseFileReview(case_id=pk, unit_id=units[pk], reason=reason, draw=draw, selected_on=today)
            for pk, reason in [*sorted(by_rule.items()), *[(pk, Reason.RANDOM) for pk in drawn]]
        ]
    )
    audit_append(
        actor=actor,
        action="evaluation.draw_run",
        obj=draw,
        payload={
            "unit": unit.code,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "percentage": str(percentage),
            "seed": seed,
            "population": len(rest),
            "random": len(drawn),
            "rule": len(by_rule),
        },
    )
    return draw


def draw_verify(draw: SamplingDraw) -> bool:
    """Whether repeating the draw from its recorded population and seed gives the recorded result."""
    return rules.sample(draw.population, percentage=draw.percentage, seed=draw.seed) == list(draw.random_ids)


@transaction.atomic
def review_add(*, actor, case) -> CaseFileReview:
    """Put one closed case on the review list by hand (the legal section)."""
    _require(actor, "evaluation.manage")
    rules.assert_reviewable(case.state)
    if CaseFileReview.objects.filter(case=case).exists():
        raise RuleViolation(
            "evaluation.already_selected", _("This case is already on the review list."), rules.CITE_SEED_002
        )
    review = CaseFileReview.objects.create(
        case=case, unit_id=case.unit_id, reason=Reason.MANUAL, selected_on=timezone.localdate()
    )
    audit_append(actor=actor, action="evaluation.review_add", obj=review, payload={"case": case.number})
    return review


@transaction.atomic
def review_score(
    *, actor, review: CaseFileReview, deductions: list[dict], comments: str = ""
) -> CaseFileReview:
    """Score a selected case file against the rubric in force: each deduction names an item, its points
    and the reason. The reviewer never handled the case. The score goes on the ledger of every handler
    (seed 002: 逐件考核,累积记分)."""
    from sunshine.cases.models import CaseHandler

    _require(actor, "evaluation.review")
    review = CaseFileReview.objects.select_for_update(of=("self",)).select_related("case").get(pk=review.pk)
    if review.status == CaseFileReview.Status.DONE:
        raise RuleViolation(
            "evaluation.already_scored", _("This case file has already been scored."), rules.CITE_SEED_002
        )
    rules.assert_reviewable(review.case.state)
    reviewer = _staff_of(actor)
    handlers = list(CaseHandler.objects.filter(case_id=review.case_id).values_list("staff_id", flat=True))
    rules.assert_separation(reviewer_id=reviewer.pk if reviewer else None, handler_ids=handlers)
    rubric = rubric_current()
    items = {item.code: item for item in rubric.items.all()}
    score, cleaned = rules.score_deductions(
        items={code: item.max_points for code, item in items.items()}, deductions=deductions
    )
    today = timezone.localdate()
    review.rubric = rubric
    review.reviewer = reviewer
    review.score = score
    review.grade = rules.grade_for(score, excellent_min=rubric.excellent_min, pass_min=rubric.pass_min)
    review.comments = (comments or "")[:5000]
    review.status = CaseFileReview.Status.DONE
    review.reviewed_on = today
    review.year = today.year
    review.save(
        update_fields=["rubric", "reviewer", "score", "grade", "comments", "status", "reviewed_on", "year"]
    )
    Deduction.objects.bulk_create(
        [
            Deduction(review=review, item=items[d["item"]], points=d["points"], reason=d["reason"])
            for d in cleaned
        ]
    )
    deducted = sum((d["points"] for d in cleaned), Decimal("0"))
    ScoreEntry.objects.bulk_create(
        [
            ScoreEntry(
                staff_id=staff_id,
                unit_id=review.unit_id,
                year=today.year,
                kind=ScoreEntry.Kind.CASE_FILE,
                points=score,
                deducted=deducted,
                review=review,
                on=today,
            )
            for staff_id in sorted(set(handlers))
        ]
    )
    audit_append(
        actor=actor,
        action="evaluation.review_score",
        obj=review,
        payload={
            "case": review.case.number,
            "rubric": rubric.version,
            "score": str(score),
            "grade": review.grade,
            "deductions": [{"item": d["item"], "points": str(d["points"])} for d in cleaned],
        },
    )
    return review


# --- party evaluations ------------------------------------------------------------------------------


def token_for(invite: EvaluationInvite) -> str:
    """The signed token of an invitation (the same every time for the same invitation)."""
    return signing.dumps({"i": invite.pk, "n": invite.nonce}, salt=TOKEN_SALT, compress=True)


def invite_from_token(token: str) -> EvaluationInvite:
    """The invitation a token names; a forged or altered token is refused."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        invite = EvaluationInvite.objects.get(pk=int(data["i"]), nonce=str(data["n"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, EvaluationInvite.DoesNotExist) as exc:
        raise RuleViolation(
            "evaluation.link_invalid", _("This evaluation link is not valid."), rules.CITE_PARTY
        ) from exc
    return invite


def _open_invite(**subject) -> EvaluationInvite | None:
    return (
        EvaluationInvite.objects.filter(used_at__isnull=True, expires_at__gt=timezone.now(), **subject)
        .order_by("-issued_at")
        .first()
    )


@transaction.atomic
def invite_issue(*, case=None, request=None, actor=None) -> EvaluationInvite:
    """An invitation for the party of ``case`` (its handlers are rated) or the citizen of ``request``
    (the staff member who replied, else the first receiver). An open one is reused, so a document
    printed twice carries the same link."""
    if (case is None) == (request is None):
        raise ValueError("invite_issue needs exactly one of case and request")
    subject = {"case": case} if case is not None else {"request": request}
    existing = _open_invite(**subject)
    if existing is not None:
        return existing
    if case is not None:
        from sunshine.cases.models import CaseHandler

        officers = list(CaseHandler.objects.filter(case=case).values_list("staff_id", flat=True))
        unit_id = case.unit_id
    else:
        staff = _staff_of(request.replied_by) or _staff_of(request.first_receiver)
        officers = [staff.pk] if staff else []
        unit_id = request.unit_id or (staff.unit_id if staff else None)
        if unit_id is None:
            raise RuleViolation(
                "evaluation.no_unit", _("The request has no handling unit to evaluate."), rules.CITE_PARTY
            )
    now = timezone.now()
    invite = EvaluationInvite.objects.create(
        unit_id=unit_id,
        nonce=secrets.token_hex(16),
        issued_at=now,
        expires_at=now + dt.timedelta(days=rules.link_valid_days()),
        **subject,
    )
    invite.officers.set(officers)
    audit_append(
        actor=actor,
        action="evaluation.invite_issue",
        obj=invite,
        payload={"case": case.pk if case else None, "request": request.pk if request else None},
    )
    return invite


def evaluation_path(invite: EvaluationInvite) -> str:
    return reverse("evaluation_portal:rate", args=[token_for(invite)])


def evaluation_link(case=None, *, request=None, base_url: str = "") -> str:
    """The URL (with its signed single-use token) the party opens to rate the officers of ``case`` (or of a
    citizen ``request``). ``base_url`` is the portal's public address (documents: IssuingSettings.
    public_base_url); without it the path alone is returned."""
    invite = invite_issue(case=case, request=request)
    return f"{(base_url or '').rstrip('/')}{evaluation_path(invite)}"


def evaluation_qr_svg(case=None, *, request=None, base_url: str = "", data_uri: bool = False) -> str:
    """The QR code of :func:`evaluation_link` as SVG (or an SVG data URI for an <img> in a document)."""
    import io

    import segno

    qr = segno.make(evaluation_link(case, request=request, base_url=base_url), error="m")
    if data_uri:
        return qr.svg_data_uri(scale=4, border=1)
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=4, border=1, xmldecl=False)
    return out.getvalue().decode()


def invite_subject_state(invite: EvaluationInvite) -> dict:
    if invite.case_id:
        return {"case_state": invite.case.state}
    return {"request_status": invite.request.status}


@transaction.atomic
def evaluation_submit(*, token: str, rating: str, comment: str = "") -> PartyEvaluation:
    """The party's rating through the link (no login): once per link, before it expires, after the
    decision is served or the request replied to. Each rated officer's ledger gets the rating's points;
    a dissatisfied rating with a comment goes to the inspection office (seed 002)."""
    invite = invite_from_token(token)
    invite = (
        EvaluationInvite.objects.select_for_update(of=("self",))
        .select_related("case", "request")
        .get(pk=invite.pk)
    )
    now = timezone.now()
    rules.assert_invite_usable(used_at=invite.used_at, expires_at=invite.expires_at, now=now)
    rules.assert_rateable(**invite_subject_state(invite))
    if rating not in Rating.values:
        raise RuleViolation(
            "evaluation.rating", _("Choose one of the three ratings."), rules.CITE_PARTY, field="rating"
        )
    comment = (comment or "").strip()[:2000]
    today = timezone.localdate()
    evaluation = PartyEvaluation.objects.create(
        invite=invite,
        unit_id=invite.unit_id,
        rating=rating,
        comment=comment,
        submitted_at=now,
        year=today.year,
        needs_follow_up=rating == Rating.DISSATISFIED and bool(comment),
    )
    invite.used_at = now
    invite.save(update_fields=["used_at"])
    points = rules.rating_points(rating)
    ScoreEntry.objects.bulk_create(
        [
            ScoreEntry(
                staff_id=staff_id,
                unit_id=invite.unit_id,
                year=today.year,
                kind=ScoreEntry.Kind.PARTY,
                points=points,
                evaluation=evaluation,
                on=today,
            )
            for staff_id in sorted(invite.officers.values_list("pk", flat=True))
        ]
    )
    audit_append(
        actor=None,
        action="evaluation.party_submit",
        obj=evaluation,
        payload={"invite": invite.pk, "rating": rating, "follow_up": evaluation.needs_follow_up},
    )
    return evaluation


@transaction.atomic
def evaluation_follow_up(*, actor, evaluation: PartyEvaluation, note: str) -> PartyEvaluation:
    """The inspection office records how it followed up a dissatisfied rating."""
    _require(actor, "evaluation.follow_up")
    evaluation = PartyEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if not evaluation.needs_follow_up:
        raise RuleViolation(
            "evaluation.no_follow_up", _("This rating does not need a follow-up."), rules.CITE_PARTY
        )
    if evaluation.followed_up_at is not None:
        raise RuleViolation(
            "evaluation.followed_up", _("This rating has already been followed up."), rules.CITE_PARTY
        )
    note = (note or "").strip()
    if not note:
        raise RuleViolation(
            "evaluation.follow_up_note",
            _("Say how the rating was followed up."),
            rules.CITE_PARTY,
            field="note",
        )
    evaluation.followed_up_at = timezone.now()
    evaluation.followed_up_by = actor
    evaluation.follow_up_note = note[:5000]
    evaluation.save(update_fields=["followed_up_at", "followed_up_by", "follow_up_note"])
    audit_append(actor=actor, action="evaluation.follow_up", obj=evaluation, payload={})
    return evaluation
