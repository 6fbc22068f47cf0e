"""REST API of enforcement documents (``/api/v1/documents/...``)."""

from __future__ import annotations

import base64
import binascii

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.audit.services import audit_append
from sunshine.cases.models import Case
from sunshine.cases.selectors import case_queryset
from sunshine.core.api import Pagination
from sunshine.core.permissions import HasCapability

from . import selectors, services, storage, views
from .models import Document, Kind

KIND_HELP = "One of: " + ", ".join(Kind.values)


class DocumentSerializer(serializers.ModelSerializer):
    # Plain strings in the schema: "kind" and "status" name other choice sets in other apps.
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    status = serializers.CharField(read_only=True, help_text="current or voided")
    case_number = serializers.CharField(source="case.number", read_only=True)
    verify_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "case",
            "case_number",
            "kind",
            "title",
            "number",
            "version",
            "status",
            "code",
            "sha256",
            "size",
            "issued_at",
            "void_reason",
            "voided_at",
            "superseded_by",
            "verify_url",
            "download_url",
        ]

    def get_verify_url(self, obj) -> str:
        return services.verify_url(obj.code)

    def get_download_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("documents-api-download", args=[obj.pk])


class IssueSerializer(serializers.Serializer):
    """``kind`` is checked by the service (an unknown kind is a 422 like any refused issue)."""

    case = serializers.IntegerField()
    kind = serializers.CharField(max_length=32, help_text=KIND_HELP)
    record = serializers.IntegerField(required=False, allow_null=True)
    entry = serializers.DictField(required=False, default=dict)
    party_signature = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="PNG as a data URL or base64"
    )
    party_signer = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class CorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    entry = serializers.DictField(required=False, allow_null=True, default=None)
    party_signature = serializers.CharField(required=False, allow_blank=True, default="")
    party_signer = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class ScanSerializer(serializers.Serializer):
    image = serializers.FileField()
    signer = serializers.CharField(max_length=100)


class AvailableSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    record_id = serializers.IntegerField(allow_null=True)
    record_label = serializers.CharField()
    entry = serializers.BooleanField()
    party_signs = serializers.BooleanField()
    possible = serializers.BooleanField()
    reason = serializers.CharField()
    issued = serializers.IntegerField(allow_null=True, source="issued.pk", default=None)


class VerificationSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    title = serializers.CharField(required=False)
    number = serializers.CharField(required=False)
    version = serializers.IntegerField(required=False)
    case_number = serializers.CharField(required=False)
    issued_on = serializers.DateField(required=False)
    status = serializers.CharField(required=False)
    current = serializers.BooleanField(required=False)
    sha256 = serializers.CharField(required=False)
    size = serializers.IntegerField(required=False)
    void_reason = serializers.CharField(required=False)
    voided_on = serializers.DateField(required=False, allow_null=True)
    superseded_by = serializers.DictField(required=False, allow_null=True)


def _png(value: str) -> bytes | None:
    value = (value or "").strip()
    if not value:
        return None
    if value.startswith("data:"):
        return services.decode_data_url(value)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"party_signature": [gettext("The signature is not valid base64.")]}) from None


def _document(request, pk: int) -> Document:
    try:
        return selectors.document_get(user=request.user, pk=pk)
    except Document.DoesNotExist:
        raise NotFound from None


