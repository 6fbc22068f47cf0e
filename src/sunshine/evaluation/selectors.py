"""Reads of case-file scoring and evaluation, scoped to the acting user.

Bureau-wide roles (leaders, the legal section, the inspection office) see every unit; a squad leader sees
their squad; an officer sees the reviews of the cases they handled and their own scores. The yearly
figures are aggregates over indexed (year, unit) columns and the officers' ledger. No query here reads a
fine amount (《行政处罚法》第七十四条).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone

from sunshine.accounts.roles import Role, bureau_wide, has_role
from sunshine.org.models import Staff, Unit

from . import rules
from .indicators import unit_indicators
from .models import CaseFileReview, PartyEvaluation, Rating, ScoreEntry

ONE = Decimal("0.1")


def today():
    return timezone.localdate()


def user_staff(user) -> Staff | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_sunshine_staff"):
        user._sunshine_staff = Staff.objects.select_related("unit").filter(user=user).first()
    return user._sunshine_staff


def _round(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(ONE, rounding=ROUND_HALF_UP)


# --- scope --------------------------------------------------------------------------------------------


def visible_units(user) -> QuerySet[Unit]:
    """Units whose evaluation the user may read: all for bureau-wide roles, else their own subtree."""
    if bureau_wide(user):
        return Unit.objects.all()
    staff = user_staff(user)
    if staff is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=staff.unit.path)


def unit_get(user, pk: int) -> Unit:
    return visible_units(user).get(pk=pk)


def reviews(user) -> QuerySet[CaseFileReview]:
    """Reviews the user may read."""
    qs = CaseFileReview.objects.select_related("case", "unit", "reviewer", "rubric")
    if bureau_wide(user):
        return qs
    staff = user_staff(user)
    if staff is None:
        return qs.none()
    if has_role(user, Role.SQUAD_LEADER):
        return qs.filter(unit__path__startswith=staff.unit.path)
    return qs.filter(case__case_handlers__staff=staff)


def review_get(user, pk: int) -> CaseFileReview:
    return reviews(user).get(pk=pk)


def review_queue(user, *, status: str = "pending", unit_id: int | None = None) -> QuerySet[CaseFileReview]:
    """The reviewer's queue: selected case files not yet scored, excluding those the reviewer handled."""
    qs = reviews(user).filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    staff = user_staff(user)
    if status == CaseFileReview.Status.PENDING and staff is not None:
        qs = qs.exclude(case__case_handlers__staff=staff)
    return qs.order_by("selected_on", "id") if status == "pending" else qs.order_by("-reviewed_on", "-id")


def review_detail(review: CaseFileReview) -> dict:
    from sunshine.cases.models import CaseHandler

    handlers = list(CaseHandler.objects.filter(case_id=review.case_id).select_related("staff"))
    deductions = list(review.deductions.select_related("item"))
    rubric = review.rubric
    items = list(rubric.items.all()) if rubric else []
    return {"handlers": handlers, "deductions": deductions, "items": items}


# --- yearly figures -------------------------------------------------------------------------------------


def subtree_ids(unit: Unit) -> list[int]:
    """The unit and its sub-units (the path is read from the database, not from a stale instance)."""
    path = unit.path or Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).first()
    if not path:
        return [unit.pk]
    return list(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))


def _review_figures(qs, *, done: Q, pending: Q) -> dict:
    """One pass over the unit's reviews: the year's scored files and the files still to score."""
    agg = qs.aggregate(
        reviewed=Count("id", filter=done),
        average=Avg("score", filter=done),
        excellent=Count("id", filter=done & Q(grade="excellent")),
        passed=Count("id", filter=done & Q(grade="pass")),
        failed=Count("id", filter=done & Q(grade="fail")),
        pending=Count("id", filter=pending),
    )
    agg["average"] = _round(agg["average"])
    return agg


def _party_figures(qs) -> dict:
    agg = qs.aggregate(
        total=Count("id"),
        satisfied=Count("id", filter=Q(rating=Rating.SATISFIED)),
        basic=Count("id", filter=Q(rating=Rating.BASIC)),
        dissatisfied=Count("id", filter=Q(rating=Rating.DISSATISFIED)),
    )
    total = agg["total"]
    if total:
        points = sum(rules.rating_points(r) * agg[k] for r, k in _RATING_KEYS)
        agg["average"] = _round(points / total)
        agg["satisfaction"] = _round(Decimal(100 * (agg["satisfied"] + agg["basic"])) / total)
    else:
        agg["average"] = agg["satisfaction"] = None
    return agg


_RATING_KEYS = (
    (Rating.SATISFIED, "satisfied"),
    (Rating.BASIC, "basic"),
    (Rating.DISSATISFIED, "dissatisfied"),
)


