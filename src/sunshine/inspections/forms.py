"""Forms of double-random inspection: the result of an inspection (with the case or field contact it opens),
a directory entry and an inspector-pool entry.
Rendered field by field with the project template ``_field.html``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.forms import BootstrapMixin
from sunshine.cases.models import Harm
from sunshine.catalog.models import Severity
from sunshine.org.models import Staff

from .models import Compliance, Risk, Target, Task

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
DATETIME = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"})}
TEXTAREA = {"widget": forms.Textarea(attrs={"rows": 3})}
# Steps an inspection can record on the spot; guidance to a vending point is a street matter (parties app).
CONTACT_STEPS = [("", "—"), ("persuade", _("Persuade")), ("educate", _("Educate")), ("warn", _("Warn"))]


class TaskResultForm(BootstrapMixin, forms.Form):
    """An inspection's result; a violation opens a case (or links one), a corrected problem may record a
    field contact on the five-step ladder."""

    inspected_on = forms.DateField(label=_("Inspected on"), required=False, **DATE)
    findings = forms.CharField(label=_("Findings"), max_length=5000, required=False, **TEXTAREA)
    result = forms.ChoiceField(label=_("Result"), choices=Task.Result.choices, widget=forms.RadioSelect)
    matter = forms.ChoiceField(
        label=_("Matter"),
        required=False,
        help_text=_("The power-list matter of the case or field contact (one of the plan's)."),
    )
    # a violation
    case_number = forms.CharField(
        label=_("Existing case number"),
        max_length=64,
        required=False,
        help_text=_("Only to link a case already registered; leave empty to open a new case."),
    )
    act_at = forms.DateTimeField(label=_("Time of the act"), required=False, **DATETIME)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—"), *Severity.choices], required=False)
    harm = forms.ChoiceField(label=_("Harm"), choices=Harm.choices, initial=Harm.HARMFUL, required=False)
    first_violation = forms.BooleanField(label=_("First violation"), required=False)
    corrected_in_time = forms.BooleanField(label=_("Corrected in time"), required=False)
    early_reason = forms.ChoiceField(
        label=_("Reason for opening before the ladder reaches “penalise”"), choices=(), required=False
    )
    # a minor problem corrected on the spot
    contact_step = forms.ChoiceField(
        label=_("Field contact step"),
        choices=CONTACT_STEPS,
        required=False,
        help_text=_("For a minor problem corrected on the spot: record it on the five-step ladder."),
    )
    contact_outcome = forms.ChoiceField(
        label=_("Field contact outcome"),
        choices=[("", "—"), ("complied", _("Complied")), ("not_complied", _("Did not comply"))],
        required=False,
    )

    CASE_GROUP = (
        "case_number",
        "act_at",
        "severity",
        "harm",
        "first_violation",
        "corrected_in_time",
        "early_reason",
    )
    CONTACT_GROUP = ("contact_step", "contact_outcome")

    def __init__(self, *args, matters=(), **kwargs):
        super().__init__(*args, **kwargs)
        from sunshine.parties.rules import EarlyPenaltyReason

        self.fields["matter"].choices = [("", "—"), *[(m.code, f"{m.code} {m.name}") for m in matters]]
        self.fields["early_reason"].choices = [("", "—"), *EarlyPenaltyReason.choices]
        self.style()
        self.fields["result"].widget.attrs["class"] = "form-check-input"

    def general(self):
        return [self[n] for n in ("inspected_on", "findings", "result", "matter")]

    def case_fields(self):
        return [self[n] for n in self.CASE_GROUP]

    def contact_fields(self):
        return [self[n] for n in self.CONTACT_GROUP]

    def clean(self):
        data = super().clean()
        if data.get("contact_step") and not data.get("contact_outcome"):
            self.add_error("contact_outcome", _("Say whether the party complied."))
        return data

    def open_case(self) -> dict:
        d = self.cleaned_data
        return {
            "matter": d.get("matter"),
            "act_at": d.get("act_at"),
            "facts": d.get("findings"),
            "severity": d.get("severity"),
            "harm": d.get("harm"),
            "first_violation": d.get("first_violation"),
            "corrected_in_time": d.get("corrected_in_time"),
            "early_reason": d.get("early_reason"),
        }

    def contact(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("contact_step"):
            return None
        return {
            "matter": d.get("matter"),
            "step": d["contact_step"],
            "outcome": d.get("contact_outcome"),
            "notes": d.get("findings"),
        }


class TargetForm(BootstrapMixin, forms.ModelForm):
    """One entry of the target directory; the credit code is checked against GB 32100-2015 by the service."""

    class Meta:
        model = Target
        fields = ["credit_code", "name", "kind", "address", "area", "category", "risk", "compliance"]
        help_texts = {"credit_code": _("18 characters, checked against GB 32100-2015.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].choices = Risk.choices
        self.fields["compliance"].choices = Compliance.choices
        self.style()

    def validate_unique(self):
        """The service reports a duplicate credit code with the entry it belongs to."""


def _split(value: str) -> list[str]:
    return sorted({v.strip() for v in value.replace("，", ",").split(",") if v.strip()})


class InspectorForm(BootstrapMixin, forms.Form):
    """Add a qualified officer to the inspector pool, or change their categories and areas."""

    staff = forms.ModelChoiceField(label=_("Officer"), queryset=Staff.objects.none())
    categories = forms.CharField(
        label=_("Categories"), max_length=500, required=False, help_text=_("Comma-separated; empty: all.")
    )
    areas = forms.CharField(
        label=_("Areas"), max_length=500, required=False, help_text=_("Comma-separated; empty: all.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            Staff.objects.filter(kind=Staff.Kind.OFFICER, status=Staff.Status.ACTIVE)
            .select_related("unit")
            .order_by("employee_no")
        )
        self.fields["staff"].label_from_instance = lambda s: f"{s.employee_no} {s.name}（{s.unit}）"
        self.style()

    def clean_categories(self):
        return _split(self.cleaned_data.get("categories") or "")

    def clean_areas(self):
        return _split(self.cleaned_data.get("areas") or "")
