"""Reads of oversight, scoped to the acting user.

- Inspectors and leaders (bureau-wide) see everyone; a squad leader sees the staff of their squad; an
  officer sees only themselves. A hidden object is a 404, like a missing one.
- Misconduct investigations are seen only by holders of ``misconduct.view``, and never by the staff
  member concerned (the report's subject or the investigation's): the reported officer does not learn
  who reported or what is being looked at.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sunshine.accounts.roles import Role, bureau_wide, has_capability, has_role
from sunshine.org.models import Staff
from sunshine.org.selectors import user_staff

from .models import (
    AccountabilityAction,
    ConductCheck,
    EnforcementFault,
    FaultFlag,
    Finding,
    Investigation,
)


def viewer_staff(user) -> Staff | None:
    return user_staff(user)


def scope_of(user) -> tuple[str, object]:
    """("all", None), ("unit", unit path) or ("self", staff id) — or ("none", None)."""
    if bureau_wide(user):
        return "all", None
    staff = viewer_staff(user)
    if staff is None:
        return "none", None
    if has_role(user, Role.SQUAD_LEADER):
        return "unit", staff.unit.path
    return "self", staff.pk


def staff_visible(user) -> QuerySet:
    kind, value = scope_of(user)
    qs = Staff.objects.select_related("unit")
    if kind == "all":
        return qs
    if kind == "unit":
        return qs.filter(unit__path__startswith=value)
    if kind == "self":
        return qs.filter(pk=value)
    return qs.none()


def staff_get(user, pk) -> Staff:
    staff = staff_visible(user).filter(pk=pk).first()
    if staff is None:
        raise Http404
    return staff


def _by_staff(qs: QuerySet, user, field: str = "staff") -> QuerySet:
    kind, value = scope_of(user)
    if kind == "all":
        return qs
    if kind == "unit":
        return qs.filter(**{f"{field}__unit__path__startswith": value})
    if kind == "self":
        return qs.filter(**{f"{field}_id": value})
    return qs.none()


def checks(user) -> QuerySet:
    qs = ConductCheck.objects.select_related("unit", "checked_by")
    kind, value = scope_of(user)
    if kind == "all":
        return qs
    if kind == "unit":
        return qs.filter(unit__path__startswith=value)
    if kind == "self":
        return qs.filter(entries__staff_id=value).distinct()
    return qs.none()


def check_get(user, pk) -> ConductCheck:
    found = checks(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def findings(user) -> QuerySet:
    return _by_staff(
        Finding.objects.select_related("staff", "staff__unit", "conduct_check", "conduct_check__checked_by"),
        user,
    )


def finding_get(user, pk) -> Finding:
    found = findings(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def investigations(user) -> QuerySet:
    """Investigations for the inspection office and leaders; never those about the viewer."""
    if not has_capability(user, "misconduct.view"):
        return Investigation.objects.none()
    qs = Investigation.objects.select_related(
        "report", "report__supervisor", "request", "staff__unit", "investigator"
    )
    staff = viewer_staff(user)
    if staff is not None:
        qs = qs.exclude(staff_id=staff.pk).exclude(report__staff_reported_id=staff.pk)
    return qs


def investigation_get(user, pk) -> Investigation:
    found = investigations(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def misconduct_awaiting(user) -> QuerySet:
    """Misconduct reports with no investigation yet (the service app's list, already scoped)."""
    from sunshine.service import supervision

    opened = Investigation.objects.filter(report__isnull=False).values("report_id")
    return supervision.misconduct_reports(user).exclude(pk__in=opened)


def actions(user) -> QuerySet:
    return _by_staff(
        AccountabilityAction.objects.select_related("staff", "staff__unit", "proposed_by", "decided_by"), user
    )


def action_get(user, pk) -> AccountabilityAction:
    found = actions(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_see_investigation(user, action: AccountabilityAction) -> bool:
    """Whether the viewer may see that (and which) investigation led to ``action``."""
    if action.investigation_id is None:
        return False
    return investigations(user).filter(pk=action.investigation_id).exists()


def faults(user) -> QuerySet:
    qs = EnforcementFault.objects.select_related("case", "recorded_by").prefetch_related("officers")
    kind, value = scope_of(user)
    if kind == "all":
        return qs
    if kind == "unit":
        return qs.filter(
            Q(case__unit__path__startswith=value) | Q(responsible__staff__unit__path__startswith=value)
        ).distinct()
    if kind == "self":
        return qs.filter(responsible__staff_id=value).distinct()
    return qs.none()


def flags(user) -> QuerySet:
    return _by_staff(FaultFlag.objects.select_related("staff", "staff__unit", "action"), user)
