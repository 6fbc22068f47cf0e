"""Forms of the parties pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.catalog.models import Matter
from sunshine.org.models import Staff

from .models import CONTACT_STEPS, FieldContact, Party, VendingPoint


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, so templates stay free of styling logic."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")


class PartyForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("kind"), choices=Party.Kind.choices, initial=Party.Kind.INDIVIDUAL)
    name = forms.CharField(label=_("name"), max_length=100)
    id_number = forms.CharField(
        label=_("resident ID number"),
        max_length=32,
        required=False,
        help_text=_("Optional for individuals; checked against GB 11643."),
    )
    credit_code = forms.CharField(
        label=_("unified social credit code"),
        max_length=32,
        required=False,
        help_text=_("Required for organisations."),
    )
    legal_representative = forms.CharField(label=_("legal representative"), max_length=64, required=False)
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    laid_off = forms.BooleanField(label=_("laid-off worker"), required=False)
    zero_employment_family = forms.BooleanField(label=_("zero-employment family"), required=False)
    landless_farmer = forms.BooleanField(label=_("landless farmer"), required=False)
    disabled = forms.BooleanField(label=_("person with a disability"), required=False)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PointChoiceField(forms.ModelChoiceField):
    """A vending point with its stalls taken today, when the queryset is annotated with ``occupied``."""

    def label_from_instance(self, obj):
        occupied = getattr(obj, "occupied", None)
        if occupied is None:
            return obj.name
        return f"{obj.name}（{occupied}/{obj.capacity}）"


class ContactForm(BootstrapForm):
    """The street form: party (chosen, quick-created or described), matter, step, people, place, photo."""

    party = forms.ModelChoiceField(
        label=_("party"), queryset=Party.objects.all(), required=False, widget=forms.HiddenInput
    )
    new_name = forms.CharField(label=_("name"), max_length=100, required=False)
    new_id_number = forms.CharField(label=_("resident ID number"), max_length=32, required=False)
    new_phone = forms.CharField(label=_("phone"), max_length=32, required=False)
    new_laid_off = forms.BooleanField(label=_("laid-off worker"), required=False)
    new_zero_employment_family = forms.BooleanField(label=_("zero-employment family"), required=False)
    new_landless_farmer = forms.BooleanField(label=_("landless farmer"), required=False)
    new_disabled = forms.BooleanField(label=_("person with a disability"), required=False)
    party_description = forms.CharField(
        label=_("description of the person"),
        max_length=200,
        required=False,
        help_text=_("When the person refuses to give a name: appearance, goods, vehicle."),
    )
    matter = forms.ModelChoiceField(
        label=_("matter"), queryset=Matter.objects.filter(active=True).order_by("code"), to_field_name="code"
    )
    step = forms.ChoiceField(
        label=_("step"), choices=[(s.value, s.label) for s in CONTACT_STEPS], widget=forms.RadioSelect
    )
    officers = forms.ModelMultipleChoiceField(
        label=_("staff present"), queryset=Staff.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=FieldContact.Outcome.choices, widget=forms.RadioSelect
    )
    vending_point = PointChoiceField(
        label=_("guided to (vending point)"),
        queryset=VendingPoint.objects.filter(active=True),
        required=False,
        help_text=_("Only for guidance."),
    )
    lng = forms.FloatField(label=_("longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("latitude"), required=False, min_value=-90, max_value=90)
    address = forms.CharField(label=_("place"), max_length=200, required=False)
    occurred_at = forms.DateTimeField(label=_("time"), widget=DateTimeLocalInput())
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, officers_qs=None, points_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if officers_qs is not None:
            self.fields["officers"].queryset = officers_qs
        if points_qs is not None:
            self.fields["vending_point"].queryset = points_qs
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for name in ("lng", "lat"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def new_party_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data.get("new_name", "").strip(),
            "id_number": data.get("new_id_number", "").strip(),
            "phone": data.get("new_phone", "").strip(),
            "laid_off": data.get("new_laid_off", False),
            "zero_employment_family": data.get("new_zero_employment_family", False),
            "landless_farmer": data.get("new_landless_farmer", False),
            "disabled": data.get("new_disabled", False),
        }


class VendingPointForm(BootstrapForm):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=100)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    lng = forms.FloatField(label=_("longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("latitude"), min_value=-90, max_value=90)
    capacity = forms.IntegerField(label=_("capacity (stalls)"), min_value=1)
    reserved_for_vulnerable = forms.IntegerField(
        label=_("stalls reserved for vulnerable groups"), min_value=0, initial=0
    )
    hours = forms.CharField(label=_("opening hours"), max_length=64, required=False)
    goods = forms.CharField(label=_("goods allowed"), max_length=200, required=False)
    active = forms.BooleanField(label=_("active"), required=False, initial=True)
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AssignForm(BootstrapForm):
    party = forms.ModelChoiceField(label=_("party"), queryset=Party.objects.all())
    starts_on = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(label=_("notes"), max_length=200, required=False)


class WaitForm(BootstrapForm):
    party = forms.ModelChoiceField(label=_("party"), queryset=Party.objects.all())
    notes = forms.CharField(label=_("notes"), max_length=200, required=False)


class ContactFilterForm(BootstrapForm):
    q = forms.CharField(label=_("search"), required=False)
    matter = forms.CharField(label=_("matter code"), required=False)
    step = forms.ChoiceField(
        label=_("step"), choices=[("", "—"), *[(s.value, s.label) for s in CONTACT_STEPS]], required=False
    )
    outcome = forms.ChoiceField(
        label=_("outcome"), choices=[("", "—"), *FieldContact.Outcome.choices], required=False
    )
    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    mine = forms.BooleanField(label=_("recorded by me"), required=False)


class PeriodForm(BootstrapForm):
    date_from = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.IntegerField(label=_("unit"), required=False, widget=forms.Select)
