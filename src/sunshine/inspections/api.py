"""REST API of double-random inspection (``/api/v1/inspections/...``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability
from sunshine.org.models import Staff, Unit
from sunshine.org.rules import is_qualified

from . import selectors, services
from .models import Draw, InspectionMatter, Inspector, Plan, Target, Task


class MatterSerializer(serializers.ModelSerializer):
    class Meta:
        model = InspectionMatter
        fields = ["id", "code", "name", "category", "basis", "content", "method", "checklist"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = [
            "id",
            "credit_code",
            "name",
            "kind",
            "address",
            "area",
            "category",
            "risk",
            "compliance",
            "active",
        ]


class InspectorSerializer(serializers.Serializer):
    staff = serializers.SlugRelatedField(slug_field="employee_no", queryset=Staff.objects.all())
    categories = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list
    )
    areas = serializers.ListField(child=serializers.CharField(max_length=32), required=False, default=list)


class PlanSerializer(serializers.ModelSerializer):
    matters = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=InspectionMatter.objects.all()
    )
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())

    class Meta:
        model = Plan
        fields = [
            "id",
            "code",
            "title",
            "unit",
            "matters",
            "categories",
            "areas",
            "proportion",
            "count",
            "frequency",
            "period_start",
            "period_end",
            "inspectors_per_target",
            "exclusions",
            "exclude_inspected_since",
            "public_value_source",
            "public_value_date",
            "status",
        ]
        read_only_fields = ["status"]


class TaskSerializer(serializers.ModelSerializer):
    target = TargetSerializer(read_only=True)
    plan = serializers.CharField(source="draw.plan.code", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "target",
            "checklist",
            "findings",
            "result",
            "inspected_on",
            "case",
            "contact",
            "publish_due",
            "published_at",
        ]


class OpenCaseSerializer(serializers.Serializer):
    """The case a violation opens; source, reference, party, handlers and place come from the task."""

    matter = serializers.CharField(max_length=16, required=False, allow_blank=True)
    act_at = serializers.DateTimeField(required=False)
    act_ended_on = serializers.DateField(required=False)
    act_continuing = serializers.BooleanField(required=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    facts = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    severity = serializers.CharField(max_length=16, required=False, allow_blank=True)
    major = serializers.BooleanField(required=False)
    first_violation = serializers.BooleanField(required=False)
    harm = serializers.CharField(max_length=16, required=False, allow_blank=True)
    corrected_in_time = serializers.BooleanField(required=False)
    early_reason = serializers.CharField(max_length=32, required=False, allow_blank=True)


class ContactSerializer(serializers.Serializer):
    """A minor problem corrected on the spot, recorded on the five-step ladder."""

    matter = serializers.CharField(max_length=16, required=False, allow_blank=True)
    step = serializers.ChoiceField(choices=["persuade", "educate", "warn"])
    outcome = serializers.ChoiceField(choices=["complied", "not_complied"])
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TaskRecordSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Task.Result.choices)
    findings = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    checklist = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    inspected_on = serializers.DateField(required=False)
    case = serializers.IntegerField(required=False, help_text="An existing case's id to link.")
    open_case = OpenCaseSerializer(required=False, help_text="Open a new case for the violation.")
    contact = ContactSerializer(required=False)


class MatterListView(APIView):
    """Inspection matters (public before any draw: seed 001 item 4)."""

    permission_classes = [HasCapability]
    required_capability = "inspections.view"

    def get(self, request):
        return Response(MatterSerializer(InspectionMatter.objects.all(), many=True).data)


class TargetListView(APIView):
    """The target directory (first 500 by credit code; ``?q=`` filters by code or name); POST adds one."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "inspections.view", "POST": "inspections.manage"}

    def get(self, request):
        qs = Target.objects.all()
        q = request.query_params.get("q", "").strip()
        if q:
            qs = qs.filter(credit_code__startswith=q.upper()) | qs.filter(name__contains=q)
        return Response(TargetSerializer(qs[:500], many=True).data)

    def post(self, request):
        target = services.target_save(actor=request.user, data=request.data)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)


class TargetImportView(APIView):
    """Import a registry export (``file``: .csv or .xlsx). All or nothing: 422 with every rejected row."""

    permission_classes = [HasCapability]
    required_capability = "inspections.manage"

    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["required"]})
        report = services.directory_import(actor=request.user, content=upload.read(), filename=upload.name)
        body = {
            "rows": report.rows,
            "imported": report.imported,
            "errors": report.errors,
            "report": report.csv(),
        }
        return Response(
            body, status=status.HTTP_200_OK if report.ok else status.HTTP_422_UNPROCESSABLE_ENTITY
        )


