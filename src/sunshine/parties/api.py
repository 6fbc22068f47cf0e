"""REST API of parties, field contacts and vending points (``/api/v1/parties/...``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.catalog.models import Matter
from sunshine.core.permissions import HasCapability
from sunshine.org.models import Staff
from sunshine.org.selectors import user_staff

from . import selectors, services
from .ladder import recommendation_for, window_months
from .models import CONTACT_STEPS, FieldContact, Party, VendingPoint, VendorAssignment, WaitingEntry
from .rules import window_since
from .validators import validate_photo


class PartySerializer(serializers.ModelSerializer):
    vulnerable = serializers.BooleanField(source="is_vulnerable", read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "kind",
            "name",
            "id_number",
            "credit_code",
            "gender",
            "birth_date",
            "phone",
            "address",
            "legal_representative",
            "laid_off",
            "zero_employment_family",
            "landless_farmer",
            "disabled",
            "vulnerable",
            "notes",
            "created_at",
        ]
        read_only_fields = ["gender", "birth_date", "created_at"]


class PartyWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Party.Kind.choices, default=Party.Kind.INDIVIDUAL)
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=32, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    legal_representative = serializers.CharField(max_length=64, required=False, allow_blank=True)
    laid_off = serializers.BooleanField(required=False)
    zero_employment_family = serializers.BooleanField(required=False)
    landless_farmer = serializers.BooleanField(required=False)
    disabled = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class PartyListCreate(generics.ListCreateAPIView):
    """``GET``: parties (``?q=`` name, ID number, code or phone; ``?vulnerable=1``; ``?kind=``).
    ``POST``: register one; an existing ID number or code returns that party (200, ``duplicate: true``)."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "POST": "parties.edit"}
    serializer_class = PartySerializer

    def get_queryset(self):
        params = self.request.query_params
        return selectors.party_list(
            user=self.request.user,
            q=params.get("q", ""),
            vulnerable=True if params.get("vulnerable") in ("1", "true") else None,
            kind=params.get("kind", ""),
        )

    def create(self, request, *args, **kwargs):
        data = PartyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.party_create(actor=request.user, **data.validated_data)
        body = {
            **PartySerializer(result.party).data,
            "duplicate": not result.created,
            "message": result.message,
        }
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


