"""REST API of citizen requests (``/api/v1/service/...``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.urls import reverse
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.catalog.models import Matter
from sunshine.core.permissions import HasCapability
from sunshine.org.models import Unit
from sunshine.parties.models import Party

from . import selectors, services, supervision, vendor_groups
from .models import (
    Channel,
    Kind,
    Request,
    SupervisionItem,
    SupervisionProgress,
    SupervisorReport,
    Urgency,
    VendorGroup,
)


class RequestSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", default="", read_only=True)

    class Meta:
        model = Request
        fields = [
            "id",
            "tracking_no",
            "channel",
            "kind",
            "urgency",
            "status",
            "citizen_name",
            "citizen_phone",
            "content",
            "address",
            "lng",
            "lat",
            "matter",
            "grid",
            "unit",
            "unit_name",
            "first_receiver",
            "received_at",
            "due_at",
            "escalated_at",
            "referred_department",
            "referred_contact",
            "referred_told",
            "reply_channel",
            "replied_at",
            "reply_content",
            "satisfaction",
            "reopened",
            "merged_into",
            "case",
            "contact",
            "extension_days",
            "extension_reason",
            "extended_at",
        ]


class RegisterSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    kind = serializers.ChoiceField(choices=Kind.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ORDINARY)
    content = serializers.CharField(max_length=4000)
    citizen_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    citizen_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lng = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-90, max_value=90)
    matter = serializers.PrimaryKeyRelatedField(
        queryset=Matter.objects.all(), required=False, allow_null=True
    )
    dispatch_to = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(kind=Unit.Kind.SQUAD),
        required=False,
        allow_null=True,
        help_text="Dispatch to this squad at registration (one step).",
    )


class RequestListCreate(APIView):
    """``GET``: the request board (``?status=open|<status>|`` , ``?q=``, ``?mine=1``), 100 rows a page
    (``?page=``). ``POST``: register a request; the caller is its first receiver."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "service.view", "POST": "service.register"}

    def get(self, request):
        p = request.query_params
        rows = selectors.request_board(
            request.user, status=p.get("status", "open"), q=p.get("q", "")[:50], mine=p.get("mine") == "1"
        )
        try:
            page = max(1, int(p.get("page", "1")))
        except ValueError:
            page = 1
        data = list(rows[(page - 1) * 100 : page * 100])
        return Response({"page": page, "results": data})

    def post(self, request):
        ser = RegisterSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        req = services.request_register(actor=request.user, **ser.validated_data)
        return Response(RequestSerializer(req).data, status=status.HTTP_201_CREATED)


class RequestDetail(APIView):
    """One request with its reply, referral and links; ``duplicates``: open requests to merge with."""

    permission_classes = [HasCapability]
    required_capability = "service.view"

    def get(self, request, pk):
        req = selectors.request_get(request.user, pk)
        data = RequestSerializer(req).data
        data["duplicates"] = [d.tracking_no for d in services.duplicates_for(req)]
        return Response(data)


class _Action(APIView):
    permission_classes = [HasCapability]
    required_capability = "service.register"
    serializer_class: type[serializers.Serializer]

    def post(self, request, pk):
        req = selectors.request_get(request.user, pk)
        ser = self.serializer_class(data=request.data)
        ser.is_valid(raise_exception=True)
        req = self.act(request.user, req, ser.validated_data)
        return Response(RequestSerializer(req).data)


class DispatchSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())


class RequestDispatch(_Action):
    """``POST {"unit": id}``: dispatch to a squad of the bureau."""

    serializer_class = DispatchSerializer

    def act(self, user, req, data):
        return services.request_dispatch(actor=user, request=req, unit=data["unit"])


class ReferSerializer(serializers.Serializer):
    department = serializers.CharField(max_length=100, allow_blank=True)
    contact = serializers.CharField(max_length=100, allow_blank=True)
    told = serializers.CharField(max_length=2000, allow_blank=True)


class RequestRefer(_Action):
    """``POST {"department", "contact", "told"}``: refer outside the bureau."""

    serializer_class = ReferSerializer

    def act(self, user, req, data):
        return services.request_refer(actor=user, request=req, **data)


class ReplySerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    content = serializers.CharField(max_length=4000, allow_blank=True)


class RequestReply(_Action):
    """``POST {"channel", "content"}``: record the reply and close the request."""

    serializer_class = ReplySerializer

    def act(self, user, req, data):
        return services.request_reply(actor=user, request=req, **data)


class MergeSerializer(serializers.Serializer):
    into = serializers.CharField(max_length=20)


