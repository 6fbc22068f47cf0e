"""Staff pages of the organisation: units, staff, equipment and grids (read-only; editing is in /admin/)."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sunshine.accounts.roles import has_capability
from sunshine.core.permissions import capability_required

from . import rules, selectors
from .models import Staff
from .services import grid_for_point
from .svg import grid_map

PAGE_SIZE = 25


class StaffFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"placeholder": _("Name, employee no. or certificate no.")}),
    )
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Staff.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Staff.Status.choices]
    )
    qualified = forms.ChoiceField(
        label=_("Qualification"),
        required=False,
        choices=[("", _("All")), ("yes", _("Qualified")), ("no", _("Not qualified"))],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("All units"))] + [
            (u.pk, "\u3000" * max(u.path.count("/") - 1, 0) + u.name) for u in units
        ]


def _depth(unit) -> int:
    return max(unit.path.count("/") - 1, 0)


@capability_required("org.view")
def unit_list(request):
    units = selectors.tree_order(list(selectors.unit_list(user=request.user)))
    for unit in units:
        unit.depth = min(_depth(unit), 4)
    return render(
        request,
        "org/unit_list.html",
        {"units": units, "reviewers": rules.legal_reviewer_share()},
    )


@capability_required("org.view")
def staff_list(request):
    form = StaffFilterForm(request.GET or None, units=selectors.visible_units(user=request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.staff_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = selectors.today()
    show_training = has_capability(request.user, "org.view_training")
    hours = selectors.training_hours_by_staff([s.pk for s in page], today.year) if show_training else {}
    for person in page:
        person.qualified = rules.is_qualified(person, on=today)
        person.certificate = rules.certificate_for(person, on=today) or next(
            iter(person.certificates.all()), None
        )
        if show_training and person.kind == Staff.Kind.OFFICER:
            person.hours = hours.get(person.pk) or 0
            person.hours_met = rules.training_commitment_met(person.hours)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "org/staff_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "show_training": show_training,
            "year": today.year,
            "required_hours": rules.TRAINING_HOURS_REQUIRED,
        },
    )


@capability_required("org.view")
def staff_detail(request, pk: int):
    person = selectors.staff_get(user=request.user, pk=pk)
    today = selectors.today()
    show_training = has_capability(request.user, "org.view_training")
    return render(
        request,
        "org/staff_detail.html",
        {
            "person": person,
            "today": today,
            "problems": rules.qualification_problems(person, on=today),
            "certificate": rules.certificate_for(person, on=today),
            "years": rules.training_by_year(person.training_records.all()) if show_training else [],
            "show_training": show_training,
        },
    )


@capability_required("org.view_training")
def staff_training(request, pk: int):
    person = selectors.staff_get(user=request.user, pk=pk)
    return render(
        request,
        "org/staff_training.html",
        {
            "person": person,
            "years": rules.training_by_year(person.training_records.all()),
            "required_hours": rules.TRAINING_HOURS_REQUIRED,
            "citation": rules.CITE_TRAINING,
        },
    )


@capability_required("org.view")
def equipment_list(request):
    cameras = Paginator(selectors.camera_list(user=request.user), 50).get_page(request.GET.get("page"))
    vehicles = selectors.vehicle_list(user=request.user)
    return render(request, "org/equipment_list.html", {"cameras": cameras, "vehicles": vehicles})


class LocateForm(forms.Form):
    lng = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)


@capability_required("org.view")
def grid_list(request):
    grids = list(selectors.grid_list(user=request.user))
    form = LocateForm(request.GET or None)
    located = point = None
    if form.is_valid():
        point = (form.cleaned_data["lng"], form.cleaned_data["lat"])
        located = grid_for_point(*point)
    return render(
        request,
        "org/grid_list.html",
        {
            "grids": grids,
            "map": grid_map(grids, highlight=located, point=point),
            "form": form,
            "located": located,
            "searched": form.is_bound and form.is_valid(),
        },
    )
