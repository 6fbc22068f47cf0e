"""REST API of citizen requests (``/api/v1/service/...``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.catalog.models import Matter
from sunshine.core.permissions import HasCapability
from sunshine.org.models import Unit

from . import selectors, services
from .models import Channel, Kind, Request, Urgency


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
