"""REST API of disclosure (``/api/v1/disclosure/...``).

Public (no login): ``decisions/`` and ``decisions/<id>/`` — the same frozen, masked rows as the portal.
Staff: ``publications/`` (``disclosure.view``, scoped to the user's squad unless bureau-wide) and the
legal reviewer's actions ``publications/<id>/publish|hold-back|release|withdraw/`` (``disclosure.review``).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import Pagination
from sunshine.core.permissions import HasCapability

from . import cache, selectors, services
from .models import HoldGround, Publication


class PublicDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    document_number = serializers.CharField()
    party = serializers.CharField(source="party_display")
    act = serializers.CharField()
    penalty = serializers.CharField()
    deciding_unit = serializers.CharField(source="unit_name")
    decided_on = serializers.DateField()
    published_on = serializers.DateField()


class PublicDecisionDetailSerializer(PublicDecisionSerializer):
    facts = serializers.CharField()
    legal_basis = serializers.CharField()
    fine = serializers.DecimalField(max_digits=14, decimal_places=2)
    withdrawal_reason = serializers.CharField()
    withdrawn_on = serializers.DateField(allow_null=True)


def _public_row(row: dict) -> dict:
    """A withdrawn decision keeps its number, unit, dates and the reason only."""
    if row["status"] == "withdrawn":
        return {
            **row,
            "party_display": "",
            "act": "",
            "penalty": "",
            "facts": "",
            "legal_basis": "",
            "fine": None,
        }
    return row


class PublicDecisionListView(APIView):
    """Public: penalty decisions on the public list, newest first (filters: unit, matter, date_from,
    date_to, number; 20 a page, at most 500 pages)."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=PublicDecisionSerializer(many=True))
    def get(self, request):
        filters = selectors.clean_filters(request.query_params)
        try:
            page = int(request.query_params.get("page") or 1)
        except ValueError:
            page = 1
        data = cache.remember(
            "decisions", {**filters, "page": page}, lambda: selectors.public_decision_page(filters, page)
        )
        rows = [_public_row(r) for r in data["rows"]]
        return Response(
            {
                "count": data["total"],
                "count_capped": data["total_capped"],
                "page": data["page"],
                "has_next": data["has_next"],
                "results": PublicDecisionSerializer(rows, many=True).data,
            }
        )


class PublicDecisionDetailView(APIView):
    """Public: one decision on the public list (a withdrawn one with the reason)."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=PublicDecisionDetailSerializer)
    def get(self, request, pk: int):
        row = cache.remember("decision", {"pk": pk}, lambda: selectors.public_decision(pk))
        return Response(PublicDecisionDetailSerializer(_public_row(row)).data)


class PublicationSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit_name")
    # plain strings here: the choice sets are documented once, on the action inputs
    hold_ground = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    withdrawal_cause = serializers.CharField(read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "status",
            "listed",
            "document_number",
            "party_display",
            "act",
            "facts",
            "legal_basis",
            "penalty",
            "fine",
            "unit",
            "decided_on",
            "due_on",
            "published_on",
            "published_late",
            "ends_on",
            "hold_ground",
            "hold_reason",
            "held_on",
            "withdrawal_cause",
            "withdrawal_reason",
            "withdrawal_due",
            "withdrawn_on",
            "withdrawn_late",
        ]
        read_only_fields = fields


class PublicationListView(APIView):
    """Staff: publications the user may see (``status``, ``q`` filters), newest decision first."""

    permission_classes = [HasCapability]
    required_capability = "disclosure.view"

    @extend_schema(responses=PublicationSerializer(many=True))
    def get(self, request):
        qs = selectors.staff_publications(
            user=request.user,
            status=request.query_params.get("status") or "",
            search=request.query_params.get("q") or "",
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PublicationSerializer(page, many=True).data)


class PublicationDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "disclosure.view"

    @extend_schema(responses=PublicationSerializer)
    def get(self, request, pk: int):
        return Response(PublicationSerializer(selectors.staff_publication(user=request.user, pk=pk)).data)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class HoldBackSerializer(ReasonSerializer):
    ground = serializers.ChoiceField(choices=HoldGround.choices)


class _Action(APIView):
    permission_classes = [HasCapability]
    required_capability = "disclosure.review"
    input_serializer: type[serializers.Serializer] | None = None
    # Each subclass defines ``act(request, pk, data) -> Publication``: the service it calls.

    def post(self, request, pk: int):
        pub = selectors.staff_publication(user=request.user, pk=pk)
        data: dict = {}
        if self.input_serializer is not None:
            ser = self.input_serializer(data=request.data)
            ser.is_valid(raise_exception=True)
            data = ser.validated_data
        pub = self.act(request, pub.pk, data)
        return Response(PublicationSerializer(pub).data)


class PublishView(_Action):
    """Legal reviewer: publish a pending decision before its deadline."""

    @extend_schema(request=None, responses=PublicationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, pk, data):
        return services.publication_publish(actor=request.user, pk=pk)


class HoldBackView(_Action):
    """Legal reviewer: hold back a pending decision, with the ground and the reason
    (《政府信息公开条例》第十四条, 第十五条)."""

    input_serializer = HoldBackSerializer

    @extend_schema(request=HoldBackSerializer, responses=PublicationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, pk, data):
        return services.publication_hold_back(
            actor=request.user, pk=pk, ground=data["ground"], reason=data["reason"]
        )


class ReleaseView(_Action):
    """Legal reviewer: lift a hold-back (with the reason); the decision is published."""

    input_serializer = ReasonSerializer

    @extend_schema(request=ReasonSerializer, responses=PublicationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, pk, data):
        return services.publication_release(actor=request.user, pk=pk, reason=data["reason"])


class WithdrawView(_Action):
    """Legal reviewer: withdraw a decision, the reason shown on the portal (《行政处罚法》第四十八条)."""

    input_serializer = ReasonSerializer

    @extend_schema(request=ReasonSerializer, responses=PublicationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, pk, data):
        return services.publication_withdraw(actor=request.user, pk=pk, reason=data["reason"])
