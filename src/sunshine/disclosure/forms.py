"""Forms of the staff pages (the services check the rules again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HoldGround


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class HoldBackForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=HoldGround.choices)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
