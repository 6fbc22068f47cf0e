"""REST API of case-file scoring and evaluation (``/api/v1/evaluation/...``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.masking import scrub
from sunshine.core.permissions import HasCapability
from sunshine.org.models import Unit

from . import rules, selectors, services
from .models import CaseFileReview, Group, PartyEvaluation, Rating, Rubric, RubricItem, SamplingDraw

# --- serializers ------------------------------------------------------------


class ScoringRubricItemSerializer(serializers.ModelSerializer):
    group = serializers.ChoiceField(choices=Group.choices)
    max_points = serializers.DecimalField(max_digits=6, decimal_places=1)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = RubricItem
        fields = ["group", "code", "title", "max_points", "guidance"]


class ScoringRubricSerializer(serializers.ModelSerializer):
    items = ScoringRubricItemSerializer(many=True)

    class Meta:
        model = Rubric
        fields = [
            "id",
            "version",
            "name",
            "excellent_min",
            "pass_min",
            "active",
            "note",
            "created_at",
            "items",
        ]
        read_only_fields = ["id", "version", "active", "created_at"]


class SamplingDrawSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    seed = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    class Meta:
        model = SamplingDraw
        fields = [
            "id",
            "unit",
            "period_start",
            "period_end",
            "percentage",
            "seed",
            "algorithm",
            "rule_ids",
            "random_ids",
            "drawn_at",
        ]
        read_only_fields = ["id", "algorithm", "rule_ids", "random_ids", "drawn_at"]


class CaseFileDeductionOutSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.code")
    title = serializers.CharField(source="item.title")
    points = serializers.DecimalField(max_digits=6, decimal_places=1)
    reason = serializers.CharField()


class CaseFileReviewSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number")
    case_id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.code")
    rubric = serializers.IntegerField(source="rubric.version", allow_null=True, default=None)
    reviewer = serializers.CharField(source="reviewer.name", allow_null=True, default=None)

    class Meta:
        model = CaseFileReview
        fields = [
            "id",
            "case",
            "case_id",
            "unit",
            "reason",
            "status",
            "rubric",
            "reviewer",
            "score",
            "grade",
            "comments",
            "selected_on",
            "reviewed_on",
        ]


class CaseFileDeductionSerializer(serializers.Serializer):
    item = serializers.CharField(max_length=16)
    points = serializers.DecimalField(max_digits=6, decimal_places=1)
    reason = serializers.CharField(max_length=2000)


class CaseFileScoreSerializer(serializers.Serializer):
    deductions = CaseFileDeductionSerializer(many=True, allow_empty=True)
    comments = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReviewAddSerializer(serializers.Serializer):
    case = serializers.IntegerField()


class PartyFollowUpSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000)


class PartyRatingSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _year(request) -> int:
    try:
        year = int(request.query_params.get("year") or 0)
    except ValueError:
        year = 0
    return year or timezone.localdate().year


def _decimal(value):
    return None if value is None else str(value)


def _officer_json(row: dict) -> dict:
    return {
        "employee_no": row["employee_no"],
        "name": row["name"],
        "unit": row["unit"],
        "case_files": row["case_files"],
        "case_file_average": _decimal(row["case_file_average"]),
        "deducted": _decimal(row["deducted"]),
        "ratings": row["ratings"],
        "party_average": _decimal(row["party_average"]),
        "composite": _decimal(row["composite"]),
    }


# --- rubric ------------------------------------------------------------


class RubricListView(APIView):
    """Rubric versions (newest first); POST puts a new version in force (items total 100 points)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "evaluation.view_reviews", "POST": "evaluation.manage"}

    @extend_schema(responses=ScoringRubricSerializer(many=True))
    def get(self, request):
        services.rubric_current()
        return Response(ScoringRubricSerializer(Rubric.objects.prefetch_related("items"), many=True).data)

    @extend_schema(request=ScoringRubricSerializer, responses={201: ScoringRubricSerializer})
    def post(self, request):
        data = ScoringRubricSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        rubric = services.rubric_create(
            actor=request.user,
            name=v["name"],
            items=[dict(i) for i in v["items"]],
            excellent_min=v["excellent_min"],
            pass_min=v["pass_min"],
            note=v.get("note", ""),
        )
        return Response(ScoringRubricSerializer(rubric).data, status=status.HTTP_201_CREATED)


class RubricDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "evaluation.view_reviews"

    @extend_schema(responses=ScoringRubricSerializer)
    def get(self, request, pk: int):
        return Response(ScoringRubricSerializer(get_object_or_404(Rubric, pk=pk)).data)


# --- sampling ------------------------------------------------------------


