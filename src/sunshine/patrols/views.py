"""Staff pages of patrols (phone first) and conflict incidents. Thin: parse, call a service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import has_capability
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.permissions import capability_required
from sunshine.org.selectors import user_staff

from . import selectors, services
from .forms import (
    AssignmentForm,
    CloseForm,
    ContactForm,
    FindingForm,
    FollowUpForm,
    IncidentForm,
    InformForm,
    LinkForm,
)
from .models import Finding

ERRORS = (RuleViolation, ValidationError)


def _to_form(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
        return
    if isinstance(exc, ValidationError):
        for error in exc.messages:
            form.add_error(None, error)
        return
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


def _call(request, form, fn, **kwargs):
    """Run a service for a bound form; on a rule or input error put it on the form and return None."""
    try:
        return fn(actor=request.user, **kwargs)
    except ERRORS as exc:
        _to_form(form, exc)
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    return None


def _page(request, qs, size: int = 25):
    return Paginator(qs, size).get_page(request.GET.get("page"))


# --- patrols --------------------------------------------------------------------------------------


@capability_required("patrols.view")
def index(request):
    user = request.user
    return render(
        request,
        "patrols/index.html",
        {
            "active": selectors.active_patrol(user),
            "mine": selectors.my_assignments(user),
            "page": _page(request, selectors.patrols(user)),
            "can_log": has_capability(user, "patrols.log") and user_staff(user) is not None,
        },
    )


@require_POST
@capability_required("patrols.log")
def patrol_start(request):
    assignment = None
    if request.POST.get("assignment"):
        assignment = selectors.assignment_get(user=request.user, pk=request.POST["assignment"])
    try:
        patrol = services.patrol_start(actor=request.user, assignment=assignment)
    except RuleViolation as exc:
        messages.error(request, str(exc))
        return redirect("patrols:index")
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    return redirect("patrols:patrol_detail", pk=patrol.pk)


@capability_required("patrols.view")
def patrol_detail(request, pk):
    patrol = selectors.patrol_get(user=request.user, pk=pk)
    own = patrol.staff.user_id == request.user.pk and patrol.status == patrol.Status.ACTIVE
    finding_form = FindingForm(request.POST or None) if own else None
    if (
        own
        and request.method == "POST"
        and finding_form.is_valid()
        and _call(request, finding_form, services.finding_record, patrol=patrol, **finding_form.cleaned_data)
    ):
        messages.success(request, _("Finding recorded."))
        return redirect("patrols:patrol_detail", pk=patrol.pk)
    rows = list(patrol.points.values_list("lng", "lat", "grid_id"))
    points = [(lng, lat) for lng, lat, _grid in rows]
    grids = {grid for _lng, _lat, grid in rows} - {None}
    from sunshine.org.models import Grid

    track = {
        "points": [[lng, lat] for lng, lat in points],
        "grids": [{"code": g.code, "polygon": g.polygon} for g in Grid.objects.filter(pk__in=grids)],
    }
    return render(
        request,
        "patrols/patrol_detail.html",
        {
            "patrol": patrol,
            "own": own,
            "findings": patrol.findings.select_related("contact", "case", "request"),
            "finding_form": finding_form,
            "track": track,
        },
        status=422 if finding_form is not None and finding_form.errors else 200,
    )


@require_POST
@capability_required("patrols.log")
def patrol_end(request, pk):
    patrol = selectors.patrol_get(user=request.user, pk=pk)
    try:
        services.patrol_end(actor=request.user, patrol=patrol, note=request.POST.get("note", ""))
    except RuleViolation as exc:
        messages.error(request, str(exc))
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    else:
        messages.success(request, _("Patrol ended."))
    return redirect("patrols:patrol_detail", pk=pk)


def _finding(request, pk) -> Finding:
    from django.http import Http404

    finding = Finding.objects.select_related("patrol").filter(pk=pk).first()
    if finding is None or not selectors.patrols(request.user).filter(pk=finding.patrol_id).exists():
        raise Http404
    return finding


@capability_required("patrols.log")
def finding_handle(request, pk):
    """Turn a finding into a field contact, or link it to its case or request."""
    finding = _finding(request, pk)
    contact_form = ContactForm(request.POST if request.POST.get("as") == "contact" else None, prefix="c")
    link_form = LinkForm(request.POST if request.POST.get("as") == "link" else None, prefix="l")
    if request.method == "POST":
        if contact_form.is_bound and contact_form.is_valid():
            if _call(
                request,
                contact_form,
                services.finding_to_contact,
                finding=finding,
                **contact_form.cleaned_data,
            ):
                messages.success(request, _("Field contact recorded."))
                return redirect("patrols:patrol_detail", pk=finding.patrol_id)
        elif (
            link_form.is_bound
            and link_form.is_valid()
            and _call(request, link_form, services.finding_link, finding=finding, **link_form.cleaned_data)
        ):
            messages.success(request, _("Finding linked."))
            return redirect("patrols:patrol_detail", pk=finding.patrol_id)
    return render(
        request,
        "patrols/finding_handle.html",
        {"finding": finding, "contact_form": contact_form, "link_form": link_form},
        status=422 if (contact_form.errors or link_form.errors) else 200,
    )


# --- assignments and coverage ---------------------------------------------------------------------


@capability_required("patrols.view")
def assignment_list(request):
    user = request.user
    me = user_staff(user)
    form = None
    if has_capability(user, "patrols.assign") and me is not None:
        form = AssignmentForm(request.POST or None, unit=me.unit)
        if (
            request.method == "POST"
            and form.is_valid()
            and _call(request, form, services.assignment_create, **form.cleaned_data)
        ):
            messages.success(request, _("Shift assigned."))
            return redirect("patrols:assignment_list")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "patrols/assignment_list.html",
        {"page": _page(request, selectors.assignments(user)), "form": form},
        status=422 if form is not None and form.errors else 200,
    )


@capability_required("patrols.view")
def coverage(request):
    day = parse_date(request.GET.get("day", "") or "") or timezone.localdate()
    rows = selectors.coverage(request.user, day)
    days = [day - dt.timedelta(days=i) for i in range(13, -1, -1)]
    trend = selectors.coverage_days(request.user, days)
    return render(
        request,
        "patrols/coverage.html",
        {
            "day": day,
            "rows": rows,
            "covered": sum(1 for r in rows if r["covered"]),
            "grid_map": [
                {
                    "code": r["grid"].code,
                    "name": r["grid"].name,
                    "patrols": r["patrols"],
                    "covered": r["covered"],
                    "ring": (r["grid"].polygon or {}).get("coordinates", [[]])[0],
                }
                for r in rows
            ],
            "trend": {
                "days": [d.isoformat() for d in days],
                "covered": [trend[d][0] for d in days],
                "total": [trend[d][1] for d in days],
            },
        },
    )


# --- incidents ------------------------------------------------------------------------------------


@capability_required("incidents.view")
def incident_list(request):
    return render(
        request,
        "patrols/incident_list.html",
        {
            "page": _page(request, selectors.incidents(request.user)),
            "can_report": has_capability(request.user, "incidents.report"),
        },
    )


@capability_required("incidents.report")
def incident_report(request):
    me = user_staff(request.user)
    if me is None:
        raise PermissionDenied
    form = IncidentForm(request.POST or None, unit=me.unit, initial={"occurred_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        case = None
        number = data.pop("case_number", "").strip()
        if number:
            from sunshine.cases.selectors import case_queryset

            case = case_queryset(request.user).filter(number=number).first()
            if case is None:
                form.add_error("case_number", _("No case with this number that you can see."))
        if not form.errors:
            incident = _call(request, form, services.incident_report, case=case, **data)
            if incident:
                messages.warning(
                    request,
                    _(
                        "Incident reported to the leaders. "
                        "Inform the local government and the superior department now."
                    ),
                )
                return redirect("patrols:incident_detail", pk=incident.pk)
    return render(request, "patrols/incident_form.html", {"form": form}, status=422 if form.errors else 200)


@capability_required("incidents.view")
def incident_detail(request, pk):
    incident = selectors.incident_get(user=request.user, pk=pk)
    which = request.POST.get("form", "")
    forms = {
        "inform": InformForm(request.POST if which == "inform" else None, prefix="i"),
        "follow": FollowUpForm(request.POST if which == "follow" else None, prefix="f"),
        "close": CloseForm(request.POST if which == "close" else None, prefix="c"),
    }
    if request.method == "POST":
        form = forms.get(which)
        if form is None:
            return redirect("patrols:incident_detail", pk=pk)
        needed = "incidents.manage" if which == "close" else "incidents.report"
        if not has_capability(request.user, needed):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            fn = {
                "inform": lambda: services.incident_inform(
                    actor=request.user,
                    incident=incident,
                    government_at=data["government_at"],
                    superior_at=data["superior_at"],
                ),
                "follow": lambda: services.incident_follow_up(
                    actor=request.user, incident=incident, text=data["text"]
                ),
                "close": lambda: services.incident_close(actor=request.user, incident=incident, **data),
            }[which]
            try:
                fn()
            except ERRORS as exc:
                _to_form(form, exc)
            except PermissionDeniedError as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(request, _("Saved."))
                return redirect("patrols:incident_detail", pk=pk)
    from sunshine.workdays.selectors import deadlines_for_owner

    return render(
        request,
        "patrols/incident_detail.html",
        {
            "incident": incident,
            "updates": incident.updates.select_related("by"),
            "staff": incident.staff.all(),
            "evidence": incident.evidence.all(),
            "deadlines": list(deadlines_for_owner(incident)),
            "forms": forms,
            "can_report": has_capability(request.user, "incidents.report"),
            "can_manage": has_capability(request.user, "incidents.manage"),
        },
        status=422 if any(f.errors for f in forms.values()) else 200,
    )
