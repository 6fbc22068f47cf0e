"""REST API of oversight (``/api/v1/oversight/...``). Reads are scoped by :mod:`.selectors` (a hidden
object is a 404); writes call :mod:`.services`."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability
from sunshine.org.models import Certificate, Staff, Unit

from . import selectors, services
from .models import (
    FOUR_MUSTS,
    AccountabilityAction,
    CertificateReview,
    ConductCheck,
    EnforcementFault,
    FaultFlag,
    Finding,
    Investigation,
)
from .record import officer_record
from .views import resolve_action_links, resolve_fault_links, review_due

LIMIT = 200


def _year(request) -> int:
    try:
        return int(request.query_params.get("year", ""))
    except ValueError:
        return timezone.localdate().year


# --- serializers --------------------------------------------------------------------------------


class OversightStaffSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Staff
        fields = ["id", "employee_no", "name", "unit", "status"]


class ConductFindingSerializer(serializers.ModelSerializer):
    staff = OversightStaffSerializer(read_only=True)
    check = serializers.IntegerField(source="conduct_check_id", read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "check",
            "staff",
            "item",
            "description",
            "status",
            "found_on",
            "due",
            "response",
            "responded_at",
            "closed_at",
            "close_note",
            "photos",
        ]

    def get_photos(self, obj) -> list[str]:
        return [p.image.url for p in obj.photos.all()]


class ConductCheckSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)
    checked_by = serializers.CharField(source="checked_by.get_username", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="daily, open or unannounced")

    class Meta:
        model = ConductCheck
        fields = ["id", "kind", "unit", "place", "checked_at", "checked_by", "note"]


class CheckEntryInSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    uniform = serializers.BooleanField(default=True)
    certificate = serializers.BooleanField(default=True)
    conduct = serializers.BooleanField(default=True)
    recorder = serializers.BooleanField(default=True)
    other = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ConductCheckInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConductCheck.Kind.choices)
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    rectify_days = serializers.IntegerField(required=False, allow_null=True, default=None)
    entries = CheckEntryInSerializer(many=True)


class MisconductInvestigationSerializer(serializers.ModelSerializer):
    staff = OversightStaffSerializer(read_only=True)
    report_content = serializers.CharField(source="report.content", read_only=True, default="")

    class Meta:
        model = Investigation
        fields = [
            "id",
            "report",
            "request",
            "report_content",
            "staff",
            "status",
            "opened_at",
            "findings",
            "conclusion",
            "concluded_at",
        ]


class AccountabilityActionSerializer(serializers.ModelSerializer):
    staff = OversightStaffSerializer(read_only=True)
    investigation = serializers.SerializerMethodField()
    kind = serializers.CharField(read_only=True, help_text="one of the kinds accepted by POST")

    class Meta:
        model = AccountabilityAction
        fields = [
            "id",
            "staff",
            "kind",
            "basis",
            "reason",
            "finding",
            "fault",
            "investigation",
            "status",
            "proposed_at",
            "decided_at",
            "decision_note",
        ]

    def get_investigation(self, obj) -> int | None:
        visible = self.context.get("visible_investigations", set())
        return obj.investigation_id if obj.investigation_id in visible else None


class AccountabilityActionInSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AccountabilityAction.Kind.choices)
    basis = serializers.CharField(max_length=300)
    reason = serializers.CharField(max_length=5000)
    finding = serializers.IntegerField(required=False, allow_null=True)
    fault = serializers.IntegerField(required=False, allow_null=True)
    investigation = serializers.IntegerField(required=False, allow_null=True)
    flag = serializers.IntegerField(required=False, allow_null=True)


class EnforcementFaultSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.number", read_only=True)
    officers = serializers.SerializerMethodField()
    source = serializers.CharField(
        read_only=True, help_text="review, reconsideration, litigation or inspection"
    )

    class Meta:
        model = EnforcementFault
        fields = ["id", "case", "source", "found_on", "description", "officers"]

    def get_officers(self, obj) -> list[str]:
        return [s.employee_no for s in obj.officers.all()]


class EnforcementFaultInSerializer(serializers.Serializer):
    case = serializers.CharField(max_length=40)
    source = serializers.ChoiceField(choices=EnforcementFault.Source.choices)
    found_on = serializers.DateField()
    description = serializers.CharField(max_length=5000)
    officers = serializers.ListField(child=serializers.CharField(max_length=32), allow_empty=True)


class FaultFlagSerializer(serializers.ModelSerializer):
    staff = OversightStaffSerializer(read_only=True)

    class Meta:
        model = FaultFlag
        fields = ["id", "staff", "year", "flagged_at", "action"]


class QualificationExamInSerializer(serializers.Serializer):
    staff = serializers.IntegerField()
    sat_on = serializers.DateField()
    passed = serializers.BooleanField()
    score = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)


class CertificateReviewInSerializer(serializers.Serializer):
    certificate = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    result = serializers.ChoiceField(choices=CertificateReview.Result.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


# --- views --------------------------------------------------------------------------------------


class CheckListView(APIView):
    """Conduct checks visible to the user (GET); record one with its officers' four musts (POST)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "oversight.view", "POST": "oversight.check"}

    @extend_schema(responses=ConductCheckSerializer(many=True))
    def get(self, request):
        return Response(ConductCheckSerializer(selectors.checks(request.user)[:LIMIT], many=True).data)

    @extend_schema(request=ConductCheckInSerializer, responses=ConductCheckSerializer)
    def post(self, request):
        s = ConductCheckInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        check = services.check_record(
            actor=request.user,
            kind=d["kind"],
            unit=d["unit"],
            entries=[dict(e) for e in d["entries"]],
            place=d["place"],
            note=d["note"],
            rectify_days=d["rectify_days"],
        )
        return Response(ConductCheckSerializer(check).data, status=status.HTTP_201_CREATED)


class CheckDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "oversight.view"

    @extend_schema(responses=ConductCheckSerializer)
    def get(self, request, pk: int):
        check = selectors.check_get(request.user, pk)
        visible = selectors.staff_visible(request.user).values("pk")
        data = ConductCheckSerializer(check).data
        data["entries"] = [
            {"staff": e.staff_id, **{item.value: getattr(e, item.value) for item in FOUR_MUSTS}}
            for e in check.entries.filter(staff__in=visible)
        ]
        data["findings"] = ConductFindingSerializer(
            selectors.findings(request.user).filter(conduct_check=check).prefetch_related("photos"), many=True
        ).data
        return Response(data)


class FindingListView(APIView):
    """Rectification tasks visible to the user; ``?status=open|answered|closed``."""

    permission_classes = [HasCapability]
    required_capability = "oversight.view"

    @extend_schema(responses=ConductFindingSerializer(many=True))
    def get(self, request):
        qs = selectors.findings(request.user).prefetch_related("photos")
        wanted = request.query_params.get("status")
        if wanted in Finding.Status.values:
            qs = qs.filter(status=wanted)
        return Response(ConductFindingSerializer(qs[:LIMIT], many=True).data)


class FindingDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "oversight.view"

    @extend_schema(responses=ConductFindingSerializer)
    def get(self, request, pk: int):
        return Response(ConductFindingSerializer(selectors.finding_get(request.user, pk)).data)


class FindingRespondView(APIView):
    """The officer concerned reports the rectification (``{"response": "..."}``)."""

    permission_classes = [HasCapability]
    required_capability = "oversight.respond"

    @extend_schema(request=None, responses=ConductFindingSerializer)
    def post(self, request, pk: int):
        finding = selectors.finding_get(request.user, pk)
        finding = services.finding_respond(
            actor=request.user, finding=finding, response=str(request.data.get("response", ""))
        )
        return Response(ConductFindingSerializer(finding).data)


class FindingCloseView(APIView):
    """The checker accepts (``{"accept": true}``) or sends back (``false``, with a ``note``)."""

    permission_classes = [HasCapability]
    required_capability = "oversight.check"

    @extend_schema(request=None, responses=ConductFindingSerializer)
    def post(self, request, pk: int):
        finding = selectors.finding_get(request.user, pk)
        accept = request.data.get("accept", True)
        if isinstance(accept, str):
            accept = accept.lower() in ("1", "true", "yes")
        finding = services.finding_close(
            actor=request.user, finding=finding, accept=bool(accept), note=str(request.data.get("note", ""))
        )
        return Response(ConductFindingSerializer(finding).data)


