"""Reads for the public portal (no user: only what the disclosure rules allow) and for the staff pages
(scoped: the whole bureau for bureau-wide roles, otherwise the user's own squad's decisions).

Public decision reads touch only the frozen :class:`~sunshine.disclosure.models.Publication` columns:
no join to cases, parties or units.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sunshine.accounts.roles import bureau_wide
from sunshine.catalog.models import Matter
from sunshine.org.models import Certificate, Staff, Unit
from sunshine.org.selectors import scope_path, tree_order

from .models import Publication, Status

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper than 10,000 rows: narrow the filters or use the open data files
COUNT_CAP = PAGE_SIZE * MAX_PAGE
PUBLIC_FIELDS = (
    "id",
    "status",
    "document_number",
    "party_display",
    "act",
    "penalty",
    "unit_name",
    "decided_on",
    "published_on",
)
DETAIL_FIELDS = (
    *PUBLIC_FIELDS,
    "party_kind",
    "facts",
    "legal_basis",
    "fine",
    "withdrawal_cause",
    "withdrawal_reason",
    "withdrawn_on",
)


def today() -> dt.date:
    return timezone.localdate()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def clean_filters(params) -> dict:
    """The public list's filters from a query string, invalid values dropped (never an error page)."""
    out: dict = {}
    unit = str(params.get("unit") or "").strip()
    if unit.isdigit():
        out["unit"] = int(unit)
    matter = str(params.get("matter") or "").strip()[:16]
    if matter:
        out["matter"] = matter
    for name in ("date_from", "date_to"):
        value = _date(params.get(name))
        if value:
            out[name] = value
    number = str(params.get("number") or "").strip()[:64]
    if number:
        out["number"] = number
    return out


def public_decisions(filters: dict | None = None) -> QuerySet:
    """Decisions on the public list (published, or withdrawn after publication with the reason shown),
    newest first."""
    filters = filters or {}
    qs = Publication.objects.filter(listed=True)
    if "unit" in filters:
        qs = qs.filter(unit_id=filters["unit"])
    if "matter" in filters:
        matter_id = Matter.objects.filter(code=filters["matter"]).values_list("pk", flat=True).first()
        qs = qs.filter(matter_id=matter_id or 0)
    if "date_from" in filters:
        qs = qs.filter(decided_on__gte=filters["date_from"])
    if "date_to" in filters:
        qs = qs.filter(decided_on__lte=filters["date_to"])
    if "number" in filters:
        qs = qs.filter(document_number=filters["number"])
    return qs.order_by("-decided_on", "-id")


def public_decision_page(filters: dict, page: int) -> dict:
    """One page of the public list as plain rows, the total (capped at 10,000) and the neighbours."""
    page = max(1, min(int(page or 1), MAX_PAGE))
    qs = public_decisions(filters)
    start = (page - 1) * PAGE_SIZE
    rows = list(qs.values(*PUBLIC_FIELDS)[start : start + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE and page < MAX_PAGE
    rows = rows[:PAGE_SIZE]
    total = qs.values("id")[: COUNT_CAP + 1].count()
    return {
        "rows": rows,
        "page": page,
        "has_next": has_next,
        "has_previous": page > 1,
        "total": min(total, COUNT_CAP),
        "total_capped": total > COUNT_CAP,
        "pages": min(MAX_PAGE, max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))),
    }


def public_decision(pk: int) -> dict:
    """One decision as the public sees it; 404 when it is not (or no longer) on the public list."""
    row = Publication.objects.filter(pk=pk, listed=True).values(*DETAIL_FIELDS).first()
    if row is None:
        raise Http404
    return row


def public_units() -> list[Unit]:
    """The bureau and its units in tree order, with their telephone numbers, addresses and duties."""
    return tree_order(list(Unit.objects.all()))


def unit_choices() -> list[tuple[int, str]]:
    return [(u.pk, u.name) for u in public_units()]


def matter_choices() -> list[tuple[str, str]]:
    return list(Matter.objects.filter(active=True).order_by("code").values_list("code", "name"))


def public_officers(*, search: str = "", unit: int | None = None, on: dt.date | None = None) -> QuerySet:
    """Officers who hold a certificate in force (国办发〔2018〕118号: name, unit, certificate number,
    category and area 网上可查询). Auxiliaries and civilian staff never appear (seed 004: 严禁协管人员从事
    具体行政执法工作); nothing else of the officer (ID number, phone) is read."""
    on = on or today()
    qs = Certificate.objects.filter(
        status=Certificate.Status.VALID,
        issued_on__lte=on,
        expires_on__gte=on,
        staff__kind=Staff.Kind.OFFICER,
        staff__status=Staff.Status.ACTIVE,
    )
    search = (search or "").strip()[:64]
    if search:
        qs = qs.filter(
            Q(staff__name__contains=search) | Q(number=search) | Q(staff__unit__name__contains=search)
        )
    if unit:
        qs = qs.filter(staff__unit_id=unit)
    return qs.order_by("staff__unit__path", "staff__name", "number").values(
        "staff__name", "staff__unit__name", "number", "enforcement_category", "enforcement_area"
    )


# --- staff ---------------------------------------------------------------------------------------


def staff_publications(*, user, status: str = "", search: str = "") -> QuerySet:
    """Publications the user may see: the whole bureau's for bureau-wide roles, else their squad's."""
    qs = Publication.objects.all()
    if not bureau_wide(user):
        prefix = scope_path(user)
        if not prefix:
            return qs.none()
        qs = qs.filter(unit_path__startswith=prefix)
    if status in Status.values:
        qs = qs.filter(status=status)
    search = (search or "").strip()[:64]
    if search:
        qs = qs.filter(document_number__contains=search)
    return qs.order_by("-decided_on", "-id")


def staff_publication(*, user, pk: int) -> Publication:
    """One publication the user may see; a missing and a hidden one are the same 404."""
    pub = (
        staff_publications(user=user)
        .select_related("decision", "held_by", "withdrawn_by")
        .filter(pk=pk)
        .first()
    )
    if pub is None:
        raise Http404
    return pub


def queue_counts(*, user) -> dict:
    """How many of the user's visible publications are pending, overdue and held back."""
    qs = staff_publications(user=user)
    return {
        "pending": qs.filter(status=Status.PENDING).count(),
        "overdue": qs.filter(status=Status.PENDING, due_on__lt=today()).count(),
        "held_back": qs.filter(status=Status.HELD_BACK).count(),
    }
