"""Reads of the organisation, scoped to the acting user (STYLE.md 3).

Bureau-wide roles (leaders, legal reviewers, inspectors, intake clerks) see every unit's people and
equipment; everyone else sees their own unit's subtree (a squad member: the squad). A user without a
staff record and without a bureau-wide role sees no one. Units and grids are the bureau's public
structure and are visible to everyone who may open the organisation pages. A missing object and an
invisible one raise the same ``Http404``.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from sunshine.accounts.roles import bureau_wide

from .models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit, Vehicle


def today() -> dt.date:
    return timezone.localdate()


def user_staff(user) -> Staff | None:
    """The staff record linked to ``user`` (cached on the user object), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_sunshine_staff"):
        user._sunshine_staff = Staff.objects.select_related("unit").filter(user=user).first()
    return user._sunshine_staff


def scope_path(user) -> str | None:
    """The unit path prefix the user sees: "" for the whole bureau, None for nothing."""
    if bureau_wide(user):
        return ""
    staff = user_staff(user)
    if staff is None:
        return None
    return staff.unit.path


def _scoped(qs: QuerySet, user, unit_field: str = "unit") -> QuerySet:
    prefix = scope_path(user)
    if prefix is None:
        return qs.none()
    if prefix == "":
        return qs
    return qs.filter(**{f"{unit_field}__path__startswith": prefix})


def qualified_q(*, on: dt.date) -> Q:
    """The database form of :func:`sunshine.org.rules.is_qualified` (《行政处罚法》第四十二条)."""
    in_force = Certificate.objects.filter(
        staff=OuterRef("pk"), status=Certificate.Status.VALID, issued_on__lte=on, expires_on__gte=on
    )
    return Q(kind=Staff.Kind.OFFICER, status=Staff.Status.ACTIVE) & Q(Exists(in_force))


def tree_order(units) -> list[Unit]:
    """Units depth-first, siblings by ``sort_order`` then creation (a path sorts "1/10/" before "1/2/")."""
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}
    ordered: list[Unit] = []

    def walk(parent_id):
        for unit in sorted(children.get(parent_id, []), key=lambda u: (u.sort_order, u.pk)):
            ordered.append(unit)
            walk(unit.pk)

    for root_parent in [None, *sorted(p for p in children if p is not None and p not in known)]:
        walk(root_parent)
    return ordered


def unit_list(*, user) -> QuerySet[Unit]:
    """Every unit with head counts of officers, auxiliaries and qualified officers (order with
    :func:`tree_order`)."""
    on = today()
    in_force = Certificate.objects.filter(
        staff__unit=OuterRef("pk"),
        staff__kind=Staff.Kind.OFFICER,
        staff__status=Staff.Status.ACTIVE,
        status=Certificate.Status.VALID,
        issued_on__lte=on,
        expires_on__gte=on,
    )
    qualified = (
        in_force.order_by().values("staff__unit").annotate(n=Count("staff", distinct=True)).values("n")
    )
    return Unit.objects.order_by("path").annotate(
        officers=Count("staff", filter=Q(staff__kind=Staff.Kind.OFFICER), distinct=True),
        auxiliaries=Count("staff", filter=Q(staff__kind=Staff.Kind.AUXILIARY), distinct=True),
        civilians=Count("staff", filter=Q(staff__kind=Staff.Kind.CIVILIAN), distinct=True),
        qualified=Coalesce(Subquery(qualified, output_field=IntegerField()), 0),
    )


def visible_units(*, user) -> QuerySet[Unit]:
    """The units whose people the user sees (for filter drop-downs)."""
    prefix = scope_path(user)
    if prefix is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=prefix).order_by("path")


def staff_list(*, user, filters: dict | None = None) -> QuerySet[Staff]:
    """Staff the user may see, filtered.

    ``filters``: ``q`` (name, employee number or certificate number), ``unit`` (id, includes its
    sub-units), ``kind``, ``status``, ``qualified`` ("yes"/"no", on today's date).
    """
    filters = filters or {}
    qs = _scoped(Staff.objects.all(), user)
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(employee_no__icontains=q)
            | Q(Exists(Certificate.objects.filter(staff=OuterRef("pk"), number__icontains=q)))
        )
    unit = filters.get("unit")
    if unit:
        try:
            unit_obj = Unit.objects.get(pk=int(unit))
        except (Unit.DoesNotExist, TypeError, ValueError):
            return qs.none()
        qs = qs.filter(unit__path__startswith=unit_obj.path)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    qualified = filters.get("qualified")
    if qualified in ("yes", "no"):
        condition = qualified_q(on=today())
        qs = qs.filter(condition) if qualified == "yes" else qs.exclude(condition)
    return qs.select_related("unit").prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on"))
    )


def staff_get(*, user, pk) -> Staff:
    """One staff member the user may see, with certificates and training records; else 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    qs = _scoped(Staff.objects.all(), user).select_related("unit", "user")
    qs = qs.prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on")),
        Prefetch("training_records", queryset=TrainingRecord.objects.order_by("date")),
        Prefetch("body_cameras", queryset=BodyCamera.objects.order_by("serial")),
    )
    staff = qs.filter(pk=pk).first()
    if staff is None:
        raise Http404
    return staff


def camera_list(*, user) -> QuerySet[BodyCamera]:
    """Body cameras of the units the user sees, with the unit and the person holding each."""
    return _scoped(BodyCamera.objects.all(), user).select_related("unit", "assigned_to", "assigned_to__unit")


def vehicle_list(*, user) -> QuerySet[Vehicle]:
    """Vehicles of the units the user sees."""
    return _scoped(Vehicle.objects.all(), user).select_related("unit")


def grid_list(*, user) -> QuerySet[Grid]:
    """Every grid with its owning squad (the city's grid map is not secret within the bureau)."""
    return Grid.objects.select_related("squad").order_by("code")


def training_hours_by_staff(staff_ids, year: int) -> dict[int, object]:
    """{staff id: hours in ``year``} for many people in one query."""
    rows = (
        TrainingRecord.objects.filter(staff_id__in=list(staff_ids), date__year=year)
        .values("staff_id")
        .annotate(total=Sum("hours"))
    )
    return {row["staff_id"]: row["total"] for row in rows}


def qualified_officers(*, user, on: dt.date | None = None) -> QuerySet[Staff]:
    """Officers the user sees who may handle cases on ``on`` (default today), for handler pickers.

    The database form of :func:`sunshine.org.rules.is_qualified` (《行政处罚法》第四十二条); the
    service that assigns a handler still calls :func:`sunshine.org.rules.assert_can_handle_cases`.
    """
    on = on or today()
    return (
        _scoped(Staff.objects.filter(qualified_q(on=on)), user).select_related("unit").order_by("employee_no")
    )
