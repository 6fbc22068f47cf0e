"""Forms of the citizen-service pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.forms import BootstrapMixin
from sunshine.catalog.models import Matter
from sunshine.org.models import Unit

from .models import Channel, Kind, Urgency


class StyledForm(BootstrapMixin, forms.Form):
    """Bootstrap classes on every widget; the templates render the fields one by one with their labels,
    help and errors (``service/_form.html``, built on ``_field.html`` (the project template))."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class RegisterForm(StyledForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ORDINARY)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    citizen_name = forms.CharField(label=_("Citizen's name"), max_length=60, required=False)
    citizen_phone = forms.CharField(
        label=_("Citizen's phone"),
        max_length=20,
        required=False,
        help_text=_("The citizen gets the tracking number and the reply by text message."),
    )
    address = forms.CharField(label=_("Place"), max_length=200, required=False)
    lng = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("With the latitude, the squad owning the grid is suggested."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    matter = forms.ModelChoiceField(
        label=_("Matter"),
        queryset=Matter.objects.order_by("code"),
        required=False,
        help_text=_("Needed to find duplicates nearby."),
    )
    dispatch = forms.BooleanField(
        label=_("Dispatch at once to the squad owning the place"),
        required=False,
        help_text=_("Needs the longitude and latitude; you stay the first receiver."),
    )


class PortalForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    content = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )
    address = forms.CharField(label=_("Place"), max_length=200)
    citizen_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    citizen_phone = forms.RegexField(
        label=_("Your mobile phone"),
        regex=r"^1\d{10}$",
        max_length=11,
        required=False,
        help_text=_("For the tracking number and the reply; needed to rate the reply."),
    )


class DispatchForm(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("Squad"), queryset=Unit.objects.filter(kind=Unit.Kind.SQUAD).order_by("path")
    )


class ReferForm(StyledForm):
    department = forms.CharField(label=_("Department"), max_length=100)
    contact = forms.CharField(label=_("Contact at the department"), max_length=100)
    told = forms.CharField(
        label=_("What the citizen was told"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("“Not our matter” is a referral: record where the citizen should go and how."),
    )


class ReplyForm(StyledForm):
    channel = forms.ChoiceField(label=_("Reply channel"), choices=Channel.choices)
    content = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ExtendForm(StyledForm):
    """A letter's time limit extended (《信访工作条例》第三十四条): once, at most 30 days, with the reason."""

    days = forms.IntegerField(
        label=_("Extend by (days)"),
        min_value=1,
        max_value=30,
        help_text=_("At most 30 days, once (《信访工作条例》第三十四条)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("The citizen is told the reason and the new date."),
    )


class MergeForm(StyledForm):
    into = forms.CharField(label=_("Merge into (tracking number)"), max_length=20)


class TrackForm(StyledForm):
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=20)


class RateForm(StyledForm):
    phone_tail = forms.RegexField(label=_("Last four digits of your phone"), regex=r"^\d{4}$", max_length=4)
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction"),
        coerce=int,
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Acceptable")),
            (2, _("Dissatisfied")),
            (1, _("Very dissatisfied")),
        ],
    )


class SupervisionForm(StyledForm):
    from .models import SupervisionItem as _Item

    source = forms.ChoiceField(label=_("Source"), choices=_Item.Source.choices)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Unit.objects.order_by("path"))
    responsible = forms.ModelChoiceField(label=_("Responsible person"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["responsible"].queryset = (
            get_user_model().objects.filter(is_active=True, staff__isnull=False).order_by("username")
        )


class ProgressForm(StyledForm):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(StyledForm):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}))


class SupervisorReportForm(StyledForm):
    from .models import SupervisorReport as _Report

    kind = forms.ChoiceField(label=_("What do you report?"), choices=_Report.Kind.choices)
    content = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    place = forms.CharField(label=_("Place"), max_length=200)
    occurred_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    staff_description = forms.CharField(
        label=_("Staff member (badge number or description)"), max_length=100, required=False
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
