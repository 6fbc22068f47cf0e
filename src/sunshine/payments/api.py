"""REST API of fine collection (``/api/v1/payments/...``).

Finance and leaders read notices, files, exceptions, arrangements and cash receipts; finance — or the bank's
or the non-tax revenue system's account, a user in the finance role with an API token
(``POST /api/v1/auth/token/``) — posts reconciliation files; officers record deferral requests on their
squad's cases and read whether a case's fine is paid; leaders decide. No endpoint gives amounts per officer
(《行政处罚法》第七十四条).
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.money import amount_in_chinese_capitals
from sunshine.core.permissions import HasCapability

from . import selectors, services
from .forms import ArrangementForm, CashConfirmForm, CashDepositForm, DecideForm, ResolveForm
from .models import Arrangement, BankPayment, CashReceipt, Instalment, PaymentNotice, ReconciliationFile


class NoticeSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    status = serializers.CharField(read_only=True, help_text="open, partial, paid or cancelled")
    fine_in_capitals = serializers.SerializerMethodField()

    class Meta:
        model = PaymentNotice
        fields = [
            "id",
            "code",
            "case",
            "case_number",
            "decision_number",
            "party_name",
            "fine",
            "fine_in_capitals",
            "bank_name",
            "account_name",
            "account_number",
            "served_on",
            "due",
            "status",
            "paid_total",
            "surcharge",
            "paid_on",
            "execution",
            "execution_note",
            "issued_at",
        ]

    def get_fine_in_capitals(self, obj) -> str:
        return amount_in_chinese_capitals(obj.fine)


class InstalmentStateSerializer(serializers.Serializer):
    due = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    surcharge = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    settled_on = serializers.DateField(allow_null=True)


class NoticeDetailSerializer(NoticeSerializer):
    owed_today = serializers.SerializerMethodField()
    owed_in_capitals = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "owed_today", "owed_in_capitals", "schedule"]

    def _settlement(self, obj):
        if not hasattr(obj, "_settlement"):
            obj._settlement = services.settlement_of(obj)
        return obj._settlement

    def get_owed_today(self, obj) -> str:
        if obj.status == PaymentNotice.Status.CANCELLED:
            return "0.00"
        return str(self._settlement(obj).outstanding)

    def get_owed_in_capitals(self, obj) -> str:
        return amount_in_chinese_capitals(self.get_owed_today(obj))

    @extend_schema_field(InstalmentStateSerializer(many=True))
    def get_schedule(self, obj) -> list[dict]:
        return InstalmentStateSerializer(self._settlement(obj).instalments, many=True).data


class BankPaymentSerializer(serializers.ModelSerializer):
    notice_code = serializers.CharField(source="notice.code", read_only=True, default=None)

    class Meta:
        model = BankPayment
        fields = [
            "id",
            "file",
            "line_no",
            "transaction_id",
            "code",
            "notice",
            "notice_code",
            "amount",
            "paid_on",
            "payer",
            "result",
            "excess",
            "note",
            "resolution",
            "resolution_note",
            "resolved_at",
        ]


class FileSerializer(serializers.ModelSerializer):
    source = serializers.CharField(read_only=True, help_text="upload, command or api")

    class Meta:
        model = ReconciliationFile
        fields = ["id", "name", "sha256", "source", "imported_at", "lines", "summary"]


class FileDetailSerializer(FileSerializer):
    payments = BankPaymentSerializer(many=True, read_only=True)

    class Meta(FileSerializer.Meta):
        fields = [*FileSerializer.Meta.fields, "payments"]


class InstalmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instalment
        fields = ["seq", "due", "amount"]


class ArrangementSerializer(serializers.ModelSerializer):
    instalments = InstalmentSerializer(many=True, read_only=True)
    case_number = serializers.CharField(source="notice.case.number", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="deferral or instalments")
    status = serializers.CharField(read_only=True, help_text="pending, approved or refused")

    class Meta:
        model = Arrangement
        fields = [
            "id",
            "notice",
            "case_number",
            "kind",
            "reason",
            "requested_on",
            "status",
            "decided_on",
            "decision_note",
            "instalments",
        ]


class CashSerializer(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    amount_in_capitals = serializers.SerializerMethodField()

    class Meta:
        model = CashReceipt
        fields = [
            "id",
            "case",
            "case_number",
            "receipt_number",
            "amount",
            "amount_in_capitals",
            "party_name",
            "collected_on",
            "handover_due",
            "handed_in_on",
            "received_on",
            "deposit_due",
            "deposited_on",
            "bank_reference",
        ]

    def get_amount_in_capitals(self, obj) -> str:
        return amount_in_chinese_capitals(obj.amount)


def _form(form_class, data):
    form = form_class(data=data)
    if not form.is_valid():
        raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
    return form.cleaned_data


# --- notices -----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="payments_notices_list",
        parameters=[
            OpenApiParameter("status", str, enum=PaymentNotice.Status.values),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("execution", str, enum=["pending", "recorded"]),
            OpenApiParameter("q", str, description="payment code prefix, case or decision number, party"),
        ],
    )
)
class NoticeList(generics.ListAPIView):
    """Payment notices (finance and leaders), newest first."""

    permission_classes = [HasCapability]
    required_capability = "payments.view"
    serializer_class = NoticeSerializer
    filter_backends: list = []

    def get_queryset(self):
        filters = {key: self.request.query_params.get(key, "") for key in selectors.NOTICE_FILTERS}
        return selectors.notice_list(user=self.request.user, filters=filters)


@extend_schema_view(get=extend_schema(operation_id="payments_notices_detail"))
class NoticeDetail(generics.RetrieveAPIView):
    """One notice with what is owed today (the late surcharge included) and its schedule."""

    permission_classes = [HasCapability]
    required_capability = "payments.view"
    serializer_class = NoticeDetailSerializer

    def get_object(self):
        return selectors.notice_get(user=self.request.user, pk=self.kwargs["pk"])


# --- reconciliation ----------------------------------------------------------------------------


class ReconciliationLineSerializer(serializers.Serializer):
    transaction_id = serializers.CharField(max_length=64)
    payment_code = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()
    payer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ReconciliationPostSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    file = serializers.FileField(required=False, help_text="a CSV file (multipart)")
    lines = ReconciliationLineSerializer(many=True, required=False, help_text="or the lines as JSON")


def _lines_to_csv(lines: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["transaction_id", "payment_code", "amount", "paid_on", "payer"])
    for line in lines:
        writer.writerow(
            [
                line["transaction_id"],
                line["payment_code"],
                line["amount"],
                line["paid_on"].isoformat(),
                line["payer"],
            ]
        )
    return out.getvalue().encode()


@extend_schema_view(
    get=extend_schema(operation_id="payments_reconciliations_list"),
    post=extend_schema(
        operation_id="payments_reconciliations_import",
        request={
            "multipart/form-data": ReconciliationPostSerializer,
            "application/json": ReconciliationPostSerializer,
        },
        responses={201: FileDetailSerializer, 200: FileDetailSerializer},
        description=(
            "Import a bank reconciliation file: a CSV ``file`` (multipart) or JSON ``lines``. 201 with the "
            "per-line result; 200 with the first import when the same content was imported before."
        ),
    ),
)
class ReconciliationList(generics.ListAPIView):
    """Imported reconciliation files; POST imports one (finance, or the bank's account)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "payments.view", "POST": "payments.reconcile"}
    serializer_class = FileSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.file_list(user=self.request.user)

    def post(self, request):
        data = ReconciliationPostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data.get("file")
        lines = data.validated_data.get("lines")
        if upload is not None:
            if upload.size > services.MAX_FILE_BYTES:
                raise ValidationError({"file": [gettext("The file is larger than 64 MB: split it.")]})
            content, name = upload.read(), data.validated_data.get("name") or upload.name
        elif lines:
            content, name = _lines_to_csv(lines), data.validated_data.get("name") or "api.csv"
        else:
            raise ValidationError({"file": [gettext("Send a CSV file or the lines.")]})
        record, created = services.reconciliation_import(
            actor=request.user, name=name, content=content, source="api"
        )
        return Response(
            FileDetailSerializer(record).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema_view(get=extend_schema(operation_id="payments_reconciliations_detail"))
class ReconciliationDetail(generics.RetrieveAPIView):
    """One file's per-line report."""

    permission_classes = [HasCapability]
    required_capability = "payments.view"
    serializer_class = FileDetailSerializer

    def get_object(self):
        return selectors.file_get(user=self.request.user, pk=self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(
        operation_id="payments_exceptions_list",
        parameters=[OpenApiParameter("all", bool, description="resolved too")],
    )
)
class ExceptionList(generics.ListAPIView):
    """Partial and over-payments, unknown codes, payments to cancelled notices."""

    permission_classes = [HasCapability]
    required_capability = "payments.view"
    serializer_class = BankPaymentSerializer
    filter_backends: list = []

    def get_queryset(self):
        include = self.request.query_params.get("all") in ("1", "true")
        return selectors.exception_list(user=self.request.user, include_resolved=include)


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.ChoiceField(choices=["assigned", "refunded", "accepted"])
    code = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField()


@extend_schema_view(
    post=extend_schema(
        operation_id="payments_exceptions_resolve", request=ResolveSerializer, responses=BankPaymentSerializer
    )
)
class ExceptionResolve(APIView):
    permission_classes = [HasCapability]
    required_capability = "payments.reconcile"

    def post(self, request, pk: int):
        payment = selectors.exception_get(user=request.user, pk=pk)
        data = _form(ResolveForm, request.data)
        payment = services.exception_resolve(actor=request.user, payment=payment, **data)
        return Response(BankPaymentSerializer(payment).data)


# --- deferral and instalments ------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="payments_arrangements_list",
        parameters=[OpenApiParameter("status", str, enum=Arrangement.Status.values)],
    )
)
class ArrangementList(generics.ListAPIView):
    permission_classes = [HasCapability]
    required_capability = "payments.view"
    serializer_class = ArrangementSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.arrangement_list(
            user=self.request.user, status=self.request.query_params.get("status")
        )


class ArrangementRequestSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="deferral or instalments")
    reason = serializers.CharField()
    schedule = serializers.CharField(help_text="one instalment a line: YYYY-MM-DD amount")
    requested_on = serializers.DateField(required=False)


@extend_schema_view(
    post=extend_schema(
        operation_id="payments_case_arrangement_request",
        request=ArrangementRequestSerializer,
        responses={201: ArrangementSerializer},
    )
)
class ArrangementRequest(APIView):
    """An officer records the party's request for deferral or instalments (第六十六条)."""

    permission_classes = [HasCapability]
    required_capability = "payments.request"

    def post(self, request, case_pk: int):
        from sunshine.cases.selectors import case_queryset

        case = case_queryset(request.user).filter(pk=case_pk).first()
        if case is None:
            raise Http404
        data = _form(ArrangementForm, request.data)
        arrangement = services.arrangement_request(actor=request.user, case=case, **data)
        return Response(ArrangementSerializer(arrangement).data, status=status.HTTP_201_CREATED)


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    post=extend_schema(
        operation_id="payments_arrangements_decide", request=DecideSerializer, responses=ArrangementSerializer
    )
)
class ArrangementDecide(APIView):
    permission_classes = [HasCapability]
    required_capability = "payments.approve"

    def post(self, request, pk: int):
        arrangement = selectors.arrangement_get(user=request.user, pk=pk)
        payload = dict(request.data.items()) if hasattr(request.data, "items") else {}
        if isinstance(payload.get("approve"), bool):
            payload["approve"] = "1" if payload["approve"] else "0"
        data = _form(DecideForm, payload)
        arrangement = services.arrangement_decide(actor=request.user, arrangement=arrangement, **data)
        return Response(ArrangementSerializer(arrangement).data)


