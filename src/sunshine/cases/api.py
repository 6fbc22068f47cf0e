"""The cases API: create, list, detail, and one endpoint per action of the transition table."""

from __future__ import annotations

from django.db import transaction
from rest_framework.response import Response
from rest_framework.views import APIView

from sunshine.core.api import Pagination
from sunshine.core.permissions import HasCapability

from . import selectors, services
from .present import case_detail, case_rows
from .workflow import Procedure


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
        paginator = Pagination()
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


class CaseDetail(APIView):
    """A case: its state, deadlines with how each was computed, step records, timeline, and the actions the
    caller may take now (with their input fields)."""

    permission_classes = [HasCapability]
    required_capability = "cases.view"

    def get(self, request, pk: int):
        case = selectors.case_get(user=request.user, pk=pk)
        return Response(case_detail(case, request.user))


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
