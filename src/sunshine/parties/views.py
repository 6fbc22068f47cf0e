"""Pages of parties, field contacts and vending points under ``/work/parties/`` (phone first)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunshine.accounts.roles import Role, bureau_wide, has_capability, has_role
from sunshine.catalog.models import Matter
from sunshine.core.errors import PermissionDeniedError, RuleViolation
from sunshine.core.masking import mask_id_number
from sunshine.core.permissions import capability_required
from sunshine.org.models import Grid, Staff, Unit
from sunshine.org.selectors import scope_path, user_staff

from . import selectors, services
from .forms import (
    AssignForm,
    ContactFilterForm,
    ContactForm,
    PartyForm,
    PeriodForm,
    VendingPointForm,
    WaitForm,
)
from .ladder import history_for, recommendation_for, window_months
from .models import CONTACT_STEPS, Party, Step
from .rules import window_since


def _apply_error(form, exc) -> None:
    """Put a service's error on the form: field errors where they belong, rules with their citation."""
    if isinstance(exc, RuleViolation):
        text = str(exc.message)
        if exc.citation:
            text = f"{text}（{exc.citation}）"
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, text)
    elif isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)


def _page(request, qs, per_page=25):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


# --- parties --------------------------------------------------------------------------------


@capability_required("parties.view")
def party_list(request):
    q = request.GET.get("q", "").strip()
    vulnerable = request.GET.get("vulnerable") == "1"
    parties = selectors.party_list(user=request.user, q=q, vulnerable=True if vulnerable else None)
    return render(
        request,
        "parties/party_list.html",
        {"page": _page(request, parties), "q": q, "vulnerable": vulnerable},
    )


@capability_required("parties.view")
def party_search(request):
    """htmx: up to ten parties matching ``q``, as choices for the contact form."""
    q = request.GET.get("q", "").strip()
    parties = selectors.party_list(user=request.user, q=q)[:10] if len(q) >= 1 else []
    return render(request, "parties/_party_choices.html", {"parties": parties, "q": q})