class DocumentListView(APIView):
    """GET: the documents the user may see (``?case=``, ``?kind=``, ``?status=``, ``?q=``).
    POST: issue a document (422 with the rule's citation when the case may not issue it now)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "documents.view", "POST": "documents.issue"}

    @extend_schema(
        operation_id="documents_list",
        parameters=[
            OpenApiParameter("case", OpenApiTypes.INT),
            OpenApiParameter("kind", OpenApiTypes.STR),
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("q", OpenApiTypes.STR),
        ],
        responses=DocumentSerializer(many=True),
    )
    def get(self, request):
        filters = {k: request.query_params.get(k, "") for k in ("case", "kind", "status", "q")}
        qs = selectors.document_list(user=request.user, filters=filters)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(
        operation_id="documents_issue", request=IssueSerializer, responses={201: DocumentSerializer}
    )
    def post(self, request):
        ser = IssueSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            doc = services.document_issue(
                actor=request.user,
                case_id=d["case"],
                kind=d["kind"],
                record_id=d.get("record"),
                entry=d.get("entry") or {},
                party_signature=_png(d.get("party_signature", "")),
                party_signer=d.get("party_signer", ""),
            )
        except Case.DoesNotExist:
            raise NotFound from None
        return Response(DocumentSerializer(doc).data, status=status.HTTP_201_CREATED)


class DocumentDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "documents.view"

    @extend_schema(operation_id="documents_detail", responses=DocumentSerializer)
    def get(self, request, pk: int):
        return Response(DocumentSerializer(_document(request, pk)).data)


class DocumentDownloadView(APIView):
    """The PDF, after re-checking its SHA-256 (409 when the stored file is missing or altered)."""

    permission_classes = [HasCapability]
    required_capability = "documents.view"

    @extend_schema(
        operation_id="documents_download", responses={(200, "application/pdf"): OpenApiTypes.BINARY}
    )
    def get(self, request, pk: int):
        doc = _document(request, pk)
        try:
            data = storage.get(doc.sha256)
        except storage.StoredFileError as exc:
            audit_append(
                actor=request.user, action="documents.integrity_failure", obj=doc, payload={"error": str(exc)}
            )
            return Response(
                {"error": {"code": "documents_file_altered", "message": str(exc), "citation": ""}},
                status=status.HTTP_409_CONFLICT,
            )
        audit_append(actor=request.user, action="documents.download", obj=doc, payload={"sha256": doc.sha256})
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="document-{doc.pk}-v{doc.version}.pdf"'
        response["X-Content-SHA256"] = doc.sha256
        return response


class DocumentVoidView(APIView):
    permission_classes = [HasCapability]
    required_capability = "documents.void"

    @extend_schema(operation_id="documents_void", request=VoidSerializer, responses=DocumentSerializer)
    def post(self, request, pk: int):
        doc = _document(request, pk)
        ser = VoidSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        doc = services.document_void(
            actor=request.user, document_id=doc.pk, reason=ser.validated_data["reason"]
        )
        return Response(DocumentSerializer(doc).data)


class DocumentCorrectView(APIView):
    """Void the current version with the reason and issue the next version under the same number."""

    permission_classes = [HasCapability]
    required_capability = "documents.void"

    @extend_schema(
        operation_id="documents_correct", request=CorrectSerializer, responses={201: DocumentSerializer}
    )
    def post(self, request, pk: int):
        doc = _document(request, pk)
        ser = CorrectSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        new = services.document_correct(
            actor=request.user,
            document_id=doc.pk,
            reason=d["reason"],
            entry=d.get("entry"),
            party_signature=_png(d.get("party_signature", "")),
            party_signer=d.get("party_signer", ""),
        )
        return Response(DocumentSerializer(new).data, status=status.HTTP_201_CREATED)


class DocumentScanView(APIView):
    """Keep the scan of the paper copy the party signed (multipart: ``image``, ``signer``)."""

    permission_classes = [HasCapability]
    required_capability = "documents.issue"

    @extend_schema(
        operation_id="documents_scan", request=ScanSerializer, responses={201: OpenApiTypes.OBJECT}
    )
    def post(self, request, pk: int):
        doc = _document(request, pk)
        ser = ScanSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        upload = ser.validated_data["image"]
        if upload.size > services.rules.MAX_SIGNATURE_BYTES:
            raise ValidationError({"image": [gettext("The image is larger than 2 MB.")]})
        sig = services.party_scan_attach(
            actor=request.user, document_id=doc.pk, image=upload.read(), signer=ser.validated_data["signer"]
        )
        return Response({"id": sig.pk, "sha256": sig.sha256}, status=status.HTTP_201_CREATED)


class CaseAvailableView(APIView):
    """What a case may issue now, each with the reason when it may not."""

    permission_classes = [HasCapability]
    required_capability = "documents.view"

    @extend_schema(operation_id="documents_case_available", responses=AvailableSerializer(many=True))
    def get(self, request, case_pk: int):
        case = case_queryset(request.user).filter(pk=case_pk).first()
        if case is None:
            raise NotFound
        rows = selectors.available(case)
        for r in rows:
            r["title"] = str(r["title"])
        return Response(AvailableSerializer(rows, many=True).data)


class VerifyView(APIView):
    """Public: whether a verification code names an authentic document, whether it is current, its hash."""

    public = True
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(operation_id="documents_verify", responses=VerificationSerializer)
    def get(self, request, code: str):
        result = views.verification(selectors.document_by_code(code))
        return Response(
            VerificationSerializer(result).data, status=status.HTTP_200_OK if result["found"] else 404
        )