class FindingPhotoView(APIView):
    """Add a photo (multipart ``image``; the content must be JPEG, PNG or WebP)."""

    permission_classes = [HasCapability]
    required_capability = "oversight.check"
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=None, responses=ConductFindingSerializer)
    def post(self, request, pk: int):
        finding = selectors.finding_get(request.user, pk)
        services.finding_photo_add(actor=request.user, finding=finding, image=request.FILES.get("image"))
        return Response(ConductFindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class InvestigationListView(APIView):
    """Investigations (inspection office and leaders; never those about the caller). POST opens one:
    ``{"report": id}`` (a social supervisor's misconduct report) or ``{"request": id}`` (a complaint)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "misconduct.view", "POST": "oversight.investigate"}

    @extend_schema(responses=MisconductInvestigationSerializer(many=True))
    def get(self, request):
        return Response(
            MisconductInvestigationSerializer(selectors.investigations(request.user)[:LIMIT], many=True).data
        )

    @extend_schema(request=None, responses=MisconductInvestigationSerializer)
    def post(self, request):
        from sunshine.service import supervision
        from sunshine.service.models import Request

        report = request_obj = None
        if request.data.get("report"):
            report = supervision.misconduct_get(request.user, _int(request.data.get("report")))
        elif request.data.get("request"):
            request_obj = get_object_or_404(Request, pk=_int(request.data.get("request")))
        else:
            raise serializers.ValidationError({"report": ["required"]})
        staff = None
        if request.data.get("staff"):
            staff = get_object_or_404(Staff, pk=_int(request.data.get("staff")))
        investigation = services.investigation_open(
            actor=request.user, report=report, request=request_obj, staff=staff
        )
        return Response(MisconductInvestigationSerializer(investigation).data, status=status.HTTP_201_CREATED)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


class InvestigationDetailView(APIView):
    permission_classes = [HasCapability]
    required_capability = "misconduct.view"

    @extend_schema(responses=MisconductInvestigationSerializer)
    def get(self, request, pk: int):
        return Response(MisconductInvestigationSerializer(selectors.investigation_get(request.user, pk)).data)


class InvestigationConcludeView(APIView):
    """``{"findings", "conclusion", "staff"?, "result_for_reporter"?}``."""

    permission_classes = [HasCapability]
    required_capability = "oversight.investigate"

    @extend_schema(request=None, responses=MisconductInvestigationSerializer)
    def post(self, request, pk: int):
        investigation = selectors.investigation_get(request.user, pk)
        staff = None
        if request.data.get("staff"):
            staff = get_object_or_404(Staff, pk=_int(request.data.get("staff")))
        investigation = services.investigation_conclude(
            actor=request.user,
            investigation=investigation,
            findings=str(request.data.get("findings", "")),
            conclusion=str(request.data.get("conclusion", "")),
            staff=staff,
            result_for_reporter=str(request.data.get("result_for_reporter", "")),
        )
        return Response(MisconductInvestigationSerializer(investigation).data)


def _visible_investigations(user, actions) -> set:
    ids = [a.investigation_id for a in actions if a.investigation_id]
    if not ids:
        return set()
    return set(selectors.investigations(user).filter(pk__in=ids).values_list("pk", flat=True))


class ActionListView(APIView):
    """Accountability actions visible to the user (GET); propose one (POST, inspectors and leaders)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "oversight.view", "POST": "oversight.accountability"}

    @extend_schema(responses=AccountabilityActionSerializer(many=True))
    def get(self, request):
        actions = list(selectors.actions(request.user)[:LIMIT])
        ctx = {"visible_investigations": _visible_investigations(request.user, actions)}
        return Response(AccountabilityActionSerializer(actions, many=True, context=ctx).data)

    @extend_schema(request=AccountabilityActionInSerializer, responses=AccountabilityActionSerializer)
    def post(self, request):
        s = AccountabilityActionInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        action = services.action_propose(
            actor=request.user, **resolve_action_links(request.user, s.validated_data)
        )
        ctx = {"visible_investigations": _visible_investigations(request.user, [action])}
        return Response(
            AccountabilityActionSerializer(action, context=ctx).data, status=status.HTTP_201_CREATED
        )


class ActionDecideView(APIView):
    """A leader approves (``{"approve": true}``) or rejects an action."""

    permission_classes = [HasCapability]
    required_capability = "oversight.approve"

    @extend_schema(request=None, responses=AccountabilityActionSerializer)
    def post(self, request, pk: int):
        action = selectors.action_get(request.user, pk)
        approve = request.data.get("approve")
        if approve is None:
            raise serializers.ValidationError({"approve": ["required"]})
        if isinstance(approve, str):
            approve = approve.lower() in ("1", "true", "yes")
        action = services.action_decide(
            actor=request.user, action=action, approve=bool(approve), note=str(request.data.get("note", ""))
        )
        ctx = {"visible_investigations": _visible_investigations(request.user, [action])}
        return Response(AccountabilityActionSerializer(action, context=ctx).data)


class FaultListView(APIView):
    """Enforcement faults (``?year=``); POST records one with the officers responsible."""

    permission_classes = [HasCapability]
    required_capability = "oversight.faults"

    @extend_schema(responses=EnforcementFaultSerializer(many=True))
    def get(self, request):
        qs = selectors.faults(request.user)
        if request.query_params.get("year"):
            qs = qs.filter(found_on__year=_year(request))
        return Response(EnforcementFaultSerializer(qs.select_related("case")[:LIMIT], many=True).data)

    @extend_schema(request=EnforcementFaultInSerializer, responses=EnforcementFaultSerializer)
    def post(self, request):
        s = EnforcementFaultInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        case, officers = resolve_fault_links(d["case"], d["officers"])
        fault = services.fault_record(
            actor=request.user,
            case=case,
            source=d["source"],
            found_on=d["found_on"],
            description=d["description"],
            officers=officers,
        )
        return Response(EnforcementFaultSerializer(fault).data, status=status.HTTP_201_CREATED)


