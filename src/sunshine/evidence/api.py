"""REST API of evidence (``/api/v1/evidence/...``).

``POST /api/v1/evidence/`` takes multipart form data (``case``, ``kind``, ``file``, ``description``,
``captured_at``, ``place``, ``activity``, ``device_serial``, ``metadata`` as a JSON object) and answers
``{"id", "sha256", "size", ...}``; the file is hashed while it arrives, never held in memory.
``GET /api/v1/evidence/{id}/download/`` re-checks the hash and streams the file (409 if altered).
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, DataAndFiles, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.cases.selectors import case_queryset
from sunshine.core.api import Pagination, error_response
from sunshine.core.permissions import HasCapability

from . import multipart, selectors, services, storage
from .forms import ActivityForm, CompleteForm, ItemFieldsForm
from .models import Activity, Item
from .views import content_disposition


class ItemSerializer(serializers.ModelSerializer):
    sha256 = serializers.CharField(source="blob.sha256")
    size = serializers.IntegerField(source="blob.size")
    mime = serializers.CharField(source="blob.mime")
    case_number = serializers.CharField(source="case.number")
    captured_by = serializers.CharField(source="captured_by.name")
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "case",
            "case_number",
            "kind",
            "description",
            "captured_at",
            "captured_by",
            "place",
            "activity",
            "device_serial",
            "device_flag",
            "original_name",
            "sha256",
            "size",
            "mime",
            "metadata",
            "supersedes",
            "superseded_by",
            "correction_reason",
            "retain_until",
            "created_at",
        ]

    def get_superseded_by(self, obj) -> int | None:
        nxt = getattr(obj, "superseded_by", None)
        return nxt.pk if nxt else None


class ActivitySerializer(serializers.ModelSerializer):
    officers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    fewer_devices = serializers.BooleanField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "case",
            "kind",
            "started_at",
            "ended_at",
            "place",
            "officers",
            "note",
            "status",
            "device_count",
            "fewer_devices",
            "fewer_devices_reason",
            "used_by_action",
        ]


def _form_errors(form) -> serializers.ValidationError:
    return serializers.ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})


class StreamingMultiPartParser(BaseParser):
    """``multipart/form-data`` through the evidence app's streaming parser and hashing upload handler."""

    media_type = "multipart/form-data"

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        handler = request._request.upload_handlers[0]
        if not isinstance(handler, storage.HashingUploadHandler):
            handler = storage.HashingUploadHandler(request._request)
        meta = {**request.META, "CONTENT_TYPE": media_type or request.META.get("CONTENT_TYPE", "")}
        try:
            data, files = multipart.parse(stream, meta, handler)
        except multipart.MultiPartParserError as exc:
            raise ParseError(str(exc)) from exc
        return DataAndFiles(data, files)


class StreamingUploadMixin:
    """Uploads are parsed by the streaming parser with the hashing handler, whoever reads the body first
    (DRF's parser, or the CSRF check of a session user reading ``request.POST``)."""

    parser_classes = [StreamingMultiPartParser]

    def initialize_request(self, request, *args, **kwargs):
        multipart.install(request, storage.HashingUploadHandler(request))
        return super().initialize_request(request, *args, **kwargs)

    def upload_or_error(self, request):
        """The uploaded file, or an error response (too large, or missing)."""
        handler = request._request.upload_handlers[0]
        files = request.FILES
        if getattr(handler, "too_large", False):
            return None, error_response(
                "file_too_large",
                _too_large_message(storage.max_bytes()),
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        upload = files.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["required"]})
        return upload, None


def _too_large_message(limit: int) -> str:
    from django.utils.translation import gettext

    return gettext("The file is larger than the limit of %(limit)s bytes.") % {"limit": f"{limit:,}"}


