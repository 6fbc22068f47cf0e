"""The audit log's REST API: the audit administrator's reads (``audit.view``) and the public checkpoints.

``/api/v1/audit/public/checkpoints/`` and ``/api/v1/audit/public/key/`` are public (no login): they
publish what anyone needs to check the bureau's signed daily checkpoints, and no event content.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability

from .forms import EventFilterForm
from .models import Checkpoint, Event
from .selectors import EventFilters, event_page, inclusion_proof
from .signing import public_key_pem


class EventSerializer(serializers.ModelSerializer):
    payload = serializers.JSONField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "seq",
            "created_at",
            "actor_id",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "payload",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class CheckpointSerializer(serializers.ModelSerializer):
    class Meta:
        model = Checkpoint
        fields = [
            "day",
            "first_seq",
            "last_seq",
            "count",
            "merkle_root",
            "chain_hash",
            "signature",
            "public_key",
            "key_fingerprint",
            "signed_at",
        ]
        read_only_fields = fields


FILTER_PARAMETERS = [
    OpenApiParameter("actor", str, description="username, or 'system'"),
    OpenApiParameter("action", str, description="exact, or a prefix ending in '.'"),
    OpenApiParameter("object_type", str),
    OpenApiParameter("object_id", str),
    OpenApiParameter("since", OpenApiTypes.DATE, description="first day (Asia/Shanghai), inclusive"),
    OpenApiParameter("until", OpenApiTypes.DATE, description="last day (Asia/Shanghai), inclusive"),
    OpenApiParameter("before", int, description="keyset cursor: events older than this sequence number"),
    OpenApiParameter("page_size", int, description="1 to 500 (default 50)"),
]


class EventListView(APIView):
    """Audit events, newest first, filtered; paged by sequence number (``next`` holds the cursor)."""

    permission_classes = [HasCapability]
    required_capability = "audit.view"

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses=inline_serializer(
            "AuditEventPage",
            {"next": serializers.CharField(allow_null=True), "results": EventSerializer(many=True)},
        ),
    )
    def get(self, request):
        form = EventFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        filters = EventFilters(**{key: value for key, value in form.cleaned_data.items() if value})
        before = self._int(request, "before", None)
        size = min(max(self._int(request, "page_size", 50), 1), 500)
        page = event_page(filters, before=before, size=size)
        next_url = None
        if page.older is not None:
            params = request.query_params.copy()
            params["before"] = str(page.older)
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        return Response({"next": next_url, "results": EventSerializer(page.events, many=True).data})

    @staticmethod
    def _int(request, name, default):
        value = request.query_params.get(name)
        if value in (None, ""):
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ValidationError({name: ["A whole number is required."]}) from exc


class EventDetailView(APIView):
    """One audit event with its payload and hashes."""

    permission_classes = [HasCapability]
    required_capability = "audit.view"

    @extend_schema(responses=EventSerializer, operation_id="audit_events_detail")
    def get(self, request, seq: int):
        return Response(EventSerializer(get_object_or_404(Event, seq=seq)).data)


class EventProofView(APIView):
    """The event's RFC 6962 inclusion proof to its day's signed Merkle root.

    ``status`` is ``included`` with the proof, or ``pending`` while the day has no checkpoint yet.
    """

    permission_classes = [HasCapability]
    required_capability = "audit.view"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, seq: int):
        get_object_or_404(Event.objects.only("seq"), seq=seq)
        proof = inclusion_proof(seq)
        if proof is None:
            return Response({"seq": seq, "status": "pending", "proof": None})
        return Response({"seq": seq, "status": "included", "proof": proof})


class CheckpointListView(ListAPIView):
    """Signed daily checkpoints, newest first."""

    permission_classes = [HasCapability]
    required_capability = "audit.view"
    serializer_class = CheckpointSerializer
    queryset = Checkpoint.objects.order_by("-day")
    filter_backends = []


class PublicCheckpointListView(ListAPIView):
    """Public: every signed daily checkpoint (day, counts, Merkle root, chain hash, signature, key).

    No event content. With the public key, anyone can check that the bureau's log was not rewritten.
    """

    public = True
    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = CheckpointSerializer
    queryset = Checkpoint.objects.order_by("-day")
    filter_backends = []


class PublicKeyView(APIView):
    """Public: the bureau's Ed25519 public key (PEM) that signs the checkpoints."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "application/x-pem-file"): OpenApiTypes.STR})
    def get(self, request):
        response = HttpResponse(public_key_pem(create=True), content_type="application/x-pem-file")
        response["Content-Disposition"] = 'inline; filename="sunshine-audit-ed25519.pub.pem"'
        return response