def officer_rows(
    *, year: int, unit_ids: list[int] | None = None, staff_ids: list[int] | None = None
) -> list[dict]:
    """Per officer for the year, from the ledger: case files and their average, points deducted
    (accumulated), party ratings and their average, and the composite score; best first."""
    qs = ScoreEntry.objects.filter(year=year)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if staff_ids is not None:
        qs = qs.filter(staff_id__in=staff_ids)
    rows = (
        qs.values("staff_id", "staff__name", "staff__employee_no", "staff__unit__name")
        .annotate(
            case_files=Count("id", filter=Q(kind=ScoreEntry.Kind.CASE_FILE)),
            case_file_points=Sum("points", filter=Q(kind=ScoreEntry.Kind.CASE_FILE)),
            deducted=Sum("deducted", filter=Q(kind=ScoreEntry.Kind.CASE_FILE)),
            ratings=Count("id", filter=Q(kind=ScoreEntry.Kind.PARTY)),
            party_points=Sum("points", filter=Q(kind=ScoreEntry.Kind.PARTY)),
        )
        .order_by()
    )
    out = []
    for r in rows:
        case_avg = _round(r["case_file_points"] / r["case_files"]) if r["case_files"] else None
        party_avg = _round(r["party_points"] / r["ratings"]) if r["ratings"] else None
        out.append(
            {
                "staff_id": r["staff_id"],
                "name": r["staff__name"],
                "employee_no": r["staff__employee_no"],
                "unit": r["staff__unit__name"],
                "case_files": r["case_files"],
                "case_file_average": case_avg,
                "deducted": r["deducted"] or Decimal("0"),
                "ratings": r["ratings"],
                "party_average": party_avg,
                "composite": rules.composite(case_avg, party_avg),
            }
        )
    out.sort(key=lambda r: (-(r["composite"] or 0), r["employee_no"]))
    return out


def officer_year(staff: Staff, year: int) -> dict:
    """One officer's year: totals (:func:`officer_rows`) and the entries, case by case."""
    rows = officer_rows(year=year, staff_ids=[staff.pk])
    entries = list(
        ScoreEntry.objects.filter(staff=staff, year=year)
        .select_related("review__case", "evaluation")
        .only(
            "kind",
            "points",
            "deducted",
            "on",
            "year",
            "staff_id",
            "unit_id",
            "review__id",
            "review__grade",
            "review__score",
            "review__reason",
            "review__case__id",
            "review__case__number",
            "evaluation__id",
            "evaluation__rating",
            "evaluation__comment",
        )
        .order_by("-on", "-id")[:200]
    )
    return {"staff": staff, "year": year, "totals": rows[0] if rows else None, "entries": entries}


def unit_year(unit: Unit, year: int) -> dict:
    """The yearly evaluation of one unit (and its sub-units): case-file reviews, party evaluations, the
    composite, its officers, and the indicators other apps register. A fixed number of queries."""
    ids = subtree_ids(unit)
    done = Q(year=year, status=CaseFileReview.Status.DONE)
    pending_q = Q(status=CaseFileReview.Status.PENDING)
    review_qs = CaseFileReview.objects.filter(unit_id__in=ids).filter(done | pending_q)
    reviews_ = _review_figures(review_qs, done=done, pending=pending_q)
    pending = reviews_.pop("pending")
    party = _party_figures(PartyEvaluation.objects.filter(year=year, unit_id__in=ids))
    return {
        "unit": unit,
        "year": year,
        "reviews": reviews_,
        "pending": pending,
        "party": party,
        "composite": rules.composite(reviews_["average"], party["average"]),
        "weight": rules.party_weight(),
        "officers": officer_rows(year=year, unit_ids=ids),
        "indicators": unit_indicators(unit, year, ids),
    }


def rankings(year: int) -> list[dict]:
    """The yearly ranking of units with case files or ratings in the year, by composite score (ties by
    the case-file average, then by name). Two grouped queries."""
    reviews_ = {
        r["unit_id"]: r
        for r in CaseFileReview.objects.filter(year=year, status=CaseFileReview.Status.DONE)
        .values("unit_id")
        .annotate(
            reviewed=Count("id"),
            average=Avg("score"),
            failed=Count("id", filter=Q(grade="fail")),
        )
        .order_by()
    }
    party = {
        r["unit_id"]: r
        for r in PartyEvaluation.objects.filter(year=year)
        .values("unit_id")
        .annotate(
            total=Count("id"),
            satisfied=Count("id", filter=Q(rating=Rating.SATISFIED)),
            basic=Count("id", filter=Q(rating=Rating.BASIC)),
            dissatisfied=Count("id", filter=Q(rating=Rating.DISSATISFIED)),
        )
        .order_by()
    }
    units = {u.pk: u for u in Unit.objects.filter(pk__in=set(reviews_) | set(party))}
    rows = []
    for pk, unit in units.items():
        r = reviews_.get(pk, {})
        p = party.get(pk, {})
        total = p.get("total", 0)
        party_avg = (
            _round(sum(rules.rating_points(rt) * p.get(k, 0) for rt, k in _RATING_KEYS) / total)
            if total
            else None
        )
        case_avg = _round(r.get("average"))
        rows.append(
            {
                "unit": unit,
                "reviewed": r.get("reviewed", 0),
                "case_file_average": case_avg,
                "failed": r.get("failed", 0),
                "ratings": total,
                "party_average": party_avg,
                "satisfaction": _round(Decimal(100 * (p.get("satisfied", 0) + p.get("basic", 0))) / total)
                if total
                else None,
                "composite": rules.composite(case_avg, party_avg),
            }
        )
    rows.sort(key=lambda r: (-(r["composite"] or 0), -(r["case_file_average"] or 0), r["unit"].name))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def follow_up_queue(*, done: bool = False) -> QuerySet[PartyEvaluation]:
    """Dissatisfied ratings with a comment, for the inspection office (bureau-wide)."""
    return (
        PartyEvaluation.objects.filter(needs_follow_up=True, followed_up_at__isnull=not done)
        .select_related("unit", "invite__case", "invite__request")
        .prefetch_related("invite__officers")
        .order_by("submitted_at" if not done else "-followed_up_at", "id")
    )


def years(today_=None) -> list[int]:
    year = (today_ or today()).year
    return list(range(year, year - 5, -1))