class RequestMerge(_Action):
    """``POST {"into": tracking number}``: merge this request into another open one."""

    serializer_class = MergeSerializer

    def act(self, user, req, data):
        target = get_object_or_404(selectors.visible_requests(user), tracking_no=data["into"])
        return services.request_merge(actor=user, request=req, into=target)


class ExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class RequestExtend(_Action):
    """``POST {"days", "reason"}``: a leader extends a letter's time limit once, by at most 30 days
    (《信访工作条例》第三十四条); the citizen is told the new date and the reason."""

    required_capability = "service.supervise"
    serializer_class = ExtendSerializer

    def act(self, user, req, data):
        return services.request_extend(actor=user, request=req, **data)


# --- supervision items, supervisors' reports, misconduct -------------------------------------------


class ProgressSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True)

    class Meta:
        model = SupervisionProgress
        fields = ["id", "author", "text", "at"]


class SupervisionSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    responsible = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True, staff__isnull=False)
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    responsible_name = serializers.CharField(source="responsible.display_name", read_only=True)

    class Meta:
        model = SupervisionItem
        fields = [
            "id",
            "source",
            "reference",
            "content",
            "deadline",
            "unit",
            "unit_name",
            "responsible",
            "responsible_name",
            "state",
            "result",
            "finished_at",
            "reminded_at",
            "escalated_at",
            "created_at",
        ]
        read_only_fields = ["state", "result", "finished_at", "reminded_at", "escalated_at", "created_at"]


class SupervisionListCreate(APIView):
    """``GET``: the supervision register (leaders: every item; others: their squad's and their own).
    ``POST``: a leader registers an item handed down by a superior or the mayor's line."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "service.view", "POST": "service.supervise"}

    def get(self, request):
        items = supervision.supervision_register(request.user)
        if request.query_params.get("state") in SupervisionItem.State.values:
            items = items.filter(state=request.query_params["state"])
        return Response(SupervisionSerializer(items[:500], many=True).data)

    def post(self, request):
        ser = SupervisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = supervision.supervision_create(actor=request.user, **ser.validated_data)
        return Response(SupervisionSerializer(item).data, status=status.HTTP_201_CREATED)


def _item(user, pk) -> SupervisionItem:
    return get_object_or_404(supervision.supervision_register(user), pk=pk)


class SupervisionDetail(APIView):
    """One supervision item with its progress reports."""

    permission_classes = [HasCapability]
    required_capability = "service.view"

    def get(self, request, pk):
        item = _item(request.user, pk)
        data = SupervisionSerializer(item).data
        data["progress"] = ProgressSerializer(item.progress.select_related("author"), many=True).data
        return Response(data)


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, allow_blank=True)


class ResultSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=4000, allow_blank=True)


class SupervisionProgressCreate(APIView):
    """``POST {"text"}``: the responsible person or a leader reports progress."""

    permission_classes = [HasCapability]
    required_capability = "service.view"

    def post(self, request, pk):
        item = _item(request.user, pk)
        ser = TextSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        row = supervision.supervision_progress(actor=request.user, item=item, **ser.validated_data)
        return Response(ProgressSerializer(row).data, status=status.HTTP_201_CREATED)


class SupervisionFinish(APIView):
    """``POST {"result"}``: the responsible person or a leader records the result; the item is done."""

    permission_classes = [HasCapability]
    required_capability = "service.view"

    def post(self, request, pk):
        item = _item(request.user, pk)
        ser = ResultSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        item = supervision.supervision_finish(actor=request.user, item=item, **ser.validated_data)
        return Response(SupervisionSerializer(item).data)


class OwnReportSerializer(serializers.ModelSerializer):
    """A supervisor's own report as they see it: what they reported, the request it became, the result."""

    tracking_no = serializers.CharField(source="request.tracking_no", default=None, read_only=True)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = SupervisorReport
        fields = [
            "id",
            "kind",
            "content",
            "place",
            "occurred_at",
            "staff_description",
            "tracking_no",
            "result",
            "result_at",
            "created_at",
            "photo_url",
        ]

    def get_photo_url(self, report) -> str | None:
        return reverse("service-api-report-photo", args=[report.pk]) if report.photo else None


class ReportCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SupervisorReport.Kind.choices)
    content = serializers.CharField(max_length=4000, allow_blank=True)
    place = serializers.CharField(max_length=200, allow_blank=True)
    occurred_at = serializers.DateTimeField()
    staff_description = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    photo = serializers.ImageField(required=False)