class FlagListView(APIView):
    """Officers flagged for two or more faults in a year (seed 002), ``?year=``."""

    permission_classes = [HasCapability]
    required_capability = "oversight.view"

    @extend_schema(responses=FaultFlagSerializer(many=True))
    def get(self, request):
        qs = selectors.flags(request.user)
        if request.query_params.get("year"):
            qs = qs.filter(year=_year(request))
        return Response(FaultFlagSerializer(qs[:LIMIT], many=True).data)


class ExamView(APIView):
    """Record a qualification exam; a failure puts the officer on study leave (seed 002)."""

    permission_classes = [HasCapability]
    required_capability = "oversight.qualification"

    @extend_schema(request=QualificationExamInSerializer, responses=OversightStaffSerializer)
    def post(self, request):
        s = QualificationExamInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        staff = selectors.staff_get(request.user, d["staff"])
        services.exam_record(
            actor=request.user, staff=staff, sat_on=d["sat_on"], passed=d["passed"], score=d.get("score")
        )
        staff.refresh_from_db()
        return Response(OversightStaffSerializer(staff).data, status=status.HTTP_201_CREATED)


class CertificateReviewView(APIView):
    """GET: who is due for the annual certificate review (``?year=``); POST: record a review."""

    permission_classes = [HasCapability]
    required_capability = "oversight.qualification"

    @extend_schema(responses=dict)
    def get(self, request):
        year = _year(request)
        rows = review_due(request.user, year)
        return Response(
            {
                "year": year,
                "due": [
                    {
                        "certificate": r["certificate"].number,
                        "certificate_id": r["certificate"].pk,
                        "expires_on": r["certificate"].expires_on,
                        "staff": OversightStaffSerializer(r["staff"]).data,
                        "training_hours": r["hours"],
                        "faults": r["faults"],
                        "concerns": r["concerns"],
                    }
                    for r in rows
                ],
            }
        )

    @extend_schema(request=CertificateReviewInSerializer, responses=dict)
    def post(self, request):
        s = CertificateReviewInSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        certificate = get_object_or_404(Certificate, pk=d["certificate"])
        review = services.certificate_review_record(
            actor=request.user, certificate=certificate, year=d["year"], result=d["result"], note=d["note"]
        )
        return Response({"id": review.pk, "result": review.result}, status=status.HTTP_201_CREATED)


class RecordView(APIView):
    """One officer's record for a year (``?year=``): counts and lists; never amounts of fines
    (《行政处罚法》第七十四条). Investigations appear only for the inspection office and leaders, never
    for the officer concerned."""

    permission_classes = [HasCapability]
    required_capability = "oversight.view"

    @extend_schema(responses=dict)
    def get(self, request, pk: int):
        staff = selectors.staff_get(request.user, pk)
        r = officer_record(viewer=request.user, staff=staff, year=_year(request))
        actions = r["accountability"]["actions"]
        ctx = {
            "visible_investigations": {a.visible_investigation for a in actions if a.visible_investigation}
        }
        body = {
            "staff": OversightStaffSerializer(staff).data,
            "year": r["year"],
            "cases": {
                "total": r["cases"]["total"],
                "lead": r["cases"]["lead"],
                "by_state": r["cases"]["by_state"],
                "recent": [
                    {"id": h.case_id, "number": h.case.number, "state": h.case.state, "lead": h.lead}
                    for h in r["cases"]["recent"]
                ],
            },
            "checks": r["checks"]["entries"],
            "findings": {
                **r["checks"]["findings"],
                "recent": ConductFindingSerializer(r["checks"]["recent_findings"], many=True).data,
            },
            "faults": {
                "count": r["faults"]["count"],
                "flagged": r["faults"]["flagged"],
                "items": EnforcementFaultSerializer(r["faults"]["faults"], many=True).data,
            },
            "accountability": AccountabilityActionSerializer(actions, many=True, context=ctx).data,
            "exams": [
                {"sat_on": e.sat_on, "passed": e.passed, "score": e.score}
                for e in r["qualification"]["exams"]
            ],
            "certificate_reviews": [
                {"certificate": rv.certificate.number, "result": rv.result}
                for rv in r["qualification"]["reviews"]
            ],
            "training": {
                "hours": r["training"]["hours"],
                "required": r["training"]["required"],
                "met": r["training"]["met"],
            },
            "sections": [{"title": str(s["title"]), "order": s["order"]} for s in r["sections"]],
        }
        if r["investigations"] is not None:
            body["investigations"] = MisconductInvestigationSerializer(
                r["investigations"]["investigations"], many=True
            ).data
        return Response(body)
