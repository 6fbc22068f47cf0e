"""Reads of parties, contacts and vending points, scoped to the acting user (STYLE.md 3).

- Parties are visible to every staff member holding ``parties.view`` (a street vendor crosses squads).
- Field contacts: bureau-wide roles see all; everyone else the contacts in their squad's grids or
  recorded by a member of their squad (``org.Unit.path`` prefix).
- Vending points are visible to everyone with ``parties.view``.
A missing object and an invisible one raise the same ``Http404``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sunshine.accounts.roles import has_capability
from sunshine.org.selectors import scope_path

from .ladder import enforcement_count, local_start
from .models import FieldContact, Party, Step, VendingPoint, VendorAssignment


def party_list(*, user, q: str = "", vulnerable: bool | None = None, kind: str = "") -> QuerySet[Party]:
    """Parties matching ``q`` (name, ID number, credit code or phone)."""
    if not has_capability(user, "parties.view"):
        return Party.objects.none()
    qs = Party.objects.all()
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(id_number__iexact=q) | Q(credit_code__iexact=q) | Q(phone__icontains=q)
        )
    if vulnerable is True:
        qs = qs.filter(
            Q(laid_off=True) | Q(zero_employment_family=True) | Q(landless_farmer=True) | Q(disabled=True)
        )
    if kind in Party.Kind.values:
        qs = qs.filter(kind=kind)
    return qs.annotate(contact_count=Count("contacts")).order_by("name", "pk")


def party_get(*, user, pk) -> Party:
    try:
        return party_list(user=user).get(pk=pk)
    except (Party.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _scoped_contacts(user) -> QuerySet[FieldContact]:
    prefix = scope_path(user)
    if prefix is None or not has_capability(user, "parties.view"):
        return FieldContact.objects.none()
    qs = FieldContact.objects.all()
    if prefix:
        qs = qs.filter(Q(grid__squad__path__startswith=prefix) | Q(recorder_unit__path__startswith=prefix))
    return qs


def contact_list(*, user, filters: dict | None = None) -> QuerySet[FieldContact]:
    """Contacts the user may see; ``filters``: ``party``, ``matter`` (code), ``step``, ``outcome``,
    ``grid``, ``date_from``/``date_to`` (dates, local), ``mine`` (recorded by the user), ``q``."""
    filters = filters or {}
    qs = _scoped_contacts(user)
    if filters.get("party"):
        qs = qs.filter(party_id=filters["party"])
    if filters.get("matter"):
        qs = qs.filter(matter__code=filters["matter"])
    if filters.get("step") in Step.values:
        qs = qs.filter(step=filters["step"])
    if filters.get("outcome") in FieldContact.Outcome.values:
        qs = qs.filter(outcome=filters["outcome"])
    if filters.get("grid"):
        qs = qs.filter(grid_id=filters["grid"])
    if filters.get("date_from"):
        qs = qs.filter(occurred_at__gte=local_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(occurred_at__lt=local_start(filters["date_to"] + dt.timedelta(days=1)))
    if filters.get("mine"):
        qs = qs.filter(recorded_by=user)
    if filters.get("q"):
        q = filters["q"].strip()
        qs = qs.filter(
            Q(party__name__icontains=q) | Q(party_description__icontains=q) | Q(address__icontains=q)
        )
    return qs.select_related("party", "matter", "grid", "vending_point", "recorded_by").prefetch_related(
        "officers"
    )


def contact_get(*, user, pk) -> FieldContact:
    try:
        return contact_list(user=user).get(pk=pk)
    except (FieldContact.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def active_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": day})
    )


def vending_point_list(
    *, user, on: dt.date | None = None, active_only: bool = False
) -> QuerySet[VendingPoint]:
    """Vending points with ``occupied`` and ``occupied_vulnerable`` on ``on`` (default today)."""
    if not has_capability(user, "parties.view"):
        return VendingPoint.objects.none()
    on = on or timezone.localdate()
    qs = VendingPoint.objects.select_related("grid")
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("code").annotate(
        occupied=Count("assignments", filter=active_q(on, "assignments__")),
        occupied_vulnerable=Count(
            "assignments", filter=active_q(on, "assignments__") & Q(assignments__vulnerable=True)
        ),
    )


def vending_point_get(*, user, pk) -> VendingPoint:
    try:
        return vending_point_list(user=user).get(pk=pk)
    except (VendingPoint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignment_list(
    *, user, point=None, party=None, current_on: dt.date | None = None
) -> QuerySet[VendorAssignment]:
    if not has_capability(user, "parties.view"):
        return VendorAssignment.objects.none()
    qs = VendorAssignment.objects.select_related("party", "point")
    if point is not None:
        qs = qs.filter(point=point)
    if party is not None:
        qs = qs.filter(party=party)
    if current_on is not None:
        qs = qs.filter(active_q(current_on))
    return qs


def assignment_get(*, user, pk) -> VendorAssignment:
    try:
        return assignment_list(user=user).get(pk=pk)
    except (VendorAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def waiting_list(*, point) -> list:
    """The point's waiting list in the order stalls are given (vulnerable groups first, then by time)."""
    from .models import WaitingEntry
    from .rules import waiting_order

    return waiting_order(
        WaitingEntry.objects.filter(point=point, status=WaitingEntry.Status.WAITING).select_related("party")
    )