class ItemListView(StreamingUploadMixin, APIView):
    """GET: the evidence the caller may see (``?case=``, ``?kind=``, ``?flagged=1``); POST: add an item."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "evidence.view", "POST": "evidence.add"}

    @extend_schema(responses=ItemSerializer(many=True))
    def get(self, request):
        qs = selectors.item_list(user=request.user, filters=request.query_params)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ItemSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": OpenApiTypes.OBJECT}, responses={201: ItemSerializer})
    def post(self, request):
        upload, error = self.upload_or_error(request)
        if error:
            return error
        case = get_object_or_404(case_queryset(request.user), pk=_int(request.data.get("case"), "case"))
        form = ItemFieldsForm(request.data, case=case)
        if not form.is_valid():
            raise _form_errors(form)
        d = form.cleaned_data
        item = services.evidence_add(
            actor=request.user,
            case=case,
            kind=d["kind"],
            upload=upload,
            description=d["description"],
            captured_at=d.get("captured_at"),
            place=d.get("place") or "",
            activity=d.get("activity"),
            device_serial=d.get("device_serial") or "",
            metadata=d.get("metadata") or {},
        )
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


def _int(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise serializers.ValidationError({name: ["required (an id)"]}) from None


class ItemDetailView(APIView):
    """One item (the view is recorded in its chain of custody), with its custody log."""

    permission_classes = [HasCapability]
    required_capability = "evidence.view"

    @extend_schema(responses=ItemSerializer)
    def get(self, request, pk: int):
        item = selectors.item_get(user=request.user, pk=pk)
        services.evidence_view(actor=request.user, item=item)
        data = ItemSerializer(item).data
        data["custody"] = [
            {"at": e["at"], "actor": e["actor"], "action": e["action"]} for e in selectors.custody_log(item)
        ]
        return Response(data)


class ItemDownloadView(APIView):
    """The file, streamed, after its hash was checked again; 409 ``evidence_altered`` if it no longer
    matches (or is missing)."""

    permission_classes = [HasCapability]
    required_capability = "evidence.view"

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        item = selectors.item_get(user=request.user, pk=pk)
        try:
            chunks = services.evidence_open_download(actor=request.user, item=item)
        except services.IntegrityFailure as exc:
            from django.utils.translation import gettext

            return error_response(
                "evidence_altered" if exc.status == "altered" else "evidence_missing",
                gettext(
                    "The stored file no longer matches its hash; it is not sent. The failure is recorded."
                )
                if exc.status == "altered"
                else gettext("The stored file is missing. The failure is recorded."),
                status.HTTP_409_CONFLICT,
                sha256=item.blob.sha256,
            )
        response = StreamingHttpResponse(chunks, content_type=item.blob.mime)
        response["Content-Length"] = str(item.blob.size)
        response["Content-Disposition"] = content_disposition(item)
        response["X-Content-Type-Options"] = "nosniff"
        response["Digest"] = f"sha-256={item.blob.sha256}"
        return response


class ItemSupersedeView(StreamingUploadMixin, APIView):
    """A correction: a new item superseding this one (``reason``, ``file``, optional ``description``)."""

    permission_classes = [HasCapability]
    required_capability = "evidence.add"

    @extend_schema(request={"multipart/form-data": OpenApiTypes.OBJECT}, responses={201: ItemSerializer})
    def post(self, request, pk: int):
        item = selectors.item_get(user=request.user, pk=pk)
        upload, error = self.upload_or_error(request)
        if error:
            return error
        new = services.evidence_supersede(
            actor=request.user,
            item=item,
            reason=str(request.data.get("reason", "")),
            upload=upload,
            description=str(request.data.get("description", "")),
        )
        return Response(ItemSerializer(new).data, status=status.HTTP_201_CREATED)


class TransferSerializer(serializers.Serializer):
    to_holder = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=2000)


class ItemTransferView(APIView):
    permission_classes = [HasCapability]
    required_capability = "evidence.transfer"
    parser_classes = [JSONParser]

    @extend_schema(request=TransferSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        item = selectors.item_get(user=request.user, pk=pk)
        s = TransferSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        row = services.evidence_transfer(actor=request.user, item=item, **s.validated_data)
        return Response(
            {"id": row.pk, "to_holder": row.to_holder, "at": row.at}, status=status.HTTP_201_CREATED
        )


class ActivityListView(APIView):
    """GET: activities of the caller's cases (``?case=``); POST: record one (``case``, ``kind``,
    ``started_at``, ``place``, ``officers`` as staff ids, ``note``)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "evidence.view", "POST": "evidence.add"}
    parser_classes = [JSONParser]

    @extend_schema(responses=ActivitySerializer(many=True))
    def get(self, request):
        qs = (
            selectors.activity_queryset(request.user)
            .prefetch_related("officers")
            .order_by("-started_at", "-id")
        )
        if request.query_params.get("case"):
            qs = qs.filter(case_id=_int(request.query_params["case"], "case"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ActivitySerializer(page, many=True).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: ActivitySerializer})
    def post(self, request):
        case = get_object_or_404(case_queryset(request.user), pk=_int(request.data.get("case"), "case"))
        form = ActivityForm(request.data, case=case)
        if not form.is_valid():
            raise _form_errors(form)
        d = form.cleaned_data
        activity = services.activity_record(
            actor=request.user,
            case=case,
            kind=d["kind"],
            started_at=d["started_at"],
            place=d.get("place") or "",
            officers=list(d["officers"]),
            note=d.get("note") or "",
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ActivityDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "evidence.view"

    @extend_schema(responses=ActivitySerializer)
    def get(self, request, pk: int):
        activity = selectors.activity_get(user=request.user, pk=pk)
        data = ActivitySerializer(activity).data
        data["items"] = list(activity.items.values_list("pk", flat=True))
        return Response(data)


class ActivityCompleteView(APIView):
    """Mark an activity done (``ended_at``, ``fewer_devices_reason``): 422 without an audio-visual item
    (seed 001) or with fewer than two devices and no reason (seed 004)."""

    permission_classes = [HasCapability]
    required_capability = "evidence.add"
    parser_classes = [JSONParser]

    @extend_schema(request=OpenApiTypes.OBJECT, responses=ActivitySerializer)
    def post(self, request, pk: int):
        activity = selectors.activity_get(user=request.user, pk=pk)
        form = CompleteForm(request.data)
        if not form.is_valid():
            raise _form_errors(form)
        activity = services.activity_complete(
            actor=request.user,
            activity=activity,
            ended_at=form.cleaned_data.get("ended_at"),
            fewer_devices_reason=form.cleaned_data.get("fewer_devices_reason") or "",
        )
        return Response(ActivitySerializer(activity).data)


# --- resumable uploads (tus-like) ----------------------------------------------------------------------


def _session(request, pk):
    from .models import UploadSession

    session = UploadSession.objects.filter(pk=pk, case__in=case_queryset(request.user)).first()
    if session is None:
        from django.http import Http404

        raise Http404
    return session


def _session_body(session) -> dict:
    return {"id": str(session.pk), "offset": session.offset, "size": session.size, "item": session.item_id}


class UploadListView(APIView):
    """Open a resumable upload: JSON ``case``, ``filename``, ``size`` and the item's fields (``kind``,
    ``description``, ``captured_at``, ``place``, ``activity``, ``device_serial``, ``metadata``).
    Then ``PATCH`` the chunks in order with the ``Upload-Offset`` header, and ``POST .../finish/``."""

    permission_classes = [HasCapability]
    required_capability = "evidence.add"
    parser_classes = [JSONParser]

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        case = get_object_or_404(case_queryset(request.user), pk=_int(request.data.get("case"), "case"))
        form = ItemFieldsForm(request.data, case=case)
        if not form.is_valid():
            raise _form_errors(form)
        d = form.cleaned_data
        fields = {
            "kind": d["kind"],
            "description": d["description"],
            "captured_at": d["captured_at"].isoformat() if d.get("captured_at") else "",
            "place": d.get("place") or "",
            "activity": d["activity"].pk if d.get("activity") else None,
            "device_serial": d.get("device_serial") or "",
            "metadata": d.get("metadata") or {},
        }
        session = services.upload_session_start(
            actor=request.user,
            case=case,
            filename=str(request.data.get("filename", "")),
            size=_int(request.data.get("size"), "size"),
            fields=fields,
        )
        response = Response(_session_body(session), status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/evidence/uploads/{session.pk}/"
        response["Upload-Offset"] = str(session.offset)
        return response


class UploadDetailView(APIView):
    """GET: how many bytes have arrived (also in ``Upload-Offset``). PATCH: append the request body at
    ``Upload-Offset`` (409 with the current offset when it does not match)."""

    permission_classes = [HasCapability]
    required_capability = "evidence.add"

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        session = _session(request, pk)
        response = Response(_session_body(session))
        response["Upload-Offset"] = str(session.offset)
        return response

    @extend_schema(
        request={"application/offset+octet-stream": OpenApiTypes.BINARY}, responses=OpenApiTypes.OBJECT
    )
    def patch(self, request, pk):
        session = _session(request, pk)
        try:
            offset = int(request.headers.get("Upload-Offset", ""))
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise serializers.ValidationError({"Upload-Offset": ["required (an integer)"]}) from None
        try:
            session = services.upload_session_append(
                actor=request.user, session=session, offset=offset, stream=request._request, length=length
            )
        except services.OffsetMismatch as exc:
            from django.utils.translation import gettext

            response = error_response(
                "upload_offset_mismatch",
                gettext("The chunk does not start where the upload stands."),
                status.HTTP_409_CONFLICT,
                offset=exc.offset,
            )
            response["Upload-Offset"] = str(exc.offset)
            return response
        response = Response(_session_body(session))
        response["Upload-Offset"] = str(session.offset)
        return response


class UploadFinishView(APIView):
    """Register the item once every byte has arrived: 201 with the item (``id``, ``sha256``, ``size``)."""

    permission_classes = [HasCapability]
    required_capability = "evidence.add"

    @extend_schema(request=None, responses={201: ItemSerializer})
    def post(self, request, pk):
        item = services.upload_session_finish(actor=request.user, session=_session(request, pk))
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)