@extend_schema_view(
    get=extend_schema(responses=PartySerializer),
    patch=extend_schema(request=PartyWriteSerializer, responses=PartySerializer),
)
class PartyDetail(APIView):
    """``GET`` a party; ``PATCH`` to change its details."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "PATCH": "parties.edit"}

    def get(self, request, pk):
        return Response(PartySerializer(selectors.party_get(user=request.user, pk=pk)).data)

    def patch(self, request, pk):
        party = selectors.party_get(user=request.user, pk=pk)
        data = PartyWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        party = services.party_update(actor=request.user, party=party, **data.validated_data)
        return Response(PartySerializer(party).data)


def _matter_by_code(code: str) -> Matter:
    if not code:
        raise DjangoValidationError({"matter": [_("Give the matter's code.")]})
    try:
        return Matter.objects.get(code=code)
    except Matter.DoesNotExist:
        raise DjangoValidationError({"matter": [_("Unknown matter %(code)s.") % {"code": code}]}) from None


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter(
                "matter", str, description="Matter code; without it, every matter in the window"
            ),
            OpenApiParameter("on", OpenApiTypes.DATE),
        ],
        responses=OpenApiTypes.OBJECT,
    )
)
class PartyRecommendation(APIView):
    """``GET ?matter=CODE[&on=YYYY-MM-DD]``: the ladder's next step for the party and matter. Without
    ``matter``: ``{"recommendations": [...]}`` for every matter the party has history for in the window."""

    permission_classes = [HasCapability]
    required_capability = "parties.view"

    def get(self, request, pk):
        party = selectors.party_get(user=request.user, pk=pk)
        on = parse_date(request.query_params.get("on", "") or "") or timezone.localdate()
        code = request.query_params.get("matter", "")
        if code:
            return Response(recommendation_for(party=party, matter=_matter_by_code(code), on=on).as_dict())
        since = window_since(on, window_months())
        matter_ids = (
            selectors.contact_list(user=request.user, filters={"party": party.pk, "date_from": since})
            .values_list("matter_id", flat=True)
            .distinct()
        )
        matters = Matter.objects.filter(pk__in=list(matter_ids)).order_by("code")
        return Response(
            {
                "recommendations": [
                    {"matter": m.code, **recommendation_for(party=party, matter=m, on=on).as_dict()}
                    for m in matters
                ]
            }
        )


class ContactSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name", read_only=True, default="")
    matter = serializers.CharField(source="matter.code", read_only=True)
    matter_name = serializers.CharField(source="matter.name", read_only=True)
    officers = serializers.SerializerMethodField()
    grid = serializers.CharField(source="grid.code", read_only=True, default=None)
    recorded_by = serializers.CharField(source="recorded_by.get_username", read_only=True)
    photo = serializers.SerializerMethodField()

    class Meta:
        model = FieldContact
        fields = [
            "id",
            "party",
            "party_name",
            "party_description",
            "matter",
            "matter_name",
            "step",
            "recommended_step",
            "recommendation",
            "officers",
            "recorded_by",
            "grid",
            "lng",
            "lat",
            "address",
            "occurred_at",
            "outcome",
            "vending_point",
            "notes",
            "photo",
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
        }
    )
    def get_officers(self, obj):
        return [{"id": s.pk, "name": s.name} for s in obj.officers.all()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_photo(self, obj):
        if not obj.photo:
            return None
        from django.urls import reverse

        return reverse("parties:contact_photo", args=[obj.pk])


class ContactWriteSerializer(serializers.Serializer):
    party = serializers.IntegerField(required=False, allow_null=True)
    party_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    matter = serializers.CharField(max_length=16)
    step = serializers.ChoiceField(choices=[(s.value, s.label) for s in CONTACT_STEPS])
    officers = serializers.ListField(child=serializers.IntegerField(), required=False)
    outcome = serializers.ChoiceField(choices=FieldContact.Outcome.choices)
    lng = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    occurred_at = serializers.DateTimeField(required=False)
    vending_point = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    photo = serializers.FileField(required=False)

    def validate_photo(self, value):
        try:
            validate_photo(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return value


class ContactListCreate(generics.ListCreateAPIView):
    """``GET``: contacts the caller may see (``?party=&matter=&step=&outcome=&grid=&from=&to=&mine=1``).
    ``POST``: record a contact (JSON or multipart with ``photo``); auxiliaries persuade and educate only."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "POST": "contacts.record"}
    serializer_class = ContactSerializer

    def get_queryset(self):
        params = self.request.query_params
        filters = {key: params.get(key) for key in ("party", "matter", "step", "outcome", "grid", "q")}
        filters["date_from"] = parse_date(params.get("from", "") or "")
        filters["date_to"] = parse_date(params.get("to", "") or "")
        filters["mine"] = params.get("mine") in ("1", "true")
        return selectors.contact_list(user=self.request.user, filters=filters)

    def create(self, request, *args, **kwargs):
        data = ContactWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        party = None
        if values.get("party"):
            party = selectors.party_get(user=request.user, pk=values["party"])
        point = None
        if values.get("vending_point"):
            point = selectors.vending_point_get(user=request.user, pk=values["vending_point"])
        officer_ids = values.get("officers") or []
        recorder = user_staff(request.user)
        if not officer_ids and recorder is not None:
            officer_ids = [recorder.pk]
        officers = list(Staff.objects.filter(pk__in=officer_ids))
        if len(officers) != len(set(officer_ids)):
            raise DjangoValidationError({"officers": [_("Unknown staff member.")]})
        contact = services.contact_record(
            actor=request.user,
            party=party,
            party_description=values.get("party_description", ""),
            matter=_matter_by_code(values["matter"]),
            step=values["step"],
            officers=officers,
            outcome=values["outcome"],
            lng=values.get("lng"),
            lat=values.get("lat"),
            address=values.get("address", ""),
            occurred_at=values.get("occurred_at"),
            photo=values.get("photo"),
            vending_point=point,
            notes=values.get("notes", ""),
        )
        contact = selectors.contact_list(user=request.user).filter(pk=contact.pk).first() or contact
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetail(generics.RetrieveAPIView):
    permission_classes = [HasCapability]
    required_capability = "parties.view"
    serializer_class = ContactSerializer

    def get_object(self):
        return selectors.contact_get(user=self.request.user, pk=self.kwargs["pk"])


