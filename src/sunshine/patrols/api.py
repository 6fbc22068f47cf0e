"""The patrols API: patrols and their track, findings, shifts, coverage, conflict incidents."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability
from sunshine.org.models import Grid, Staff

from . import selectors, services
from .models import Assignment, Finding, Incident, IncidentUpdate, Patrol


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = [
            "id",
            "patrol",
            "at",
            "description",
            "lng",
            "lat",
            "outcome",
            "contact",
            "case",
            "request",
            "note",
        ]
        read_only_fields = fields


class PatrolSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Patrol
        fields = [
            "id",
            "staff",
            "staff_name",
            "unit",
            "assignment",
            "status",
            "started_at",
            "ended_at",
            "point_count",
            "distance_m",
            "note",
            "findings",
        ]
        read_only_fields = fields


class PatrolStartSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TrackPointInSerializer(serializers.Serializer):
    at = serializers.CharField()
    lng = serializers.FloatField()
    lat = serializers.FloatField()
    accuracy = serializers.FloatField(required=False, allow_null=True)


class TrackPointsInSerializer(serializers.Serializer):
    points = TrackPointInSerializer(many=True)


class FindingInSerializer(serializers.Serializer):
    description = serializers.CharField()
    lng = serializers.FloatField(required=False, allow_null=True)
    lat = serializers.FloatField(required=False, allow_null=True)


@extend_schema_view(
    get=extend_schema(operation_id="patrols_list"), post=extend_schema(request=PatrolStartSerializer)
)
class PatrolListStart(generics.ListCreateAPIView):
    """GET: patrols the caller may see. POST: start the caller's patrol (optionally under a shift)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "patrols.view", "POST": "patrols.log"}
    serializer_class = PatrolSerializer

    def get_queryset(self):
        return selectors.patrols(self.request.user).prefetch_related("findings")

    def create(self, request, *args, **kwargs):
        data = PatrolStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = None
        if data.validated_data.get("assignment"):
            assignment = selectors.assignment_get(user=request.user, pk=data.validated_data["assignment"])
        patrol = services.patrol_start(
            actor=request.user, assignment=assignment, note=data.validated_data["note"]
        )
        return Response(PatrolSerializer(patrol).data, status=status.HTTP_201_CREATED)


class PatrolDetail(generics.RetrieveAPIView):
    permission_classes = [HasCapability]
    required_capability = "patrols.view"
    serializer_class = PatrolSerializer

    def get_object(self):
        return selectors.patrol_get(user=self.request.user, pk=self.kwargs["pk"])


class PatrolPoints(APIView):
    """Append track points ``{"points": [{"at", "lng", "lat", "accuracy"}, ...]}`` (in time order)."""

    permission_classes = [HasCapability]
    required_capability = "patrols.log"

    @extend_schema(request=TrackPointsInSerializer, responses=PatrolSerializer)
    def post(self, request, pk):
        patrol = selectors.patrol_get(user=request.user, pk=pk)
        points = request.data.get("points") if isinstance(request.data, dict) else None
        services.patrol_add_points(actor=request.user, patrol=patrol, points=points)
        patrol.refresh_from_db()
        return Response(PatrolSerializer(patrol).data)


class PatrolEnd(APIView):
    permission_classes = [HasCapability]
    required_capability = "patrols.log"

    @extend_schema(request=None, responses=PatrolSerializer)
    def post(self, request, pk):
        patrol = selectors.patrol_get(user=request.user, pk=pk)
        patrol = services.patrol_end(
            actor=request.user, patrol=patrol, note=str(request.data.get("note", ""))
        )
        return Response(PatrolSerializer(patrol).data)


class PatrolFindings(APIView):
    permission_classes = [HasCapability]
    required_capability = "patrols.log"

    @extend_schema(request=FindingInSerializer, responses={201: FindingSerializer})
    def post(self, request, pk):
        patrol = selectors.patrol_get(user=request.user, pk=pk)
        data = FindingInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = services.finding_record(actor=request.user, patrol=patrol, **data.validated_data)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class FindingLinkSerializer(serializers.Serializer):
    case_number = serializers.CharField(required=False, allow_blank=True, default="")
    request_number = serializers.CharField(required=False, allow_blank=True, default="")
    nothing_reason = serializers.CharField(required=False, allow_blank=True, default="")


class FindingLink(APIView):
    """Link a finding to the case or request it led to, or close it with the reason nothing is needed."""

    permission_classes = [HasCapability]
    required_capability = "patrols.log"

    @extend_schema(request=FindingLinkSerializer, responses=FindingSerializer)
    def post(self, request, pk):
        finding = get_object_or_404(Finding.objects.filter(patrol__in=selectors.patrols(request.user)), pk=pk)
        data = FindingLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = services.finding_link(actor=request.user, finding=finding, **data.validated_data)
        return Response(FindingSerializer(finding).data)


class PatrolAssignmentSerializer(serializers.ModelSerializer):
    grid = serializers.PrimaryKeyRelatedField(queryset=Grid.objects.all())
    staff = serializers.PrimaryKeyRelatedField(queryset=Staff.objects.all(), many=True)

    class Meta:
        model = Assignment
        fields = ["id", "grid", "day", "starts_at", "ends_at", "staff", "note", "assigned_by", "created_at"]
        read_only_fields = ["id", "assigned_by", "created_at"]


