"""The calendar API: count days, list a year's days, the caller's deadline board, enter a year.

- ``GET /api/v1/calendar/add?start=YYYY-MM-DD&days=N&kind=working|calendar`` (or ``law=penalty|
  compulsion|reconsideration`` instead of ``kind``; optional ``roll_forward=true|false``)
- ``GET /api/v1/calendar/days/?year=2026``
- ``GET /api/v1/calendar/deadlines/`` (``?scope=unit&unit=<id>`` for a squad's board)
- ``PUT /api/v1/calendar/years/<year>/`` (system administrator)

Bad input is a 400 in the standard error shape, never a 500.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.permissions import HasCapability
from sunshine.org.models import Unit

from . import calendar, selectors, services
from .forms import MAX_DAYS
from .models import CalendarYear, Deadline
from .rules import CALENDAR, WORKING, Law, statutory_period_kind
from .services import YEAR_MAX, YEAR_MIN


class AddQuerySerializer(serializers.Serializer):
    start = serializers.DateField(input_formats=["%Y-%m-%d"])
    days = serializers.IntegerField(min_value=0, max_value=MAX_DAYS)
    kind = serializers.ChoiceField(choices=[WORKING, CALENDAR], required=False)
    law = serializers.ChoiceField(choices=list(Law.ALL), required=False)
    roll_forward = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate_start(self, value):
        if not (1950 <= value.year <= 2150):
            raise serializers.ValidationError(_("Choose a day between 1950 and 2150."))
        return value

    def validate(self, attrs):
        if not attrs.get("kind") and not attrs.get("law"):
            raise serializers.ValidationError({"kind": [_("Give kind (working or calendar) or law.")]})
        return attrs


class CalendarAddView(APIView):
    """Count ``days`` working or calendar days after ``start`` (the start day is not counted)."""

    required_capability = "calendar.view"
    permission_classes = [HasCapability]

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True, description="YYYY-MM-DD, not counted"),
            OpenApiParameter("days", int, required=True),
            OpenApiParameter("kind", str, enum=[WORKING, CALENDAR]),
            OpenApiParameter("law", str, enum=list(Law.ALL), description="count as this law says"),
            OpenApiParameter("roll_forward", bool),
        ],
        responses={200: dict},
    )
    def get(self, request):
        query = AddQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rule, citation, kind = "", "", data.get("kind")
        if data.get("law"):
            period = statutory_period_kind(data["days"], data["law"])
            rule, citation = period.rule, period.citation
            kind = kind or period.kind
        result = calendar.compute(
            data["start"], data["days"], kind, rule=rule, citation=citation, roll_forward=data["roll_forward"]
        )
        body = result.as_dict()
        return Response(
            {
                "date": body["due"],
                "provisional": body["provisional"],
                "explanation": body["explanation"],
                "start": body["start"],
                "days": data["days"],
                "kind": kind,
                "rule": body["rule"],
                "citation": body["citation"],
                "rolled_from": body["rolled_from"],
            }
        )


class DaysQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)
    exceptions_only = serializers.BooleanField(required=False, default=False)


class CalendarDaysView(APIView):
    """Every day of a year (default: this year), or only its holidays and make-up workdays, and
    whether the year is official."""

    required_capability = "calendar.view"
    permission_classes = [HasCapability]

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("exceptions_only", bool)],
        responses={200: dict},
    )
    def get(self, request):
        query = DaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or timezone.localdate().year
        days = calendar.year_days(year)
        if query.validated_data["exceptions_only"]:
            days = [d for d in days if d.kind in (calendar.HOLIDAY, calendar.MAKEUP)]
        row = CalendarYear.objects.filter(year=year).first()
        return Response(
            {
                "year": year,
                "status": calendar.year_status(year),
                "source": row.source if row else None,
                "days": [
                    {"date": d.date.isoformat(), "kind": d.kind, "is_workday": d.is_workday, "name": d.name}
                    for d in days
                ],
            }
        )


class DeadlineSerializer(serializers.ModelSerializer):
    owner_type = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    explanation = serializers.CharField(read_only=True)
    responsible = serializers.StringRelatedField()
    unit = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "owner_type",
            "owner_id",
            "key",
            "label",
            "kind",
            "start",
            "start_at",
            "length",
            "due",
            "due_at",
            "rolled_from",
            "provisional",
            "rule",
            "citation",
            "status",
            "state",
            "responsible",
            "unit",
            "explanation",
        ]

    def get_owner_type(self, obj) -> str:
        return f"{obj.owner_type.app_label}.{obj.owner_type.model}"

    def get_state(self, obj) -> str:
        return selectors.state_of(obj)


class BoardQuerySerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["mine", "unit"], required=False, default="mine")
    unit = serializers.IntegerField(required=False, min_value=1)


class DeadlineBoardView(ListAPIView):
    """The caller's open deadlines (``scope=mine``) or a unit's (``scope=unit&unit=<id>``), overdue first."""

    required_capability = "deadlines.view"
    permission_classes = [HasCapability]
    serializer_class = DeadlineSerializer

    @extend_schema(
        parameters=[OpenApiParameter("scope", str, enum=["mine", "unit"]), OpenApiParameter("unit", int)]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = BoardQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data["scope"] == "mine":
            return selectors.deadline_board(self.request.user).prefetch_related(None)
        unit = None
        if data.get("unit"):
            unit = Unit.objects.filter(pk=data["unit"]).first()
            if unit is None:
                raise Http404
        return selectors.deadline_board_for_unit(self.request.user, unit).prefetch_related(None)


class DayEntrySerializer(serializers.Serializer):
    date = serializers.DateField(input_formats=["%Y-%m-%d"])
    name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class YearSetSerializer(serializers.Serializer):
    holidays = DayEntrySerializer(many=True)
    makeup_workdays = DayEntrySerializer(many=True)
    status = serializers.ChoiceField(
        choices=CalendarYear.Status.choices, default=CalendarYear.Status.OFFICIAL
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CalendarYearView(APIView):
    """Enter or correct a year (system administrator); open deadlines through it are recomputed."""

    required_capability = "calendar.manage"
    permission_classes = [HasCapability]

    @extend_schema(request=YearSetSerializer, responses={200: dict})
    def put(self, request, year: int):
        if not (YEAR_MIN <= year <= YEAR_MAX):
            raise Http404
        body = YearSetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        row = services.calendar_year_set(
            year=year,
            holidays={d["date"]: d["name"] for d in data["holidays"]},
            makeup_workdays={d["date"]: d["name"] for d in data["makeup_workdays"]},
            status=data["status"],
            note=data["note"],
            actor=request.user,
        )
        return Response({"year": row.year, "status": row.status, "source": row.source})