class VendingPointSerializer(serializers.ModelSerializer):
    occupied = serializers.IntegerField(read_only=True, default=0)
    occupied_vulnerable = serializers.IntegerField(read_only=True, default=0)
    grid = serializers.CharField(source="grid.code", read_only=True, default=None)

    class Meta:
        model = VendingPoint
        fields = [
            "id",
            "code",
            "name",
            "address",
            "lng",
            "lat",
            "grid",
            "capacity",
            "reserved_for_vulnerable",
            "occupied",
            "occupied_vulnerable",
            "hours",
            "goods",
            "active",
            "notes",
        ]


class VendingPointWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    lng = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    capacity = serializers.IntegerField(min_value=1)
    reserved_for_vulnerable = serializers.IntegerField(min_value=0, required=False)
    hours = serializers.CharField(max_length=64, required=False, allow_blank=True)
    goods = serializers.CharField(max_length=200, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class VendingPointListCreate(generics.ListCreateAPIView):
    """``GET``: vending points with today's occupancy (``?active=1``). ``POST``: designate one."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "POST": "parties.manage_points"}
    serializer_class = VendingPointSerializer

    def get_queryset(self):
        return selectors.vending_point_list(
            user=self.request.user, active_only=self.request.query_params.get("active") in ("1", "true")
        )

    def create(self, request, *args, **kwargs):
        data = VendingPointWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point = services.vending_point_create(actor=request.user, **data.validated_data)
        point = selectors.vending_point_get(user=request.user, pk=point.pk)
        return Response(VendingPointSerializer(point).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(responses=VendingPointSerializer),
    patch=extend_schema(request=VendingPointWriteSerializer, responses=VendingPointSerializer),
)
class VendingPointDetail(APIView):
    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "PATCH": "parties.manage_points"}

    def get(self, request, pk):
        return Response(VendingPointSerializer(selectors.vending_point_get(user=request.user, pk=pk)).data)

    def patch(self, request, pk):
        point = selectors.vending_point_get(user=request.user, pk=pk)
        data = VendingPointWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.vending_point_update(actor=request.user, point=point, **data.validated_data)
        return Response(VendingPointSerializer(selectors.vending_point_get(user=request.user, pk=pk)).data)


class AssignmentSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name", read_only=True)
    point_name = serializers.CharField(source="point.name", read_only=True)

    class Meta:
        model = VendorAssignment
        fields = [
            "id",
            "party",
            "party_name",
            "point",
            "point_name",
            "starts_on",
            "ends_on",
            "vulnerable",
            "notes",
        ]


class AssignWriteSerializer(serializers.Serializer):
    party = serializers.IntegerField()
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(max_length=200, required=False, allow_blank=True)


@extend_schema_view(
    get=extend_schema(
        responses=AssignmentSerializer(many=True), operation_id="parties_vending_point_assignments"
    ),
    post=extend_schema(request=AssignWriteSerializer, responses=AssignmentSerializer),
)
class VendingPointAssign(APIView):
    """``GET``: the point's current assignments. ``POST {"party": id}``: give the party a stall."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "POST": "parties.edit"}

    def get(self, request, pk):
        point = selectors.vending_point_get(user=request.user, pk=pk)
        assignments = selectors.assignment_list(
            user=request.user, point=point, current_on=timezone.localdate()
        )
        return Response(AssignmentSerializer(assignments, many=True).data)

    def post(self, request, pk):
        point = selectors.vending_point_get(user=request.user, pk=pk)
        data = AssignWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        party = selectors.party_get(user=request.user, pk=data.validated_data["party"])
        assignment = services.vendor_assign(
            actor=request.user,
            party=party,
            point=point,
            starts_on=data.validated_data.get("starts_on"),
            ends_on=data.validated_data.get("ends_on"),
            notes=data.validated_data.get("notes", ""),
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    post=extend_schema(
        request={
            "application/json": {"type": "object", "properties": {"on": {"type": "string", "format": "date"}}}
        },
        responses=AssignmentSerializer,
    )
)
class AssignmentRelease(APIView):
    """``POST [{"on": "YYYY-MM-DD"}]``: end an assignment; the stall is free that day."""

    permission_classes = [HasCapability]
    required_capability = "parties.edit"

    def post(self, request, pk):
        assignment = selectors.assignment_get(user=request.user, pk=pk)
        on = parse_date(str(request.data.get("on") or "")) if request.data.get("on") else None
        assignment = services.vendor_release(actor=request.user, assignment=assignment, on=on)
        return Response(AssignmentSerializer(assignment).data)


@extend_schema_view(
    get=extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
        responses=OpenApiTypes.OBJECT,
    )
)
class Split721View(APIView):
    """``GET ?from=YYYY-MM-DD&to=YYYY-MM-DD``: the 721 split of the caller's scope (default: this month)."""

    permission_classes = [HasCapability]
    required_capability = "parties.view"

    def get(self, request):
        start, end = period_from(request.query_params)
        return Response(selectors.split_721(request.user, (start, end)).as_dict())


