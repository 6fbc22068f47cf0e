"""Reads of citizen requests, scoped to the acting user (bureau-wide roles see all; others their
squad's requests and the ones they received first)."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import Http404

from sunshine.accounts.roles import has_capability
from sunshine.org.selectors import scope_path, user_staff

from .models import OPEN_STATUSES, Request

TRACKING_NO = re.compile(r"^[Ss]\d{15}$")
BOARD_COLUMNS = (
    "id",
    "tracking_no",
    "channel",
    "kind",
    "urgency",
    "status",
    "received_at",
    "due_at",
    "escalated_at",
    "address",
    "unit__name",
)


def visible_requests(user) -> QuerySet:
    if not has_capability(user, "service.view"):
        return Request.objects.none()
    prefix = scope_path(user)
    qs = Request.objects.all()
    if prefix == "":
        return qs
    cond = Q(first_receiver=user)
    if prefix is not None:
        from sunshine.org.models import Unit

        unit_ids = list(Unit.objects.filter(path__startswith=prefix).values_list("pk", flat=True))
        cond |= Q(unit_id__in=unit_ids)
    return qs.filter(cond)


def request_board(user, *, status: str = "open", q: str = "", mine: bool = False) -> QuerySet:
    """Rows for the request board, soonest due first (flat values, one query per page)."""
    qs = visible_requests(user)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES).order_by("due_at", "id")
    elif status:
        qs = qs.filter(status=status).order_by("-received_at", "-id")
    else:
        qs = qs.order_by("-received_at", "-id")
    if mine:
        staff = user_staff(user)
        cond = Q(first_receiver=user)
        if staff is not None:
            cond |= Q(unit=staff.unit)
        qs = qs.filter(cond)
    if q and TRACKING_NO.match(q):
        qs = qs.filter(tracking_no=q.upper())  # the unique index, not a scan
    elif q:
        qs = qs.filter(Q(tracking_no__icontains=q) | Q(address__icontains=q) | Q(content__icontains=q))
    return qs.values(*BOARD_COLUMNS)


def request_get(user, pk: int) -> Request:
    """The request, or 404 when it is missing or not visible to the user (the same answer)."""
    req = (
        visible_requests(user)
        .select_related(
            "unit", "grid", "matter", "first_receiver", "replied_by", "merged_into", "case", "contact"
        )
        .filter(pk=pk)
        .first()
    )
    if req is None:
        raise Http404
    return req


def public_track(tracking_no: str) -> Request | None:
    return Request.objects.select_related("unit").filter(tracking_no=tracking_no.strip()).first()
