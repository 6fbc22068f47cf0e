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


# The board's filter written with literal values, term for term the condition of the partial index
# ``service_req_open_due``: SQLite matches a partial index only against literals (a bound parameter
# proves nothing), and then reads the open requests in due order whatever ANALYZE says. Constants of this
# module, never user input.
OPEN_SQL = '"service_request"."status" IN ({})'.format(", ".join(f"'{s}'" for s in OPEN_STATUSES))


def request_board(user, *, status: str = "open", q: str = "", mine: bool = False) -> QuerySet:
    """Rows for the request board, soonest due first (flat values, one query per page)."""
    qs = visible_requests(user)
    if status == "open":
        qs = qs.extra(where=[OPEN_SQL]).order_by("due_at", "id")  # noqa: S610 - constant SQL, see OPEN_SQL
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