class TargetDetailView(APIView):
    """One directory entry; PATCH edits it (credit code checked, audited), ``"active": false`` deactivates
    it (no longer drawn) and ``true`` brings it back."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "inspections.view", "PATCH": "inspections.manage"}

    def get(self, request, pk: int):
        return Response(TargetSerializer(get_object_or_404(Target, pk=pk)).data)

    def patch(self, request, pk: int):
        target = get_object_or_404(Target, pk=pk)
        data = request.data
        fields = {k: data[k] for k in ("credit_code", *services.TARGET_FIELDS) if k in data}
        if fields:
            target = services.target_save(actor=request.user, data=fields, target=target)
        if "active" in data:
            active = data["active"]
            if not isinstance(active, bool):
                raise serializers.ValidationError({"active": ["true or false"]})
            target = services.target_set_active(actor=request.user, target=target, active=active)
        return Response(TargetSerializer(target).data)


class InspectorDetailView(APIView):
    """DELETE takes an officer (by employee number) out of the pool."""

    permission_classes = [HasCapability]
    required_capability = "inspections.manage"

    def delete(self, request, staff: str):
        inspector = get_object_or_404(Inspector, staff__employee_no=staff, active=True)
        services.inspector_remove(actor=request.user, inspector=inspector)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InspectorListView(APIView):
    permission_classes = [HasCapability]
    required_capability = {"GET": "inspections.view", "POST": "inspections.manage"}

    def get(self, request):
        rows = (
            Inspector.objects.select_related("staff")
            .prefetch_related("staff__certificates")
            .filter(active=True)
        )
        return Response(
            [
                {
                    "staff": i.staff.employee_no,
                    "name": i.staff.name,
                    "categories": i.categories,
                    "areas": i.areas,
                    "qualified": is_qualified(i.staff, on=timezone.localdate()),
                }
                for i in rows
            ]
        )

    def post(self, request):
        s = InspectorSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        inspector = services.inspector_save(actor=request.user, **s.validated_data)
        return Response({"staff": inspector.staff.employee_no}, status=status.HTTP_201_CREATED)


class PlanListView(APIView):
    permission_classes = [HasCapability]
    required_capability = {"GET": "inspections.view", "POST": "inspections.manage"}

    def get(self, request):
        return Response(
            PlanSerializer(Plan.objects.prefetch_related("matters").select_related("unit"), many=True).data
        )

    def post(self, request):
        s = PlanSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        matters = data.pop("matters")
        plan = services.plan_create(actor=request.user, data=data, matters=matters)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanApproveView(APIView):
    permission_classes = [HasCapability]
    required_capability = "inspections.approve"

    def post(self, request, pk: int):
        plan = services.plan_approve(actor=request.user, plan=get_object_or_404(Plan, pk=pk))
        return Response(PlanSerializer(plan).data)


class PlanPublishView(APIView):
    permission_classes = [HasCapability]
    required_capability = "inspections.manage"

    def post(self, request, pk: int):
        draw = services.plan_publish(actor=request.user, plan=get_object_or_404(Plan, pk=pk))
        return Response({"draw": draw.pk, "snapshot_hash": draw.snapshot_hash})


class PublicValueView(APIView):
    """Enter the plan's public value; the second matching entry by another person runs the draw."""

    permission_classes = [HasCapability]
    required_capability = "inspections.manage"

    def post(self, request, pk: int):
        value = str(request.data.get("value", ""))
        draw = services.public_value_enter(
            actor=request.user, draw=get_object_or_404(Draw, pk=pk), value=value
        )
        draw.refresh_from_db()
        return Response({"draw": draw.pk, "seed": draw.seed or None})


class PublishedDrawView(APIView):
    """Public: a draw's published inputs and result, the JSON ``verifier.py`` checks."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes = []

    def get(self, request, pk: int):
        draw = get_object_or_404(Draw.objects.select_related("plan"), pk=pk)
        return Response(draw.published())


class TaskListView(APIView):
    """The acting officer's inspection tasks."""

    permission_classes = [HasCapability]
    required_capability = "inspections.task"

    def get(self, request):
        return Response(TaskSerializer(selectors.my_tasks(request.user)[:200], many=True).data)


class TaskRecordView(APIView):
    permission_classes = [HasCapability]
    required_capability = "inspections.task"

    def post(self, request, pk: int):
        task = get_object_or_404(selectors.my_tasks(request.user), pk=pk)
        s = TaskRecordSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        case = None
        if data.pop("case", None):
            from sunshine.cases.models import Case

            case = get_object_or_404(Case, pk=s.validated_data["case"])
        task = services.task_record(actor=request.user, task=task, case=case, **data)
        task.refresh_from_db()
        return Response(TaskSerializer(task).data)


class StatisticsView(APIView):
    permission_classes = [HasCapability]
    required_capability = "inspections.view"

    def get(self, request):
        return Response(selectors.statistics())