class DrawListView(APIView):
    """Sampling draws; POST runs one (rule selection, then the seeded random share)."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.manage"

    @extend_schema(responses=SamplingDrawSerializer(many=True))
    def get(self, request):
        return Response(
            SamplingDrawSerializer(SamplingDraw.objects.select_related("unit")[:200], many=True).data
        )

    @extend_schema(request=SamplingDrawSerializer, responses={201: SamplingDrawSerializer})
    def post(self, request):
        data = SamplingDrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draw = services.draw_run(actor=request.user, **data.validated_data)
        return Response(SamplingDrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class DrawDetailView(APIView):
    """One draw with its population and whether repeating it gives the same cases."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.manage"

    @extend_schema(responses=SamplingDrawSerializer)
    def get(self, request, pk: int):
        draw = get_object_or_404(SamplingDraw, pk=pk)
        return Response(
            {
                **SamplingDrawSerializer(draw).data,
                "population": draw.population,
                "verified": services.draw_verify(draw),
            }
        )


# --- reviews ------------------------------------------------------------


class ReviewListView(APIView):
    """Reviews the user may read (``?status=pending|done``); ``?queue=1`` is the reviewer's queue, without the
    cases they handled."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.view_reviews"

    @extend_schema(responses=CaseFileReviewSerializer(many=True))
    def get(self, request):
        wanted = request.query_params.get("status", "")
        if request.query_params.get("queue"):
            qs = selectors.review_queue(request.user, status=wanted or "pending")
        else:
            qs = selectors.reviews(request.user)
            if wanted in CaseFileReview.Status.values:
                qs = qs.filter(status=wanted)
        return Response(CaseFileReviewSerializer(qs[:500], many=True).data)


class ReviewAddView(APIView):
    """Put one closed case on the review list by hand."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.manage"

    @extend_schema(request=ReviewAddSerializer, responses={201: CaseFileReviewSerializer})
    def post(self, request):
        from sunshine.cases.models import Case

        data = ReviewAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = get_object_or_404(Case, pk=data.validated_data["case"])
        review = services.review_add(actor=request.user, case=case)
        return Response(CaseFileReviewSerializer(review).data, status=status.HTTP_201_CREATED)


def _review(request, pk: int) -> CaseFileReview:
    try:
        return selectors.review_get(request.user, pk)
    except CaseFileReview.DoesNotExist as exc:
        raise Http404 from exc


class ReviewDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "evaluation.view_reviews"

    @extend_schema(responses=CaseFileReviewSerializer)
    def get(self, request, pk: int):
        review = _review(request, pk)
        return Response(
            {
                **CaseFileReviewSerializer(review).data,
                "deductions": CaseFileDeductionOutSerializer(
                    review.deductions.select_related("item"), many=True
                ).data,
            }
        )


class ReviewScoreView(APIView):
    """Score the case file: ``{"deductions": [{"item", "points", "reason"}], "comments"}`` (an empty list is
    full marks). Refused with 422 for a case the reviewer handled."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.review"

    @extend_schema(request=CaseFileScoreSerializer, responses=CaseFileReviewSerializer)
    def post(self, request, pk: int):
        review = _review(request, pk)
        data = CaseFileScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_score(
            actor=request.user,
            review=review,
            deductions=[dict(d) for d in data.validated_data["deductions"]],
            comments=data.validated_data["comments"],
        )
        return Response(CaseFileReviewSerializer(review).data)


# --- yearly figures ------------------------------------------------------------


class RankingsView(APIView):
    """The yearly ranking of units (``?year=``), by composite score. No fine amount enters it (第七十四条)."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.view"

    @extend_schema(responses={200: dict})
    def get(self, request):
        year = _year(request)
        rows = [
            {
                "rank": r["rank"],
                "unit": r["unit"].code,
                "name": r["unit"].name,
                "composite": _decimal(r["composite"]),
                "reviewed": r["reviewed"],
                "case_file_average": _decimal(r["case_file_average"]),
                "failed": r["failed"],
                "ratings": r["ratings"],
                "party_average": _decimal(r["party_average"]),
                "satisfaction": _decimal(r["satisfaction"]),
            }
            for r in selectors.rankings(year)
        ]
        return Response({"year": year, "party_weight": str(rules.party_weight()), "units": rows})