@capability_required("parties.edit")
def party_create(request):
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.party_create(actor=request.user, **form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            _apply_error(form, exc)
        else:
            (messages.success if result.created else messages.warning)(request, result.message)
            return redirect("parties:party_detail", pk=result.party.pk)
    return render(request, "parties/party_form.html", {"form": form, "title": _("Register a party")})


@capability_required("parties.edit")
def party_edit(request, pk):
    party = selectors.party_get(user=request.user, pk=pk)
    initial = {name: getattr(party, name) for name in services.PARTY_FIELDS}
    form = PartyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_update(actor=request.user, party=party, **form.cleaned_data)
        except (RuleViolation, ValidationError) as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("parties:party_detail", pk=party.pk)
    return render(
        request, "parties/party_form.html", {"form": form, "title": _("Edit party"), "party": party}
    )


@capability_required("parties.view")
def party_detail(request, pk):
    party = selectors.party_get(user=request.user, pk=pk)
    contacts = list(selectors.contact_list(user=request.user, filters={"party": party.pk})[:100])
    today = timezone.localdate()
    months = window_months()
    since = window_since(today, months)
    matters = {c.matter_id: c.matter for c in contacts}
    chosen = request.GET.get("matter")
    if chosen:
        matter = Matter.objects.filter(code=chosen).first()
        if matter is not None:
            matters[matter.pk] = matter
    ladders = []
    for matter in sorted(matters.values(), key=lambda m: m.code):
        rec = recommendation_for(party=party, matter=matter, on=today)
        ladders.append(
            {
                "matter": matter,
                "recommendation": rec,
                "history": history_for(party=party, matter=matter, since=since, until=today),
            }
        )
    assignments = selectors.assignment_list(user=request.user, party=party).order_by("-starts_on")
    return render(
        request,
        "parties/party_detail.html",
        {
            "party": party,
            "masked_id": mask_id_number(party.id_number) if party.id_number else "",
            "contacts": contacts,
            "ladders": ladders,
            "since": since,
            "assignments": assignments,
            "today": today,
            "matters": Matter.objects.filter(active=True).order_by("code"),
            "steps": list(Step),
        },
    )


# --- contacts -------------------------------------------------------------------------------


def _officers_for(user):
    prefix = scope_path(user) or ""
    qs = Staff.objects.filter(status=Staff.Status.ACTIVE).select_related("unit").order_by("kind", "name")
    if prefix:
        qs = qs.filter(unit__path__startswith=prefix)
    return qs


@capability_required("contacts.record")
def contact_record(request):
    staff = user_staff(request.user)
    officers_qs = _officers_for(request.user)
    initial = {"officers": [staff.pk] if staff else [], "step": Step.PERSUADE}
    if request.GET.get("party"):
        initial["party"] = selectors.party_list(user=request.user).filter(pk=request.GET["party"]).first()
    if request.GET.get("matter"):
        initial["matter"] = Matter.objects.filter(code=request.GET["matter"]).first()
    form = ContactForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        officers_qs=officers_qs,
        points_qs=selectors.vending_point_list(user=request.user, active_only=True),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                party = data["party"]
                notice = ""
                new_fields = form.new_party_fields()
                if party is None and new_fields["name"]:
                    result = services.party_create(actor=request.user, **new_fields)
                    party, notice = result.party, ("" if result.created else result.message)
                contact = services.contact_record(
                    actor=request.user,
                    party=party,
                    party_description=data["party_description"],
                    matter=data["matter"],
                    step=data["step"],
                    officers=list(data["officers"]),
                    outcome=data["outcome"],
                    lng=data["lng"],
                    lat=data["lat"],
                    address=data["address"],
                    occurred_at=data["occurred_at"],
                    photo=data["photo"] or None,
                    vending_point=data["vending_point"],
                    notes=data["notes"],
                )
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except (RuleViolation, ValidationError) as exc:
            _apply_error(form, exc)
        else:
            if notice:
                messages.warning(request, notice)
            messages.success(request, _("Contact recorded: %(step)s.") % {"step": contact.get_step_display()})
            return redirect("parties:contact_detail", pk=contact.pk)
    bound_party = form["party"].value()
    party = None
    if bound_party:
        party = selectors.party_list(user=request.user).filter(pk=bound_party).first()
    matter_code = form["matter"].value()
    matter = Matter.objects.filter(code=matter_code).first() if matter_code else None
    context = _step_context(request, form, party, matter)
    context.update({"form": form, "party": party})
    return render(request, "parties/contact_form.html", context)


def _step_context(request, form, party, matter) -> dict:
    recommendation = recommendation_for(party=party, matter=matter) if matter is not None else None
    selected = (
        form["step"].value() if form.is_bound else (recommendation.step if recommendation else Step.PERSUADE)
    )
    if selected == Step.PENALIZE:
        selected = Step.WARN
    allowed = {Step.PERSUADE, Step.EDUCATE} if has_role(request.user, Role.AUXILIARY) else set(CONTACT_STEPS)
    return {
        "recommendation": recommendation,
        "selected_step": selected,
        "step_choices": [
            {"value": value, "label": label, "allowed": value in allowed}
            for value, label in form.fields["step"].choices
        ],
        "step_errors": form.errors.get("step", []) if form.is_bound else [],
    }


@capability_required("contacts.record")
def contact_recommendation(request):
    """htmx: the step choices with the recommended step selected and the reason shown."""
    form = ContactForm(officers_qs=Staff.objects.none())
    party = None
    if request.GET.get("party"):
        party = selectors.party_list(user=request.user).filter(pk=request.GET["party"]).first()
    code = request.GET.get("matter", "")
    matter = Matter.objects.filter(code=code).first() if code else None
    context = _step_context(request, form, party, matter)
    return render(request, "parties/_step_choices.html", context)


@capability_required("parties.view")
def contact_list(request):
    form = ContactFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    contacts = selectors.contact_list(user=request.user, filters=filters)
    return render(request, "parties/contact_list.html", {"page": _page(request, contacts), "form": form})


@capability_required("parties.view")
def contact_detail(request, pk):
    contact = selectors.contact_get(user=request.user, pk=pk)
    return render(request, "parties/contact_detail.html", {"contact": contact})


@capability_required("parties.view")
def contact_photo(request, pk):
    """The contact's photo, to those who may see the contact (media files are never public)."""
    contact = selectors.contact_get(user=request.user, pk=pk)
    if not contact.photo:
        raise Http404
    response = FileResponse(contact.photo.open("rb"))
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- vending points -------------------------------------------------------------------------


@capability_required("parties.view")
def point_list(request):
    points = selectors.vending_point_list(user=request.user)
    return render(request, "parties/point_list.html", {"points": points})


@capability_required("parties.view")
def point_detail(request, pk):
    point = selectors.vending_point_get(user=request.user, pk=pk)
    today = timezone.localdate()
    assignments = selectors.assignment_list(user=request.user, point=point, current_on=today)
    form = AssignForm()
    form.fields["party"].queryset = selectors.party_list(user=request.user).filter(kind=Party.Kind.INDIVIDUAL)
    wait_form = WaitForm(prefix="wait")
    wait_form.fields["party"].queryset = form.fields["party"].queryset
    return render(
        request,
        "parties/point_detail.html",
        {
            "point": point,
            "assignments": assignments,
            "form": form,
            "wait_form": wait_form,
            "waiting": selectors.waiting_list(point=point),
            "free": max(0, point.capacity - point.occupied),
        },
    )


@capability_required("parties.manage_points")
def point_create(request):
    return _point_form(request, None)


@capability_required("parties.manage_points")
def point_edit(request, pk):
    return _point_form(request, selectors.vending_point_get(user=request.user, pk=pk))


def _point_form(request, point):
    fields = (
        "code",
        "name",
        "address",
        "lng",
        "lat",
        "capacity",
        "reserved_for_vulnerable",
        "hours",
        "goods",
        "active",
        "notes",
    )
    initial = {name: getattr(point, name) for name in fields} if point else {"active": True}
    form = VendingPointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if point is None:
                point = services.vending_point_create(actor=request.user, **form.cleaned_data)
            else:
                services.vending_point_update(actor=request.user, point=point, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        except (RuleViolation, ValidationError) as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("parties:point_detail", pk=point.pk)
    title = _("Edit vending point") if point else _("New vending point")
    return render(request, "parties/point_form.html", {"form": form, "point": point, "title": title})


@capability_required("parties.edit")
@require_POST
def point_assign(request, pk):
    point = selectors.vending_point_get(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    form.fields["party"].queryset = selectors.party_list(user=request.user)
    if form.is_valid():
        try:
            services.vendor_assign(
                actor=request.user,
                party=form.cleaned_data["party"],
                point=point,
                starts_on=form.cleaned_data["starts_on"],
                notes=form.cleaned_data["notes"],
            )
        except (RuleViolation, ValidationError) as exc:
            messages.error(request, str(exc) if isinstance(exc, RuleViolation) else " ".join(exc.messages))
        else:
            messages.success(request, _("Stall assigned."))
    else:
        messages.error(request, _("Choose a party."))
    return redirect("parties:point_detail", pk=point.pk)


@capability_required("parties.edit")
@require_POST
def point_wait(request, pk):
    """Put a party on the point's waiting list (a full point; vulnerable groups are served first)."""
    point = selectors.vending_point_get(user=request.user, pk=pk)
    form = WaitForm(request.POST, prefix="wait") if "wait-party" in request.POST else WaitForm(request.POST)
    form.fields["party"].queryset = selectors.party_list(user=request.user)
    if form.is_valid():
        try:
            services.waiting_join(
                actor=request.user,
                party=form.cleaned_data["party"],
                point=point,
                notes=form.cleaned_data["notes"],
            )
        except RuleViolation as exc:
            messages.error(request, f"{exc.message}（{exc.citation}）")
        else:
            messages.success(request, _("Added to the waiting list."))
    else:
        messages.error(request, _("Choose a party."))
    return redirect("parties:point_detail", pk=point.pk)


@capability_required("parties.edit")
@require_POST
def waiting_withdraw(request, pk):
    entry = selectors.waiting_get(user=request.user, pk=pk)
    try:
        services.waiting_withdraw(actor=request.user, entry=entry)
    except RuleViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Taken off the waiting list."))
    return redirect("parties:point_detail", pk=entry.point_id)


@capability_required("parties.edit")
@require_POST
def assignment_release(request, pk):
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    try:
        services.vendor_release(actor=request.user, assignment=assignment)
    except RuleViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Stall released."))
    return redirect("parties:point_detail", pk=assignment.point_id)


# --- map and 721 ----------------------------------------------------------------------------


@capability_required("parties.view")
def map_view(request):
    return render(
        request,
        "parties/map.html",
        {"data_url": reverse("parties:map_data"), "days": _map_days(request)},
    )


def _map_days(request) -> int:
    try:
        return max(1, min(366, int(request.GET.get("days", 30))))
    except ValueError:
        return 30


@capability_required("parties.view")
def map_data(request):
    """GeoJSON of the grids (the base map), the contacts of the last ``days`` days and the vending points."""
    days = _map_days(request)
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    grids = Grid.objects.select_related("squad").order_by("code")
    features = [
        {
            "type": "Feature",
            "properties": {"name": grid.code, "label": grid.name, "squad": grid.squad.name},
            "geometry": grid.polygon,
        }
        for grid in grids
    ]
    contacts = (
        selectors.contact_list(user=request.user, filters={"date_from": since})
        .exclude(lng__isnull=True)
        .values_list(
            "pk", "lng", "lat", "step", "party__name", "party_description", "matter__name", "occurred_at"
        )[:5000]
    )
    points = selectors.vending_point_list(user=request.user)
    return JsonResponse(
        {
            "geojson": {"type": "FeatureCollection", "features": features},
            "steps": {s.value: str(s.label) for s in Step},
            "contacts": [
                {
                    "id": pk,
                    "value": [lng, lat],
                    "step": step,
                    "name": party_name or description,
                    "matter": matter_name,
                    "time": timezone.localtime(occurred).strftime("%Y-%m-%d %H:%M"),
                    "url": reverse("parties:contact_detail", args=[pk]),
                }
                for pk, lng, lat, step, party_name, description, matter_name, occurred in contacts
            ],
            "points": [
                {
                    "id": p.pk,
                    "value": [p.lng, p.lat],
                    "name": p.name,
                    "capacity": p.capacity,
                    "occupied": p.occupied,
                    "active": p.active,
                    "url": reverse("parties:point_detail", args=[p.pk]),
                }
                for p in points
            ],
            "labels": {
                "contacts": _("Contacts"),
                "points": _("Vending points"),
                "occupied": _("stalls taken"),
            },
        }
    )


@capability_required("parties.view")
def summary(request):
    form = PeriodForm(request.GET or None)
    units = []
    if bureau_wide(request.user):
        units = list(Unit.objects.filter(kind__in=[Unit.Kind.BRIGADE, Unit.Kind.SQUAD]).order_by("path"))
        form.fields["unit"].widget.choices = [("", _("Whole bureau")), *[(u.pk, u.name) for u in units]]
    else:
        form.fields["unit"].widget = form.fields["unit"].hidden_widget()
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    start = data.get("date_from") or today.replace(day=1)
    end = data.get("date_to") or today
    if end < start:
        start, end = end, start
    unit = next((u for u in units if u.pk == data.get("unit")), None)
    split = selectors.split_721(request.user, (start, end), unit=unit)
    rows = [
        {"key": "service", "label": _("Service (persuade, educate, guide)"), "variant": "success"},
        {"key": "management", "label": _("Management (warn)"), "variant": "warning"},
        {"key": "enforcement", "label": _("Enforcement (penalty decisions)"), "variant": "danger"},
    ]
    for row in rows:
        row["count"] = getattr(split, row["key"])
        row["share"] = split.share(row["key"])
        row["target"] = selectors.TARGET_721[row["key"]]
    return render(
        request,
        "parties/summary.html",
        {
            "form": form,
            "split": split,
            "rows": rows,
            "unit": unit,
            "can_see_all": has_capability(request.user, "parties.view"),
        },
    )
