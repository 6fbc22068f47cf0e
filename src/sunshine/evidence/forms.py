"""Input of the evidence pages and API: a bad value is a form error (HTTP 400), never a half-saved item."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.forms import BootstrapMixin, StaffMultipleField, staff_queryset

from .models import Activity, ActivityKind, Kind

DATETIME = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"})}
TEXTAREA = {"widget": forms.Textarea(attrs={"rows": 2})}
# What the phone's file picker offers (the camera first); the server still reads the type from content.
ACCEPT = "video/*,image/*,audio/*,application/pdf,.docx,.xlsx,.txt,.zip"


class MetadataField(forms.JSONField):
    def to_python(self, value):
        if value in (None, ""):
            return {}
        result = super().to_python(value)
        if not isinstance(result, dict):
            raise forms.ValidationError(_("Metadata must be a JSON object."))
        if len(json.dumps(result)) > 10000:
            raise forms.ValidationError(_("Metadata is too long."))
        return result


class ItemFieldsForm(BootstrapMixin, forms.Form):
    """The item's description (the file comes separately: it is streamed, never in the form's memory)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=2000, **TEXTAREA)
    captured_at = forms.DateTimeField(label=_("Captured at"), required=False, **DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    activity = forms.ModelChoiceField(
        label=_("Enforcement activity recorded"), queryset=Activity.objects.none(), required=False
    )
    device_serial = forms.CharField(
        label=_("Recording device (serial number)"),
        max_length=64,
        required=False,
        help_text=_("Required for audio-visual material: the body camera's serial number."),
    )
    metadata = MetadataField(label=_("Metadata (JSON)"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["activity"].queryset = Activity.objects.filter(case=case).order_by("-started_at")
        self.style()


class UploadForm(ItemFieldsForm):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT, "capture": "environment"}),
    )


class SupersedeForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=2000, **TEXTAREA)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False, **TEXTAREA)
    file = forms.FileField(
        label=_("Corrected file"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class TransferForm(BootstrapMixin, forms.Form):
    to_holder = forms.CharField(label=_("Handed to"), max_length=200)
    reason = forms.CharField(label=_("Reason"), max_length=2000, **TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ActivityForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Activity"), choices=ActivityKind.choices)
    started_at = forms.DateTimeField(label=_("Started at"), **DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    officers = StaffMultipleField(label=_("Officers (at least two)"))
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, **TEXTAREA)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = staff_queryset()
        if case is not None:
            qs = qs.filter(unit__path__startswith=case.unit.path) | qs.filter(case_handler_roles__case=case)
        self.fields["officers"].queryset = qs.distinct()
        self.style()


class CompleteForm(BootstrapMixin, forms.Form):
    ended_at = forms.DateTimeField(label=_("Ended at"), required=False, **DATETIME)
    fewer_devices_reason = forms.CharField(
        label=_("Reason for fewer than two recording devices"), max_length=2000, required=False, **TEXTAREA
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
