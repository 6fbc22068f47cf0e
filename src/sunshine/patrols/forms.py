"""Input forms of the patrol pages (the services check the rules; these parse and show errors)."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.catalog.models import Matter
from sunshine.core.widgets import SearchSelect
from sunshine.org.models import Grid, Staff
from sunshine.parties.models import FieldContact, Party, Step

LOCAL = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class StaffChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}）"


class AssignmentForm(_Styled):
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=Grid.objects.none())
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("Shift starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Shift ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    staff = StaffChoice(label=_("Patrol members"), queryset=Staff.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["grid"].queryset = Grid.objects.filter(squad=unit)
            self.fields["staff"].queryset = Staff.objects.filter(
                unit=unit, status=Staff.Status.ACTIVE
            ).exclude(kind=Staff.Kind.CIVILIAN)
        self.fields["day"].initial = timezone.localdate()


class FindingForm(_Styled):
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 2}))
    lng = forms.FloatField(label=_("Longitude"), required=False, widget=forms.HiddenInput())
    lat = forms.FloatField(label=_("Latitude"), required=False, widget=forms.HiddenInput())


class ContactForm(_Styled):
    """The field contact a finding becomes (the parties app's ladder rules apply)."""

    matter = forms.ModelChoiceField(label=_("Matter"), queryset=Matter.objects.order_by("code"))
    step = forms.ChoiceField(label=_("Step"), choices=[c for c in Step.choices if c[0] != Step.PENALIZE])
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FieldContact.Outcome.choices)
    party = forms.ModelChoiceField(
        label=_("Party (if registered)"),
        queryset=Party.objects.all(),
        required=False,
        widget=SearchSelect(
            search_url=reverse_lazy("parties-api-party-list"), label_fields=("name", "phone")
        ),
    )
    party_description = forms.CharField(label=_("Description of the person"), required=False, max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(_Styled):
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=40)
    request_number = forms.CharField(label=_("Request tracking number"), required=False, max_length=20)
    nothing_reason = forms.CharField(label=_("Or: why nothing needs doing"), required=False, max_length=200)


class IncidentForm(_Styled):
    occurred_at = forms.DateTimeField(label=_("Occurred at"), **LOCAL)
    place = forms.CharField(label=_("Place"), max_length=200)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    injuries = forms.CharField(
        label=_("Injuries and damage"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    staff = StaffChoice(label=_("Staff involved"), queryset=Staff.objects.none(), required=False)
    case_number = forms.CharField(label=_("Case number (if any)"), required=False, max_length=40)
    av_note = forms.CharField(
        label=_("Audio-visual records"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Which cameras recorded it and where the recordings are."),
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["staff"].queryset = Staff.objects.filter(unit=unit, status=Staff.Status.ACTIVE)


class InformForm(_Styled):
    government_at = forms.DateTimeField(label=_("Local government informed at"), required=False, **LOCAL)
    superior_at = forms.DateTimeField(label=_("Superior department informed at"), required=False, **LOCAL)


class FollowUpForm(_Styled):
    text = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(_Styled):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    statement = forms.CharField(
        label=_("Public statement (if one was made)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    statement_published_on = forms.DateField(
        label=_("Statement published on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
