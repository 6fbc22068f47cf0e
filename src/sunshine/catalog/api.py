"""REST API of the power list (``/api/v1/catalog/``), for staff with ``catalog.view``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability

from . import rules, selectors
from .models import (
    BenchmarkTier,
    Category,
    Matter,
    MatterVersion,
    PartyKind,
    PenaltyKind,
    RegionalSettings,
    ReviewCatalogRule,
    Severity,
)
from .services import VERSION_FIELDS

VIEW = "catalog.view"


class TierSerializer(serializers.ModelSerializer):
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)

    class Meta:
        model = BenchmarkTier
        fields = [
            "severity",
            "severity_label",
            "conditions",
            "fine_individual_min",
            "fine_individual_max",
            "fine_org_min",
            "fine_org_max",
            "fine_rate_min",
            "fine_rate_max",
            "other_penalties",
            "first_violation_waiver",
            "bureau_setting",
        ]


class VersionSerializer(serializers.ModelSerializer):
    tiers = serializers.SerializerMethodField()

    class Meta:
        model = MatterVersion
        fields = ["number", "effective_from", "effective_to", *VERSION_FIELDS, "tiers"]

    @extend_schema(responses=TierSerializer(many=True))
    def get_tiers(self, version) -> list[dict]:
        return TierSerializer(selectors.tiers_sorted(version), many=True).data


class MatterListSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Matter
        fields = ["code", "name", "category", "category_label", "active", "current_version"]

    def get_current_version(self, matter) -> dict | None:
        versions = getattr(matter, "current_versions", None)
        if not versions:
            return None
        version = versions[0]
        return {
            "number": version.number,
            "effective_from": version.effective_from.isoformat(),
            "penalty_law": version.penalty_law,
            "penalty_article": version.penalty_article,
        }


class MatterDetailSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = Matter
        fields = ["code", "name", "category", "category_label", "active", "current_version"]

    @extend_schema(responses=VersionSerializer)
    def get_current_version(self, matter) -> dict | None:
        versions = getattr(matter, "current_versions", None)
        return VersionSerializer(versions[0]).data if versions else None


class ReviewRuleSerializer(serializers.ModelSerializer):
    matter = serializers.CharField(source="matter.code", default=None, read_only=True)

    class Meta:
        model = ReviewCatalogRule
        fields = [
            "id",
            "title",
            "description",
            "citation",
            "matter",
            "category",
            "penalty_kind",
            "amount_individual_from",
            "amount_org_from",
            "when_hearing_held",
            "when_complex_case",
            "when_major_public_interest",
        ]


class SettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegionalSettings
        fields = [
            "hearing_threshold_individual",
            "hearing_threshold_org",
            "publication_years_individual",
            "publication_years_org",
            "ladder_window_months",
            "decision_publication_working_days",
            "other_decision_publication_working_days",
            "updated_at",
        ]


class MatterList(generics.ListAPIView):
    """The power list: ``?search=`` (code, name, law) and ``?category=``; paginated."""

    permission_classes = [HasCapability]
    required_capability = VIEW
    serializer_class = MatterListSerializer
    filter_backends: list = []

    def get_queryset(self):
        category = self.request.query_params.get("category", "")
        if category and category not in Category.values:
            raise serializers.ValidationError({"category": [_("Unknown category.")]})
        return selectors.matter_list(
            user=self.request.user, search=self.request.query_params.get("search", ""), category=category
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Code, name or law"),
            OpenApiParameter("category", str, enum=Category.values),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MatterDetail(APIView):
    """One matter with its version in force today and that version's benchmark tiers."""

    permission_classes = [HasCapability]
    required_capability = VIEW

    @extend_schema(responses=MatterDetailSerializer)
    def get(self, request, code):
        matter = (
            Matter.objects.filter(code=code).prefetch_related(selectors.current_version_prefetch()).first()
        )
        if matter is None:
            selectors.matter_get(user=request.user, code=code)  # raises the 404
        return Response(MatterDetailSerializer(matter).data)


