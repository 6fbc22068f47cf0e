"""The cases API: create, list, detail, and one endpoint per action of the transition table."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import Pagination
from sunshine.core.permissions import HasCapability

from . import selectors, services
from .present import case_detail, case_rows
from .workflow import Procedure


class CasePagination(Pagination):
    """Page-number pagination that never counts a million rows: ``count`` is exact up to
    :attr:`count_cap` and otherwise equals the cap with ``count_capped`` true; ``next`` is known from
    fetching one row more than the page. Every page stays reachable with ``page``."""

    count_cap = 10_000

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request) or self.page_size
        try:
            number = int(request.query_params.get(self.page_query_param, 1))
        except (TypeError, ValueError):
            raise NotFound(self.invalid_page_message) from None
        if number < 1:
            raise NotFound(self.invalid_page_message)
        offset = (number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        if not rows and number > 1:
            raise NotFound(self.invalid_page_message)
        self.number, self.has_next = number, len(rows) > size
        rows = rows[:size]
        seen = offset + len(rows)
        if not self.has_next:
            self.count = seen
        elif seen >= self.count_cap:
            self.count = self.count_cap
        else:
            self.count = queryset[: self.count_cap + 1].count()
        self.count_capped = self.count > self.count_cap or (self.has_next and seen >= self.count_cap)
        self.count = min(self.count, self.count_cap) if self.count_capped else self.count
        return rows

    def get_next_link(self):
        if not self.has_next:
            return None
        return self._link(self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        return self._link(self.number - 1)

    def _link(self, number: int) -> str:
        from rest_framework.utils.urls import remove_query_param, replace_query_param

        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_capped": self.count_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="cases_list",
        parameters=[
            OpenApiParameter(name, str)
            for name in ("state", "procedure", "source", "matter", "q", "mine", "active")
        ]
        + [
            OpenApiParameter("registered_from", OpenApiTypes.DATE),
            OpenApiParameter("registered_to", OpenApiTypes.DATE),
        ]
        + [OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses=OpenApiTypes.OBJECT,
    ),
    post=extend_schema(
        operation_id="cases_create", request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT}
    ),
)
class CaseListCreate(APIView):
    """GET: the cases the caller may see (filters: state, procedure, source, matter, q, mine, active,
    registered_from, registered_to). POST: register a case (``procedure`` "general", the default) or record
    a summary-procedure decision made on the spot (``procedure`` "summary")."""

    permission_classes = [HasCapability]
    required_capability = {"GET": "cases.view", "POST": "cases.create"}

    def get(self, request):
        ids = selectors.case_filter(user=request.user, filters=request.query_params).values_list(
            "pk", flat=True
        )
        paginator = CasePagination()
        page = paginator.paginate_queryset(ids, request, view=self)
        return paginator.get_paginated_response(case_rows(page))

    def post(self, request):
        data = request.data
        if data.get("procedure", Procedure.GENERAL) == Procedure.SUMMARY:
            case = services.case_summary_decide(actor=request.user, data=data)
        else:
            case = services.case_create(actor=request.user, data=data)
        case = selectors.case_get(user=request.user, pk=case.pk)
        return Response(case_detail(case, request.user), status=201)


@extend_schema_view(get=extend_schema(operation_id="cases_detail", responses=OpenApiTypes.OBJECT))
class CaseDetail(APIView):
    """A case: its state, deadlines with how each was computed, step records, timeline, and the actions the
    caller may take now (with their input fields)."""

    permission_classes = [HasCapability]
    required_capability = "cases.view"

    def get(self, request, pk: int):
        case = selectors.case_get(user=request.user, pk=pk)
        return Response(case_detail(case, request.user))


@extend_schema_view(
    post=extend_schema(
        operation_id="cases_action", request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT
    )
)
class CaseAction(APIView):
    """Take one action of the procedure: 422 with the citation when a rule blocks it, 403 when the caller's
    role may not take it, 400 on bad input, 404 for an unknown or invisible case or action."""

    permission_classes = [HasCapability]
    required_capability = "cases.act"

    def post(self, request, pk: int, action: str):
        with transaction.atomic():
            case = selectors.case_get(user=request.user, pk=pk)
            services.case_act(case=case, action=action, actor=request.user, data=request.data)
        case = selectors.case_get(user=request.user, pk=pk)
        return Response(case_detail(case, request.user))