class SupervisorReportListCreate(APIView):
    """A social supervisor's reports: ``GET`` their own with results; ``POST`` (multipart, ``photo``
    optional) a problem (it becomes a citizen request) or misconduct (to the inspection office only)."""

    permission_classes = [HasCapability]
    required_capability = "supervisors.report"

    def get(self, request):
        return Response(OwnReportSerializer(supervision.my_reports(request.user)[:200], many=True).data)

    def post(self, request):
        ser = ReportCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        report = supervision.supervisor_report(actor=request.user, **ser.validated_data)
        return Response(OwnReportSerializer(report).data, status=status.HTTP_201_CREATED)


class MisconductSerializer(serializers.ModelSerializer):
    supervisor = serializers.CharField(source="supervisor.name", read_only=True)
    staff_reported = serializers.CharField(source="staff_reported.name", default=None, read_only=True)
    photo_url = serializers.SerializerMethodField()

    class Meta:
        model = SupervisorReport
        fields = [
            "id",
            "supervisor",
            "content",
            "place",
            "occurred_at",
            "staff_reported",
            "staff_description",
            "result",
            "result_at",
            "created_at",
            "photo_url",
        ]

    def get_photo_url(self, report) -> str | None:
        return reverse("service-api-misconduct-photo", args=[report.pk]) if report.photo else None


class MisconductList(APIView):
    """Misconduct reports for the inspection office (督查室): inspectors and leaders only, never a report
    about the viewing user."""

    permission_classes = [HasCapability]
    required_capability = "misconduct.view"

    def get(self, request):
        return Response(
            MisconductSerializer(supervision.misconduct_reports(request.user)[:500], many=True).data
        )


class MisconductDetail(APIView):
    permission_classes = [HasCapability]
    required_capability = "misconduct.view"

    def get(self, request, pk):
        return Response(MisconductSerializer(supervision.misconduct_get(request.user, pk)).data)


class MisconductResult(APIView):
    """``POST {"result"}``: the inspection office's result, shown to the supervisor who reported."""

    permission_classes = [HasCapability]
    required_capability = "misconduct.view"

    def post(self, request, pk):
        report = supervision.misconduct_get(request.user, pk)
        ser = ResultSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        report = supervision.misconduct_result(actor=request.user, report=report, **ser.validated_data)
        return Response(MisconductSerializer(report).data)


class _Photo(APIView):
    """A report's photo (``?size=thumb``: a JPEG thumbnail) for those who may see the report; 404 else.
    Each subclass says which reports its callers may see with ``report(user, pk)``."""

    permission_classes = [HasCapability]

    def get(self, request, pk):
        report = self.report(request.user, pk)
        return supervision.photo_response(report, thumbnail=request.query_params.get("size") == "thumb")


class ReportPhoto(_Photo):
    """The photo of one of the acting supervisor's own reports."""

    required_capability = "supervisors.report"

    def report(self, user, pk):
        return supervision.own_report(user, pk)


class MisconductPhoto(_Photo):
    """The photo of a misconduct report: inspectors and leaders, never the staff member reported."""

    required_capability = "misconduct.view"

    def report(self, user, pk):
        return supervision.misconduct_get(user, pk)


class RequestPhoto(_Photo):
    """The photo of the supervisor's report behind a citizen request the user may see."""

    required_capability = "service.view"

    def report(self, user, pk):
        return supervision.request_report(user, pk)


# --- vendors' self-governance groups -----------------------------------------------------------------


class VendorGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    area = serializers.CharField(max_length=200)
    leader = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all())
    members = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all(), many=True, required=False)
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    def to_representation(self, group):
        data = super().to_representation(group)
        data["members"] = [{"id": m.pk, "name": m.name} for m in group.members.order_by("name", "pk")]
        return data


class VendorGroupListCreate(APIView):
    """``GET``: every group with its leader and members. ``POST``: a squad or bureau leader creates one."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "service.view", "POST": "service.vendor_groups"}

    def get(self, request):
        rows = vendor_groups.groups().prefetch_related("members")
        return Response(VendorGroupSerializer(rows, many=True).data)

    def post(self, request):
        ser = VendorGroupSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        group = vendor_groups.vendor_group_save(actor=request.user, members=data.pop("members", []), **data)
        return Response(VendorGroupSerializer(group).data, status=status.HTTP_201_CREATED)


class VendorGroupDetail(APIView):
    """``GET`` one group; ``PUT`` replaces its name, area, leader and members (squad or bureau leader)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "service.view", "PUT": "service.vendor_groups"}

    def get(self, request, pk):
        return Response(VendorGroupSerializer(get_object_or_404(vendor_groups.groups(), pk=pk)).data)

    def put(self, request, pk):
        group = get_object_or_404(VendorGroup, pk=pk)
        ser = VendorGroupSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        group = vendor_groups.vendor_group_save(
            actor=request.user, group=group, members=data.pop("members", []), **data
        )
        return Response(VendorGroupSerializer(group).data)