class MatterVersions(APIView):
    """Every version of a matter, newest first, each with its tiers."""

    permission_classes = [HasCapability]
    required_capability = VIEW

    @extend_schema(responses=VersionSerializer(many=True))
    def get(self, request, code):
        matter = selectors.matter_get(user=request.user, code=code)
        return Response(VersionSerializer(selectors.matter_versions(matter), many=True).data)


class ReviewRuleList(generics.ListAPIView):
    """The active lines of the major-decision review catalog (重大执法决定法制审核目录清单)."""

    permission_classes = [HasCapability]
    required_capability = VIEW
    serializer_class = ReviewRuleSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return selectors.review_rules()


class SettingsView(APIView):
    """The regional settings (hearing thresholds, publication periods and deadlines, ladder window)."""

    permission_classes = [HasCapability]
    required_capability = VIEW

    @extend_schema(responses=SettingsSerializer)
    def get(self, request):
        return Response(SettingsSerializer(RegionalSettings.current()).data)


class CheckPenaltySerializer(serializers.Serializer):
    matter = serializers.CharField(max_length=16)
    on = serializers.DateField(required=False, help_text="Day of the act (default today).")
    severity = serializers.ChoiceField(choices=Severity.choices)
    party_kind = serializers.ChoiceField(choices=PartyKind.choices)
    penalty_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=PenaltyKind.choices), allow_empty=False
    )
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    base_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    confiscation_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    hearing_held = serializers.BooleanField(default=False)
    complex_case = serializers.BooleanField(default=False)
    major_public_interest = serializers.BooleanField(default=False)

    def validate_matter(self, value):
        matter = Matter.objects.filter(code=value).first()
        if matter is None:
            raise serializers.ValidationError(_("No matter has this code."))
        return matter


class CheckPenaltyResult(serializers.Serializer):
    ok = serializers.BooleanField()
    matter = serializers.CharField()
    version = serializers.IntegerField()
    tier = TierSerializer()
    hearing_available = serializers.BooleanField()
    hearing_grounds = serializers.ListField(child=serializers.CharField())
    legal_review_required = serializers.BooleanField()
    legal_review_reasons = serializers.ListField(child=serializers.DictField())


class CheckPenalty(APIView):
    """Validate a proposed penalty against the benchmark of the version in force on the day of the act.

    200 with the tier applied, whether a hearing may be requested and whether legal review is needed;
    422 with the benchmark cited when the penalty is outside its tier or the statutory range; 400 for
    malformed input; 404 for an unknown matter.
    """

    permission_classes = [HasCapability]
    required_capability = VIEW

    @extend_schema(request=CheckPenaltySerializer, responses=CheckPenaltyResult)
    def post(self, request):
        form = CheckPenaltySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        matter = data["matter"]
        version = selectors.version_in_force(matter, on=data.get("on"))
        amount = data.get("amount")
        tier = rules.check_penalty_within_benchmark(
            version=version,
            severity=data["severity"],
            party_kind=data["party_kind"],
            amount=amount,
            penalty_kinds=data["penalty_kinds"],
            base_amount=data.get("base_amount"),
        )
        grounds = rules.hearing_grounds(
            penalty_kinds=data["penalty_kinds"],
            amount=amount,
            party_kind=data["party_kind"],
            confiscation_value=data.get("confiscation_value"),
        )
        reasons = rules.requires_legal_review(
            version=version,
            penalty_kinds=data["penalty_kinds"],
            amount=amount,
            party_kind=data["party_kind"],
            hearing_held=data["hearing_held"],
            complex_case=data["complex_case"],
            major_public_interest=data["major_public_interest"],
        )
        return Response(
            {
                "ok": True,
                "matter": matter.code,
                "version": version.number,
                "tier": TierSerializer(tier).data,
                "hearing_available": bool(grounds),
                "hearing_grounds": grounds,
                "legal_review_required": bool(reasons),
                "legal_review_reasons": [r.as_dict() for r in reasons],
            }
        )