def period_from(params) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = parse_date(params.get("from", "") or "") or today.replace(day=1)
    end = parse_date(params.get("to", "") or "") or today
    if end < start:
        raise DjangoValidationError({"to": [_("The end date is before the start date.")]})
    return start, end


class WaitingEntrySerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name", read_only=True)
    vulnerable = serializers.BooleanField(source="party.is_vulnerable", read_only=True)
    position = serializers.SerializerMethodField()

    class Meta:
        model = WaitingEntry
        fields = [
            "id", "point", "party", "party_name", "vulnerable", "position", "joined_at", "status",
            "assignment", "notes", "closed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_position(self, entry) -> int | None:
        return self.context.get("positions", {}).get(entry.pk)


class WaitingJoinSerializer(serializers.Serializer):
    party = serializers.IntegerField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class VendingPointWaiting(APIView):
    """``GET``: the point's waiting list in its order (vulnerable groups first, then by joining time).
    ``POST {"party": id}``: put a party on the list of a full point."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "parties.view", "POST": "parties.edit"}

    @extend_schema(responses=WaitingEntrySerializer(many=True))
    def get(self, request, pk):
        point = selectors.vending_point_get(user=request.user, pk=pk)
        entries = selectors.waiting_list(point=point)
        positions = {e.pk: i for i, e in enumerate(entries, start=1)}
        return Response(WaitingEntrySerializer(entries, many=True, context={"positions": positions}).data)

    @extend_schema(request=WaitingJoinSerializer, responses={201: WaitingEntrySerializer})
    def post(self, request, pk):
        point = selectors.vending_point_get(user=request.user, pk=pk)
        data = WaitingJoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        party = selectors.party_get(user=request.user, pk=data.validated_data["party"])
        entry = services.waiting_join(
            actor=request.user, party=party, point=point, notes=data.validated_data["notes"]
        )
        return Response(WaitingEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class WaitingWithdraw(APIView):
    permission_classes = [HasCapability]
    required_capability = "parties.edit"

    @extend_schema(request=None, responses=WaitingEntrySerializer)
    def post(self, request, pk):
        entry = selectors.waiting_get(user=request.user, pk=pk)
        entry = services.waiting_withdraw(actor=request.user, entry=entry)
        return Response(WaitingEntrySerializer(entry).data)
