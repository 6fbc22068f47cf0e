"""REST API of statistics (``/api/v1/stats/...``): figures, the dashboard, reports and their exports."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability
from sunshine.org.models import Unit

from . import exports, rules, selectors, services
from .models import BureauReport, UnitReport
from .views import _download


class PeriodQuery(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=0, max_value=4)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all(), required=False)

    def validate(self, attrs):
        if "start" in attrs or "end" in attrs:
            if not ("start" in attrs and "end" in attrs):
                raise serializers.ValidationError("start and end go together.")
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError("end is before start.")
            if (attrs["end"] - attrs["start"]).days > 3660:
                raise serializers.ValidationError("At most ten years at a time.")
            return attrs
        year, quarter = rules.quarter_of(timezone.localdate())
        year = attrs.get("year", year)
        quarter = attrs.get("quarter", quarter if "year" not in attrs else 0)
        if quarter:
            attrs["start"], attrs["end"] = rules.quarter_bounds(year, quarter)
        else:
            attrs["start"], attrs["end"] = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return attrs


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    measure = serializers.CharField()
    section = serializers.CharField()
    value = serializers.CharField(help_text="A decimal as text; empty when a rate has no denominator.")


class FiguresSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    unit = serializers.CharField(allow_null=True)
    rows = RowSerializer(many=True)
    updated_at = serializers.CharField(allow_null=True)


PERIOD_PARAMS = [
    OpenApiParameter("year", int, description="Year (default: the current one)."),
    OpenApiParameter("quarter", int, description="1-4, or 0 for the whole year."),
    OpenApiParameter("start", dt.date, description="First day (with end, instead of year/quarter)."),
    OpenApiParameter("end", dt.date, description="Last day."),
    OpenApiParameter("unit", str, description="A unit's code, within what the user may see."),
]


class FiguresView(APIView):
    """The statistics table of a period for the user's scope (or one unit in it), from the fact tables."""

    required_capability = "stats.view"
    permission_classes = [HasCapability]

    @extend_schema(parameters=PERIOD_PARAMS, responses=FiguresSerializer, operation_id="stats_figures")
    def get(self, request):
        query = PeriodQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        return Response(selectors.figures(request.user, data["start"], data["end"], data.get("unit")))


class DashboardView(APIView):
    """Trends, 721 split, map points per grid, rankings of units and overdue items (fact tables only)."""

    required_capability = "stats.view"
    permission_classes = [HasCapability]

    @extend_schema(responses={200: dict}, operation_id="stats_dashboard")
    def get(self, request):
        return Response(selectors.dashboard(request.user))


class UnitReportSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    prepared_by = serializers.CharField(read_only=True)
    reviewed_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = UnitReport
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "quarter",
            "status",
            "figures",
            "note",
            "prepared_by",
            "submitted_at",
            "submissions",
            "late",
            "late_reason",
            "reviewed_by",
            "reviewed_at",
            "comments",
        ]
        read_only_fields = fields


class SubmitSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    late_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    comments = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class BureauReportSerializer(serializers.ModelSerializer):
    aggregated_by = serializers.CharField(read_only=True)
    published_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = BureauReport
        fields = [
            "id",
            "kind",
            "year",
            "quarter",
            "status",
            "figures",
            "by_unit",
            "aggregated_by",
            "aggregated_at",
            "published_by",
            "published_at",
            "published_late",
        ]
        read_only_fields = fields


class AggregateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=0, max_value=4, help_text="1-4, or 0 for the annual report.")


class UnitReportListView(APIView):
    """GET: the units' quarterly reports the user may see. POST: submit the user's unit's quarter."""

    required_capability = {"GET": "stats.view", "POST": "stats.submit"}
    permission_classes = [HasCapability]

    @extend_schema(responses=UnitReportSerializer(many=True), operation_id="stats_unit_reports_list")
    def get(self, request):
        rows = selectors.unit_reports(request.user)[:500]
        return Response(UnitReportSerializer(rows, many=True).data)

    @extend_schema(
        request=SubmitSerializer,
        responses={201: UnitReportSerializer},
        operation_id="stats_unit_report_submit",
    )
    def post(self, request):
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.unit_report_submit(actor=request.user, **data.validated_data)
        return Response(UnitReportSerializer(report).data, status=status.HTTP_201_CREATED)