# --- cash --------------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        operation_id="payments_cash_list",
        parameters=[OpenApiParameter("state", str, enum=["outstanding", "overdue", "undeposited"])],
    )
)
class CashList(generics.ListAPIView):
    permission_classes = [HasCapability]
    required_capability = "payments.view"
    serializer_class = CashSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.cash_list(
            user=self.request.user, filters={"state": self.request.query_params.get("state")}
        )


class CashConfirmSerializer(serializers.Serializer):
    received_on = serializers.DateField(required=False)


@extend_schema_view(
    post=extend_schema(
        operation_id="payments_cash_confirm", request=CashConfirmSerializer, responses=CashSerializer
    )
)
class CashConfirm(APIView):
    permission_classes = [HasCapability]
    required_capability = "payments.reconcile"

    def post(self, request, pk: int):
        receipt = selectors.cash_get(user=request.user, pk=pk)
        data = _form(CashConfirmForm, request.data)
        return Response(
            CashSerializer(services.cash_confirm(actor=request.user, receipt=receipt, **data)).data
        )


class CashDepositSerializer(serializers.Serializer):
    deposited_on = serializers.DateField(required=False)
    reference = serializers.CharField()


@extend_schema_view(
    post=extend_schema(
        operation_id="payments_cash_deposit", request=CashDepositSerializer, responses=CashSerializer
    )
)
class CashDeposit(APIView):
    permission_classes = [HasCapability]
    required_capability = "payments.reconcile"

    def post(self, request, pk: int):
        receipt = selectors.cash_get(user=request.user, pk=pk)
        data = _form(CashDepositForm, request.data)
        return Response(
            CashSerializer(services.cash_deposit(actor=request.user, receipt=receipt, **data)).data
        )


# --- the case's view --------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(operation_id="payments_case_status", responses=OpenApiTypes.OBJECT))
class CaseStatus(APIView):
    """Whether a case's fine is paid (anyone who may see the case); no amounts received (第七十四条)."""

    permission_classes = [HasCapability]
    required_capability = "cases.view"

    def get(self, request, case_pk: int):
        from sunshine.cases.selectors import case_queryset

        case = case_queryset(request.user).filter(pk=case_pk).first()
        if case is None:
            raise Http404
        return Response(
            {"case": case.pk, "payment": selectors.case_payment_status(user=request.user, case=case)}
        )
