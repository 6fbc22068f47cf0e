"""Reads of cases, scoped to the acting user: bureau-wide roles see every case, others their own squad's
(``org.Unit.path`` prefix). A missing case and a forbidden one give the same 404."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sunshine.accounts.roles import bureau_wide
from sunshine.org.models import Staff

from .models import Case, CaseHandler, CaseParty
from .workflow import State

ACTIVE_STATES = [
    s for s in State.values if s not in (State.CLOSED, State.ARCHIVED, State.WITHDRAWN, State.REFERRED)
]


def user_staff(user) -> Staff | None:
    cached = getattr(user, "_sunshine_staff", False)
    if cached is False:
        cached = (
            Staff.objects.select_related("unit").filter(user=user).first() if user.is_authenticated else None
        )
        user._sunshine_staff = cached
    return cached


def case_queryset(user) -> QuerySet[Case]:
    """Every case ``user`` may see."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if bureau_wide(user):
        return Case.objects.all()
    staff = user_staff(user)
    if staff is None:
        return Case.objects.none()
    return Case.objects.filter(unit_id__in=scope_unit_ids(user, staff))


def scope_unit_ids(user, staff: Staff) -> list[int]:
    """The units under the user's own (``org.Unit.path`` prefix), resolved once per request so that the
    case query filters on ``unit_id`` (an index range in the list's order) rather than joining units."""
    cached = getattr(user, "_sunshine_scope_units", None)
    if cached is None:
        from sunshine.org.models import Unit

        cached = list(Unit.objects.filter(path__startswith=staff.unit.path).values_list("pk", flat=True))
        user._sunshine_scope_units = cached
    return cached


def case_list(*, user, filters: dict | None = None) -> QuerySet[Case]:
    """The cases ``user`` may see, filtered, with what a list shows loaded in a fixed number of queries.

    Filters: ``state``, ``procedure``, ``source``, ``matter`` (code), ``q`` (number, place, party name),
    ``mine`` (cases the user handles), ``registered_from``/``registered_to`` (dates), ``active``, ``early``
    (opened before the five-step ladder reached "penalise", with their recorded reason).
    """
    return (
        case_filter(user=user, filters=filters)
        .select_related("matter_version__matter", "unit")
        .prefetch_related(
            Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("id")),
            Prefetch(
                "case_handlers", queryset=CaseHandler.objects.select_related("staff").order_by("-lead", "id")
            ),
        )
    )


def case_filter(*, user, filters: dict | None = None) -> QuerySet[Case]:
    """The filtered, ordered cases ``user`` may see, with nothing loaded (see :func:`case_list`)."""
    filters = filters or {}
    qs = case_queryset(user)
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("procedure"):
        qs = qs.filter(procedure=filters["procedure"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("matter"):
        qs = qs.filter(matter_version__matter__code=filters["matter"])
    if filters.get("early") in ("1", "true", True):
        qs = qs.filter(opened_early=True)
    if filters.get("active") in ("1", "true", True):
        qs = qs.filter(state__in=ACTIVE_STATES)
    if filters.get("mine") in ("1", "true", True):
        staff = user_staff(user)
        qs = qs.filter(case_handlers__staff=staff) if staff else qs.none()
    for key, lookup in (("registered_from", "registered_on__gte"), ("registered_to", "registered_on__lte")):
        value = filters.get(key)
        if value:
            with contextlib.suppress(ValueError):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(str(value))})
    if filters.get("q"):
        q = str(filters["q"]).strip()
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(place__icontains=q)
            | Q(pk__in=CaseParty.objects.filter(party__name__icontains=q).values("case_id"))
        )
    return qs.order_by("-registered_on", "-id")


def case_get(*, user, pk: int) -> Case:
    case = (
        case_queryset(user)
        .select_related("matter_version__matter", "unit", "grid", "created_by")
        .prefetch_related(
            Prefetch("case_parties", queryset=CaseParty.objects.select_related("party").order_by("id")),
            Prefetch(
                "case_handlers", queryset=CaseHandler.objects.select_related("staff").order_by("-lead", "id")
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    return case


def case_deadlines(case: Case):
    from sunshine.workdays.selectors import deadlines_for_owner

    return list(deadlines_for_owner(case))


def my_cases_needing_action(user) -> QuerySet[Case]:
    """Active cases the user handles, plus (for squad leaders, reviewers and leaders) cases waiting for
    their step: filing approval, legal review, collective discussion, decision."""
    from sunshine.accounts.roles import Role, user_roles

    roles = user_roles(user)
    staff = user_staff(user)
    condition = Q(pk__in=[])
    if staff is not None:
        condition |= Q(case_handlers__staff=staff, state__in=ACTIVE_STATES)
    if Role.SQUAD_LEADER in roles:
        condition |= Q(state__in=[State.REGISTERED, State.EXECUTED])
    if Role.LEGAL_REVIEWER in roles:
        condition |= Q(state=State.REVIEW)
    if Role.LEADER in roles:
        condition |= Q(state__in=[State.DISCUSSION, State.AWAITING_DECISION])
    return case_queryset(user).filter(condition).distinct()


def today() -> dt.date:
    return timezone.localdate()
