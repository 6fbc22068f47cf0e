"""Input of the payment pages and API (parsed here, decided by the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Arrangement, BankPayment

DATE = {"widget": forms.DateInput(attrs={"type": "date", "class": "form-control"})}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Reconciliation file (CSV)"))


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Resolution"), choices=[c for c in BankPayment.Resolution.choices if c[0]]
    )
    code = forms.CharField(label=_("Correct payment code"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def parse_schedule(text: str) -> list[tuple[dt.date, Decimal]]:
    """One instalment a line: ``YYYY-MM-DD amount`` (a comma, a space or a tab between)."""
    schedule = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().replace(",", " ").replace("，", " ").replace("\t", " ")
        if not line:
            continue
        parts = line.split()
        try:
            if len(parts) != 2:
                raise ValueError
            amount = Decimal(parts[1])
            if not amount.is_finite():
                raise ValueError
            schedule.append((dt.date.fromisoformat(parts[0]), amount))
        except (ValueError, InvalidOperation):
            raise ValidationError(
                _("Line %(n)s: write a date and an amount, e.g. 2026-12-31 500.00.") % {"n": number}
            ) from None
    if not schedule:
        raise ValidationError(_("Give at least one date and amount."))
    if len(schedule) > 36:
        raise ValidationError(_("At most 36 instalments."))
    return schedule


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Arrangement.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    reason = forms.CharField(
        label=_("The party's economic difficulty"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    schedule = forms.CharField(
        label=_("New dates and amounts"),
        help_text=_("One a line: date and amount, e.g. 2026-12-31 500.00."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )
    requested_on = forms.DateField(label=_("Requested on"), required=False, **DATE)

    def clean_schedule(self):
        return parse_schedule(self.cleaned_data["schedule"])


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v in ("1", True, "true"),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CashConfirmForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), required=False, **DATE)


class CashDepositForm(forms.Form):
    deposited_on = forms.DateField(label=_("Deposited on"), required=False, **DATE)
    reference = forms.CharField(label=_("Bank deposit reference"), max_length=64)