class AssignmentListCreate(generics.ListCreateAPIView):
    permission_classes = [HasCapability]
    required_capability = {"GET": "patrols.view", "POST": "patrols.assign"}
    serializer_class = PatrolAssignmentSerializer

    def get_queryset(self):
        return selectors.assignments(self.request.user)

    def create(self, request, *args, **kwargs):
        data = PatrolAssignmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        assignment = services.assignment_create(actor=request.user, **values)
        return Response(PatrolAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class CoverageView(APIView):
    """Each visible grid on ``day`` (default today): its patrols, and whether they are enough."""

    permission_classes = [HasCapability]
    required_capability = "patrols.view"

    @extend_schema(parameters=[OpenApiParameter("day", OpenApiTypes.DATE)], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        day = parse_date(request.query_params.get("day", "") or "") or timezone.localdate()
        rows = selectors.coverage(request.user, day)
        return Response(
            {
                "day": day.isoformat(),
                "grids": [
                    {
                        "grid": r["grid"].code,
                        "squad": r["grid"].squad_id,
                        "patrols": r["patrols"],
                        "covered": r["covered"],
                    }
                    for r in rows
                ],
            }
        )


class IncidentUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentUpdate
        fields = ["id", "at", "by", "text"]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    updates = IncidentUpdateSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "occurred_at",
            "place",
            "lng",
            "lat",
            "unit",
            "description",
            "injuries",
            "staff",
            "case",
            "patrol",
            "evidence",
            "av_note",
            "reported_by",
            "reported_at",
            "government_informed_at",
            "superior_informed_at",
            "status",
            "outcome",
            "statement",
            "statement_published_on",
            "closed_at",
            "updates",
        ]
        read_only_fields = fields


class IncidentInSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    place = serializers.CharField()
    description = serializers.CharField()
    injuries = serializers.CharField(required=False, allow_blank=True, default="")
    lng = serializers.FloatField(required=False, allow_null=True, default=None)
    lat = serializers.FloatField(required=False, allow_null=True, default=None)
    staff = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    case = serializers.IntegerField(required=False, allow_null=True, default=None)
    patrol = serializers.IntegerField(required=False, allow_null=True, default=None)
    evidence = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    av_note = serializers.CharField(required=False, allow_blank=True, default="")


class IncidentListReport(generics.ListCreateAPIView):
    permission_classes = [HasCapability]
    required_capability = {"GET": "incidents.view", "POST": "incidents.report"}
    serializer_class = IncidentSerializer

    def get_queryset(self):
        return selectors.incidents(self.request.user).prefetch_related("updates", "staff", "evidence")

    @extend_schema(request=IncidentInSerializer, responses={201: IncidentSerializer})
    def post(self, request, *args, **kwargs):
        from sunshine.cases.selectors import case_queryset
        from sunshine.evidence.models import Item

        data = IncidentInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case_id, patrol_id = values.pop("case"), values.pop("patrol")
        case = get_object_or_404(case_queryset(request.user), pk=case_id) if case_id else None
        patrol = selectors.patrol_get(user=request.user, pk=patrol_id) if patrol_id else None
        staff = list(Staff.objects.filter(pk__in=values.pop("staff")))
        evidence = list(Item.objects.filter(pk__in=values.pop("evidence")))
        with transaction.atomic():
            incident = services.incident_report(
                actor=request.user, case=case, patrol=patrol, staff=staff, evidence=evidence, **values
            )
        return Response(IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)


class IncidentDetail(generics.RetrieveAPIView):
    permission_classes = [HasCapability]
    required_capability = "incidents.view"
    serializer_class = IncidentSerializer

    def get_object(self):
        return selectors.incident_get(user=self.request.user, pk=self.kwargs["pk"])


class IncidentInformSerializer(serializers.Serializer):
    government_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    superior_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class IncidentFollowSerializer(serializers.Serializer):
    text = serializers.CharField()


class IncidentCloseSerializer(serializers.Serializer):
    outcome = serializers.CharField(allow_blank=True)
    statement = serializers.CharField(required=False, allow_blank=True, default="")
    statement_published_on = serializers.DateField(required=False, allow_null=True, default=None)


def _incident_step(serializer_class, service, capability):
    class Step(APIView):
        permission_classes = [HasCapability]
        required_capability = capability

        @extend_schema(request=serializer_class, responses=IncidentSerializer)
        def post(self, request, pk):
            incident = selectors.incident_get(user=request.user, pk=pk)
            data = serializer_class(data=request.data)
            data.is_valid(raise_exception=True)
            service(actor=request.user, incident=incident, **data.validated_data)
            return Response(IncidentSerializer(selectors.incident_get(user=request.user, pk=pk)).data)

    Step.__name__ = Step.__qualname__ = f"Incident{service.__name__.title().replace('_', '')}"
    Step.__doc__ = service.__doc__
    return Step


IncidentInform = _incident_step(IncidentInformSerializer, services.incident_inform, "incidents.report")
IncidentFollowUp = _incident_step(IncidentFollowSerializer, services.incident_follow_up, "incidents.report")
IncidentClose = _incident_step(IncidentCloseSerializer, services.incident_close, "incidents.manage")