class UnitReportDetailView(APIView):
    required_capability = "stats.view"
    permission_classes = [HasCapability]

    @extend_schema(responses=UnitReportSerializer, operation_id="stats_unit_report_detail")
    def get(self, request, pk: int):
        return Response(UnitReportSerializer(selectors.unit_report_for(request.user, pk)).data)


class UnitReportReviewView(APIView):
    """The legal section accepts the report or returns it with comments."""

    required_capability = "stats.review"
    permission_classes = [HasCapability]

    @extend_schema(
        request=ReviewSerializer, responses=UnitReportSerializer, operation_id="stats_unit_report_review"
    )
    def post(self, request, pk: int):
        report = selectors.unit_report_for(request.user, pk)
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.unit_report_review(actor=request.user, report=report, **data.validated_data)
        return Response(UnitReportSerializer(report).data)


class BureauReportListView(APIView):
    """GET: the bureau's reports. POST: aggregate a quarter (or the year, quarter 0)."""

    required_capability = {"GET": "stats.view", "POST": "stats.review"}
    permission_classes = [HasCapability]

    @extend_schema(responses=BureauReportSerializer(many=True), operation_id="stats_bureau_reports_list")
    def get(self, request):
        return Response(BureauReportSerializer(selectors.bureau_reports(request.user)[:200], many=True).data)

    @extend_schema(
        request=AggregateSerializer,
        responses={201: BureauReportSerializer},
        operation_id="stats_bureau_report_aggregate",
    )
    def post(self, request):
        data = AggregateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.bureau_report_aggregate(actor=request.user, **data.validated_data)
        return Response(BureauReportSerializer(report).data, status=status.HTTP_201_CREATED)


class BureauReportDetailView(APIView):
    required_capability = "stats.view"
    permission_classes = [HasCapability]

    @extend_schema(responses=BureauReportSerializer, operation_id="stats_bureau_report_detail")
    def get(self, request, pk: int):
        return Response(BureauReportSerializer(selectors.bureau_report_for(pk)).data)


class BureauReportPublishView(APIView):
    required_capability = "stats.publish"
    permission_classes = [HasCapability]

    @extend_schema(request=None, responses=BureauReportSerializer, operation_id="stats_bureau_report_publish")
    def post(self, request, pk: int):
        report = services.bureau_report_publish(actor=request.user, report=selectors.bureau_report_for(pk))
        return Response(BureauReportSerializer(report).data)


def _fmt(fmt: str) -> str:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    return fmt


class UnitReportExportView(APIView):
    """The report as an Excel workbook or a PDF, in the layout of a government statistics table."""

    required_capability = "stats.view"
    permission_classes = [HasCapability]

    @extend_schema(responses={200: bytes}, operation_id="stats_unit_report_export")
    def get(self, request, pk: int, fmt: str):
        report = selectors.unit_report_for(request.user, pk)
        name = f"stats-{report.unit.code}-{report.year}Q{report.quarter}"
        return _download(exports.unit_sheet(report), _fmt(fmt), name)


class BureauReportExportView(APIView):
    required_capability = "stats.view"
    permission_classes = [HasCapability]

    @extend_schema(responses={200: bytes}, operation_id="stats_bureau_report_export")
    def get(self, request, pk: int, fmt: str):
        report = selectors.bureau_report_for(pk)
        return _download(exports.bureau_sheet(report), _fmt(fmt), f"stats-{report}")


class PublishedReportListView(APIView):
    """Public: the bureau's published reports (open data, no login)."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=BureauReportSerializer(many=True), operation_id="stats_published_reports_list")
    def get(self, request):
        rows = selectors.bureau_reports(published_only=True)[:200]
        return Response(BureauReportSerializer(rows, many=True).data)