class UnitYearView(APIView):
    """The yearly evaluation of one unit and its sub-units."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.view"

    @extend_schema(responses={200: dict})
    def get(self, request, pk: int, year: int):
        try:
            unit = selectors.unit_get(request.user, pk)
        except Unit.DoesNotExist as exc:
            raise Http404 from exc
        data = selectors.unit_year(unit, year)
        return Response(
            {
                "unit": unit.code,
                "name": unit.name,
                "year": year,
                "reviews": {k: _decimal(v) if k == "average" else v for k, v in data["reviews"].items()},
                "pending": data["pending"],
                "party": {
                    k: _decimal(v) if k in ("average", "satisfaction") else v
                    for k, v in data["party"].items()
                },
                "party_weight": str(data["weight"]),
                "composite": _decimal(data["composite"]),
                "indicators": [
                    {"key": i.get("key", ""), "title": str(i["title"]), "value": i["value"]}
                    for i in data["indicators"]
                ],
                "officers": [_officer_json(r) for r in data["officers"]],
            }
        )


class MineView(APIView):
    """The acting officer's own scores for the year (``?year=``), case by case."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.own"

    @extend_schema(responses={200: dict})
    def get(self, request):
        staff = selectors.user_staff(request.user)
        if staff is None:
            raise Http404
        data = selectors.officer_year(staff, _year(request))
        return Response(
            {
                "year": data["year"],
                "totals": _officer_json(data["totals"]) if data["totals"] else None,
                "entries": [
                    {
                        "kind": e.kind,
                        "on": e.on,
                        "points": str(e.points),
                        "deducted": str(e.deducted),
                        "case": e.review.case.number if e.review_id else None,
                        "review": e.review_id,
                        "grade": e.review.grade if e.review_id else None,
                        "rating": e.evaluation.rating if e.evaluation_id else None,
                        "comment": scrub(e.evaluation.comment) if e.evaluation_id else None,
                    }
                    for e in data["entries"]
                ],
            }
        )


# --- party evaluations ------------------------------------------------------------


def _evaluation_json(e: PartyEvaluation) -> dict:
    return {
        "id": e.id,
        "unit": e.unit.code,
        "case": e.invite.case.number if e.invite.case_id else None,
        "request": e.invite.request.tracking_no if e.invite.request_id else None,
        "officers": [o.name for o in e.invite.officers.all()],
        "rating": e.rating,
        "comment": scrub(e.comment),
        "submitted_at": e.submitted_at,
        "followed_up_at": e.followed_up_at,
        "follow_up_note": scrub(e.follow_up_note),
    }


class FollowUpQueueView(APIView):
    """Dissatisfied ratings with a comment (``?done=1`` for those followed up), masked."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.follow_up"

    @extend_schema(responses={200: dict})
    def get(self, request):
        rows = selectors.follow_up_queue(done=request.query_params.get("done") == "1")[:500]
        return Response([_evaluation_json(e) for e in rows])


class FollowUpView(APIView):
    permission_classes = [HasCapability]
    required_capability = "evaluation.follow_up"

    @extend_schema(request=PartyFollowUpSerializer, responses={200: dict})
    def post(self, request, pk: int):
        evaluation = get_object_or_404(PartyEvaluation, pk=pk)
        data = PartyFollowUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = services.evaluation_follow_up(
            actor=request.user, evaluation=evaluation, **data.validated_data
        )
        return Response(_evaluation_json(evaluation))


class CaseLinkView(APIView):
    """The party's evaluation link of a case (issued once and reused while unused and unexpired)."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.link"

    @extend_schema(request=None, responses={200: dict})
    def post(self, request, case_pk: int):
        from sunshine.cases.selectors import case_queryset

        case = case_queryset(request.user).filter(pk=case_pk).first()
        if case is None:
            raise Http404
        invite = services.invite_issue(case=case, actor=request.user)
        url = request.build_absolute_uri(services.evaluation_path(invite))
        return Response({"url": url, "expires_at": invite.expires_at, "used": invite.used_at is not None})


class RequestLinkView(APIView):
    """The citizen's evaluation link of a request (the staff member who replied is rated)."""

    permission_classes = [HasCapability]
    required_capability = "evaluation.request_link"

    @extend_schema(request=None, responses={200: dict})
    def post(self, request, request_pk: int):
        from sunshine.service.selectors import request_get

        invite = services.invite_issue(request=request_get(request.user, request_pk), actor=request.user)
        url = request.build_absolute_uri(services.evaluation_path(invite))
        return Response({"url": url, "expires_at": invite.expires_at, "used": invite.used_at is not None})


class PublicRatingView(APIView):
    """Public (no login): GET what the token names, POST ``{"rating", "comment"}`` once."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: dict})
    def get(self, request, token: str):
        invite = services.invite_from_token(token)
        rules.assert_invite_usable(used_at=invite.used_at, expires_at=invite.expires_at, now=timezone.now())
        rules.assert_rateable(**services.invite_subject_state(invite))
        return Response(
            {
                "unit": invite.unit.name,
                "subject": invite.case.number if invite.case_id else invite.request.tracking_no,
                "ratings": [value for value, _label in Rating.choices],
                "expires_at": invite.expires_at,
            }
        )

    @extend_schema(request=PartyRatingSerializer, responses={201: dict})
    def post(self, request, token: str):
        data = PartyRatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = services.evaluation_submit(token=token, **data.validated_data)
        return Response({"rating": evaluation.rating}, status=status.HTTP_201_CREATED)
