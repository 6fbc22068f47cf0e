"""Read-only REST API of the organisation, scoped like the staff pages (selectors)."""

from __future__ import annotations

from django.utils.encoding import force_str
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.accounts.roles import has_capability
from sunshine.core.permissions import HasCapability

from . import rules, selectors
from .models import BodyCamera, Certificate, Grid, Staff, Unit, Vehicle
from .services import grid_for_point


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class UnitSerializer(serializers.ModelSerializer):
    officers = serializers.IntegerField(read_only=True)
    qualified = serializers.IntegerField(read_only=True)
    auxiliaries = serializers.IntegerField(read_only=True)
    civilians = serializers.IntegerField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "path",
            "phone",
            "address",
            "duties",
            "officers",
            "qualified",
            "auxiliaries",
            "civilians",
        ]


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "enforcement_category",
            "enforcement_area",
            "issued_on",
            "expires_on",
            "status",
        ]


class ProblemSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    citation = serializers.CharField()


class QualificationSerializer(serializers.Serializer):
    on = serializers.DateField()
    qualified = serializers.BooleanField()
    problems = ProblemSerializer(many=True)


class TrainingYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    required = serializers.DecimalField(max_digits=6, decimal_places=1)
    met = serializers.BooleanField()


class StaffSerializer(serializers.ModelSerializer):
    """One person in a list: the certificate in force today (or the latest) and the verdict."""

    unit = UnitRefSerializer(read_only=True)
    qualified = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Staff
        fields = [
            "id",
            "employee_no",
            "name",
            "kind",
            "status",
            "title",
            "unit",
            "is_legal_reviewer",
            "qualified",
            "certificate",
        ]

    def _today(self):
        return self.context.setdefault("today", selectors.today())

    def get_qualified(self, obj) -> bool:
        return rules.is_qualified(obj, on=self._today())

    @extend_schema_field(CertificateSerializer(allow_null=True))
    def get_certificate(self, obj):
        certificate = rules.certificate_for(obj, on=self._today()) or next(iter(obj.certificates.all()), None)
        return CertificateSerializer(certificate).data if certificate else None


class StaffDetailSerializer(StaffSerializer):
    """One person in full: certificates, the qualification verdict with reasons, training by year."""

    certificates = CertificateSerializer(many=True, read_only=True)
    qualification = serializers.SerializerMethodField()
    training = serializers.SerializerMethodField()
    body_cameras = serializers.SlugRelatedField(many=True, read_only=True, slug_field="serial")

    class Meta(StaffSerializer.Meta):
        fields = [
            *StaffSerializer.Meta.fields,
            "gender",
            "phone",
            "hired_on",
            "legal_professional_qualification",
            "certificates",
            "qualification",
            "training",
            "body_cameras",
        ]

    @extend_schema_field(QualificationSerializer)
    def get_qualification(self, obj):
        on = self._today()
        problems = rules.qualification_problems(obj, on=on)
        return {
            "on": on.isoformat(),
            "qualified": not problems,
            "problems": [
                {"code": p.code, "message": force_str(p.message), "citation": force_str(p.citation)}
                for p in problems
            ],
        }

    @extend_schema_field(TrainingYearSerializer(many=True))
    def get_training(self, obj):
        request = self.context.get("request")
        if request is None or not has_capability(request.user, "org.view_training"):
            return []
        return [
            {"year": y["year"], "hours": str(y["hours"]), "required": str(y["required"]), "met": y["met"]}
            for y in rules.training_by_year(obj.training_records.all())
        ]


class GridSerializer(serializers.ModelSerializer):
    squad = UnitRefSerializer(read_only=True)
    bbox = serializers.SerializerMethodField()

    class Meta:
        model = Grid
        fields = ["id", "code", "name", "squad", "polygon", "bbox"]

    def get_bbox(self, obj) -> list[float]:
        return [obj.min_lng, obj.min_lat, obj.max_lng, obj.max_lat]


class StaffRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Staff
        fields = ["id", "employee_no", "name", "kind"]


class BodyCameraSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    assigned_to = StaffRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = BodyCamera
        fields = ["id", "serial", "model_name", "unit", "assigned_to", "status"]


class VehicleSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = Vehicle
        fields = ["id", "plate", "kind", "unit", "status"]


class _OrgView:
    permission_classes = [HasCapability]
    required_capability = "org.view"
    filter_backends: list = []


class UnitListView(_OrgView, generics.ListAPIView):
    """The bureau's units in tree order, with head counts."""

    serializer_class = UnitSerializer

    def get_queryset(self):
        return selectors.tree_order(list(selectors.unit_list(user=self.request.user)))


STAFF_FILTERS = [
    OpenApiParameter("q", str, description="Name, employee number or certificate number"),
    OpenApiParameter("unit", int, description="Unit id (includes its sub-units)"),
    OpenApiParameter("kind", str, enum=Staff.Kind.values),
    OpenApiParameter("status", str, enum=Staff.Status.values),
    OpenApiParameter("qualified", str, enum=["yes", "no"]),
]


@extend_schema(parameters=STAFF_FILTERS)
class StaffListView(_OrgView, generics.ListAPIView):
    """Staff the caller may see (their squad, or the whole bureau for bureau-wide roles)."""

    serializer_class = StaffSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = {key: params.get(key) for key in ("q", "unit", "kind", "status", "qualified")}
        return selectors.staff_list(user=self.request.user, filters=filters)


class StaffDetailView(_OrgView, generics.RetrieveAPIView):
    """One staff member with certificates, qualification (and why not) and training by year."""

    serializer_class = StaffDetailSerializer

    def get_object(self):
        return selectors.staff_get(user=self.request.user, pk=self.kwargs["pk"])


class GridListView(_OrgView, generics.ListAPIView):
    """Every grid with its owning squad and polygon (GeoJSON)."""

    serializer_class = GridSerializer

    def get_queryset(self):
        return selectors.grid_list(user=self.request.user)


class LocateQuerySerializer(serializers.Serializer):
    lng = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)


class LocateResultSerializer(serializers.Serializer):
    grid = GridSerializer(allow_null=True)


class GridLocateView(_OrgView, APIView):
    """The grid containing a point (``grid`` is null when the point lies outside every grid)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("lng", float, required=True),
            OpenApiParameter("lat", float, required=True),
        ],
        responses=LocateResultSerializer,
    )
    def get(self, request):
        query = LocateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        grid = grid_for_point(query.validated_data["lng"], query.validated_data["lat"])
        return Response({"grid": GridSerializer(grid).data if grid else None})


class BodyCameraListView(_OrgView, generics.ListAPIView):
    """Body cameras of the units the caller sees, with who holds each."""

    serializer_class = BodyCameraSerializer

    def get_queryset(self):
        return selectors.camera_list(user=self.request.user)


class VehicleListView(_OrgView, generics.ListAPIView):
    """Vehicles of the units the caller sees."""

    serializer_class = VehicleSerializer

    def get_queryset(self):
        return selectors.vehicle_list(user=self.request.user)