def waiting_get(*, user, pk):
    """A waiting-list entry at a point the user can see (points belong to no squad)."""
    from .models import WaitingEntry

    try:
        return WaitingEntry.objects.select_related("party", "point").get(
            pk=pk, point__in=vending_point_list(user=user)
        )
    except (WaitingEntry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- the 721 split --------------------------------------------------------------------------

TARGET_721 = {"service": Decimal("70"), "management": Decimal("20"), "enforcement": Decimal("10")}
SERVICE_STEPS = (Step.PERSUADE, Step.EDUCATE, Step.GUIDE)


@dataclass(frozen=True)
class Split721:
    start: dt.date
    end: dt.date
    service: int
    management: int
    enforcement: int

    @property
    def total(self) -> int:
        return self.service + self.management + self.enforcement

    def share(self, part: str) -> Decimal:
        if not self.total:
            return Decimal("0.0")
        return (Decimal(getattr(self, part)) * 100 / self.total).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "total": self.total,
            **{
                part: {
                    "count": getattr(self, part),
                    "share": str(self.share(part)),
                    "target": str(TARGET_721[part]),
                }
                for part in TARGET_721
            },
        }


def split_721(user, period: tuple[dt.date, dt.date], unit=None) -> Split721:
    """The 721 split (seed 004, 推行"721"工作法: 70% service, 20% management, 10% enforcement) of the
    actions from ``period[0]`` to ``period[1]`` (inclusive): persuasion, education and guidance count as
    service, warnings as management, penalty decisions (from the registered enforcement counters, i.e.
    the cases app) as enforcement. ``unit`` narrows to a unit's subtree, within what the user may see."""
    start, end = period
    prefix = scope_path(user)
    if prefix is None or not has_capability(user, "parties.view"):
        return Split721(start, end, 0, 0, 0)
    if unit is not None:
        if prefix and not unit.path.startswith(prefix):
            raise Http404
        scope_unit = unit
    else:
        scope_unit = None
        if prefix:
            from sunshine.org.models import Unit

            scope_unit = Unit.objects.filter(path=prefix).first()
    qs = FieldContact.objects.filter(
        occurred_at__gte=local_start(start), occurred_at__lt=local_start(end + dt.timedelta(days=1))
    )
    if scope_unit is not None:
        qs = qs.filter(
            Q(grid__squad__path__startswith=scope_unit.path)
            | Q(recorder_unit__path__startswith=scope_unit.path)
        )
    counts = qs.aggregate(
        service=Count("pk", filter=Q(step__in=SERVICE_STEPS)),
        management=Count("pk", filter=Q(step=Step.WARN)),
    )
    return Split721(
        start,
        end,
        counts["service"],
        counts["management"],
        enforcement_count(start=start, end=end, unit=scope_unit),
    )
