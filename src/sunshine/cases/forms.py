"""Input of each action: one Django form per action, used by the services (to validate API and web input
alike: a bad value is HTTP 400 / a form error, never a half-saved case) and by the web pages."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from sunshine.catalog.models import PenaltyKind, Severity
from sunshine.core.widgets import SearchSelect, SearchSelectMultiple
from sunshine.org.models import Staff

from . import rules
from .models import CompulsoryMeasure, Decision, Execution, Harm, Remedy, Service, Source

# Parties are picked by searching the parties API: a city has too many for a <select>.
PARTY_SEARCH = reverse_lazy("parties-api-party-list")
PARTY_LABEL = ("name", "credit_code", "phone")
DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
DATETIME = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"})}
TEXTAREA = {"widget": forms.Textarea(attrs={"rows": 3})}


def staff_queryset():
    return (
        Staff.objects.filter(status=Staff.Status.ACTIVE)
        .select_related("unit")
        .prefetch_related("certificates")
    )


class BootstrapMixin:
    """Bootstrap 5 classes on every widget (the templates render fields one by one)."""

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class StaffMultipleField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Staff.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit}）"


class StaffField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Staff.objects.none(), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit}）"


# Dates of things that have happened: never in the future.
PAST_DATES = {
    "served_on",
    "received_on",
    "requested_on",
    "decided_on",
    "registered_on",
    "filed_on",
    "released_on",
    "on",
    "notified_on",
    "held_on",
}


class ActionForm(BootstrapMixin, forms.Form):
    """Base: every action takes an optional note; staff fields list active staff."""

    note = forms.CharField(label=_("Note"), required=False, max_length=2000, **TEXTAREA)

    def clean(self):
        data = super().clean()
        from django.utils import timezone

        today = timezone.localdate()
        for name in PAST_DATES & set(self.fields):
            value = data.get(name)
            if value is not None and value > today:
                self.add_error(name, _("This date is in the future."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, StaffMultipleField | StaffField):
                field.queryset = staff_queryset()
        self.style()


class PenaltyForm(ActionForm):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    penalty_kinds = forms.MultipleChoiceField(
        label=_("Penalty kinds"), choices=PenaltyKind.choices, widget=forms.CheckboxSelectMultiple
    )
    fine = forms.DecimalField(
        label=_("Fine (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    mitigated = forms.BooleanField(label=_("Lighter or reduced penalty (minor party)"), required=False)

    def clean_fine(self):
        return rules.money(self.cleaned_data.get("fine"))


class CaseCreateForm(BootstrapMixin, forms.Form):
    """Registering a case (general procedure)."""

    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    source_ref = forms.CharField(label=_("Source reference"), max_length=64, required=False)
    matter = forms.CharField(label=_("Matter code"), max_length=16)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=None,
        widget=SearchSelectMultiple(search_url=PARTY_SEARCH, label_fields=PARTY_LABEL),
    )
    handlers = StaffMultipleField(label=_("Handlers (at least two officers)"))
    act_at = forms.DateTimeField(label=_("Time of the act"), **DATETIME)
    act_ended_on = forms.DateField(label=_("Act ended on"), required=False, **DATE)
    act_continuing = forms.BooleanField(label=_("The act is still continuing"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, required=False)
    lng = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    facts = forms.CharField(label=_("Facts"), max_length=5000, **TEXTAREA)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—"), *Severity.choices], required=False)
    major = forms.BooleanField(label=_("Major or complex case (collective discussion)"), required=False)
    complex_case = forms.BooleanField(label=_("Complex case"), required=False)
    major_public_interest = forms.BooleanField(label=_("Major public interest involved"), required=False)
    limitation_extended = forms.BooleanField(
        label=_("Life, health or financial safety with harmful consequences"), required=False
    )
    first_violation = forms.BooleanField(label=_("First violation"), required=False)
    harm = forms.ChoiceField(label=_("Harm"), choices=Harm.choices, initial=Harm.HARMFUL, required=False)
    corrected_in_time = forms.BooleanField(label=_("Corrected in time"), required=False)
    early_reason = forms.ChoiceField(
        label=_("Reason for opening before the ladder reaches “penalise”"), choices=(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sunshine.org.models import Grid
        from sunshine.parties.models import Party
        from sunshine.parties.rules import EarlyPenaltyReason

        self.fields["parties"].queryset = Party.objects.all()
        self.fields["handlers"].queryset = staff_queryset()
        self.fields["grid"].queryset = Grid.objects.all()
        self.fields["early_reason"].choices = [("", "—"), *EarlyPenaltyReason.choices]
        self.style()

    def clean(self):
        data = super().clean()
        if data.get("act_continuing") and data.get("act_ended_on"):
            self.add_error("act_ended_on", _("A continuing act has no end date yet."))
        return data


class SummaryForm(BootstrapMixin, forms.Form):
    """A summary-procedure decision made and handed over on the spot
    (《行政处罚法》第五十一条, 第五十二条)."""

    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, initial=Source.PATROL)
    matter = forms.CharField(label=_("Matter code"), max_length=16)
    party = forms.ModelChoiceField(
        label=_("Party"),
        queryset=None,
        widget=SearchSelect(search_url=PARTY_SEARCH, label_fields=PARTY_LABEL),
    )
    handlers = StaffMultipleField(label=_("Officers (at least two)"))
    act_at = forms.DateTimeField(label=_("Time of the act"), **DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200)
    grid = forms.ModelChoiceField(label=_("Grid"), queryset=None, required=False)
    facts = forms.CharField(label=_("Facts"), max_length=5000, **TEXTAREA)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    penalty_kinds = forms.MultipleChoiceField(
        label=_("Penalty"),
        choices=[
            (PenaltyKind.WARNING, PenaltyKind.WARNING.label),
            (PenaltyKind.FINE, PenaltyKind.FINE.label),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    fine = forms.DecimalField(
        label=_("Fine (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    mitigated = forms.BooleanField(label=_("Lighter or reduced penalty (minor party)"), required=False)
    document_number = forms.CharField(label=_("Number of the pre-numbered decision form"), max_length=64)
    party_informed = forms.BooleanField(
        label=_("The party was told the facts, grounds, basis and rights, and was heard"), required=False
    )
    statement = forms.CharField(label=_("The party's statement and defence"), required=False, **TEXTAREA)
    collected_on_spot = forms.BooleanField(label=_("Fine collected on the spot"), required=False)
    hard_to_collect_later = forms.BooleanField(label=_("Collecting later would be hard"), required=False)
    receipt_number = forms.CharField(label=_("Official receipt number"), max_length=64, required=False)
    first_violation = forms.BooleanField(label=_("First violation"), required=False)
    harm = forms.ChoiceField(label=_("Harm"), choices=Harm.choices, initial=Harm.HARMFUL, required=False)
    corrected_in_time = forms.BooleanField(label=_("Corrected in time"), required=False)
    early_reason = forms.ChoiceField(
        label=_("Reason for penalising before the ladder reaches “penalise”"), choices=(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sunshine.org.models import Grid
        from sunshine.parties.models import Party
        from sunshine.parties.rules import EarlyPenaltyReason

        self.fields["party"].queryset = Party.objects.all()
        self.fields["handlers"].queryset = staff_queryset()
        self.fields["grid"].queryset = Grid.objects.all()
        self.fields["early_reason"].choices = [("", "—"), *EarlyPenaltyReason.choices]
        self.style()

    def clean_fine(self):
        return rules.money(self.cleaned_data.get("fine"))

    def clean(self):
        data = super().clean()
        if data.get("collected_on_spot") and not (data.get("receipt_number") or "").strip():
            # 《行政处罚法》第七十条: an official receipt for every on-the-spot collection.
            self.add_error(
                "receipt_number", _("Give the number of the official receipt (《行政处罚法》第七十条).")
            )
        return data


class ReasonForm(ActionForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, **TEXTAREA)


class HandlersForm(ActionForm):
    handlers = StaffMultipleField(label=_("Handlers (at least two officers)"))


class RecuseForm(ActionForm):
    staff = StaffField(label=_("Officer"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, **TEXTAREA)
    granted = forms.BooleanField(label=_("Recusal granted"), required=False)
    replacement = StaffField(label=_("Replacement handler"), required=False)


class PreserveForm(ActionForm):
    items = forms.CharField(label=_("Evidence registered for preservation"), max_length=2000, **TEXTAREA)
    registered_on = forms.DateField(label=_("Registered on"), required=False, **DATE)


class PreservationDecisionForm(ActionForm):
    preservation = forms.IntegerField(label=_("Preservation record"), min_value=1)
    decision = forms.CharField(label=_("Decision"), max_length=2000, **TEXTAREA)
    decided_on = forms.DateField(label=_("Decided on"), required=False, **DATE)
    late_reason = forms.CharField(label=_("Reason for the delay"), required=False, **TEXTAREA)


class MeasureForm(ActionForm):
    kind = forms.ChoiceField(label=_("Measure"), choices=CompulsoryMeasure.Kind.choices)
    items = forms.CharField(label=_("Places, facilities or property"), max_length=2000, **TEXTAREA)
    start = forms.DateField(label=_("From"), **DATE)
    end = forms.DateField(label=_("Until"), **DATE)
    officers = StaffMultipleField(label=_("Officers (at least two)"))
    party_present = forms.BooleanField(label=_("Party present"), required=False)
    witness = forms.CharField(label=_("Witness (when the party is absent)"), max_length=100, required=False)
    emergency = forms.BooleanField(label=_("Emergency measure on the spot"), required=False)
    started_at = forms.DateTimeField(label=_("Taken at"), **DATETIME)
    reported_at = forms.DateTimeField(label=_("Reported to the head at"), required=False, **DATETIME)


class MeasureRefForm(ActionForm):
    measure = forms.IntegerField(label=_("Measure record"), min_value=1)


class MeasureReportForm(MeasureRefForm):
    reported_at = forms.DateTimeField(label=_("Reported to the head at"), **DATETIME)


class MeasureExtendForm(MeasureRefForm):
    days = forms.IntegerField(label=_("Extension (days)"), min_value=1)
    reason = forms.CharField(label=_("Reason (complex situation)"), max_length=2000, **TEXTAREA)


class MeasureTestingForm(MeasureRefForm):
    days = forms.IntegerField(label=_("Testing days"), min_value=1, max_value=365)
    notified_in_writing = forms.BooleanField(label=_("The party was told in writing"), required=False)


class MeasureReleaseForm(MeasureRefForm):
    released_on = forms.DateField(label=_("Released on"), required=False, **DATE)


class NoticeForm(PenaltyForm):
    served_on = forms.DateField(label=_("Served on"), required=False, **DATE)
    method = forms.ChoiceField(label=_("Service method"), choices=Service.Method.choices, initial="direct")
    grounds = forms.CharField(label=_("Facts, grounds and legal basis"), max_length=5000, **TEXTAREA)


class StatementForm(ActionForm):
    received_on = forms.DateField(label=_("Received on"), required=False, **DATE)
    content = forms.CharField(label=_("Statement and defence"), max_length=5000, **TEXTAREA)
    review = forms.CharField(
        label=_("Re-examination of the facts, grounds and evidence"), max_length=5000, **TEXTAREA
    )
    adopted = forms.BooleanField(label=_("Adopted"), required=False)


class WaiverForm(ActionForm):
    received_on = forms.DateField(label=_("Waived on"), required=False, **DATE)
    content = forms.CharField(label=_("The party's words"), max_length=2000, **TEXTAREA)


class HearingRequestForm(ActionForm):
    requested_on = forms.DateField(label=_("Requested on"), required=False, **DATE)


class HearingScheduleForm(ActionForm):
    chair = StaffField(label=_("Chair (not an investigator)"))
    notified_on = forms.DateField(label=_("Party notified on"), required=False, **DATE)
    hearing_on = forms.DateField(label=_("Hearing date"), **DATE)
    place = forms.CharField(label=_("Place"), max_length=200)
    public = forms.BooleanField(label=_("Held in public"), required=False, initial=True)


class HearingHoldForm(ActionForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("held", _("Held")), ("abandoned", _("Abandoned by the party"))],
    )
    record = forms.CharField(label=_("Record"), max_length=10000, **TEXTAREA)


class ReviewForm(ActionForm):
    opinion = forms.CharField(label=_("Written opinion"), max_length=10000, **TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.REVIEW_CHECKS:
            self.fields[f"check_{key}"] = forms.CharField(
                label=label, required=False, max_length=2000, **TEXTAREA
            )
        self.style()

    def clean(self):
        data = super().clean()
        raw = self.data.get("checks") if hasattr(self.data, "get") else None
        checks = dict(raw) if isinstance(raw, dict) else {}
        for key, _label in rules.REVIEW_CHECKS:
            value = data.get(f"check_{key}")
            if value:
                checks[key] = value
        data["checks"] = checks
        return data


class DiscussionForm(ActionForm):
    held_on = forms.DateField(label=_("Held on"), required=False, **DATE)
    participants = StaffMultipleField(label=_("Participants"))
    conclusion = forms.CharField(label=_("Conclusion"), max_length=5000, **TEXTAREA)


class DecideForm(PenaltyForm):
    decided_on = forms.DateField(label=_("Decided on"), required=False, **DATE)
    other_penalties = forms.CharField(label=_("Other penalties"), required=False, max_length=2000, **TEXTAREA)
    reasons = forms.CharField(label=_("Reasons"), max_length=5000, **TEXTAREA)


class NoPenaltyForm(ActionForm):
    decided_on = forms.DateField(label=_("Decided on"), required=False, **DATE)
    reasons = forms.CharField(label=_("Reasons (e.g. 《行政处罚法》第三十三条)"), max_length=5000, **TEXTAREA)


class ServeForm(ActionForm):
    method = forms.ChoiceField(label=_("Method"), choices=Service.Method.choices)
    served_on = forms.DateField(label=_("Served on"), required=False, **DATE)
    recipient = forms.CharField(label=_("Recipient"), max_length=100, required=False)
    late_reason = forms.CharField(label=_("Reason for late service"), required=False, **TEXTAREA)


class BankPaymentForm(ActionForm):
    """A fine paid at the bank, as the bank (or the non-tax revenue system) confirmed it."""

    on = forms.DateField(label=_("Paid on"), **DATE)
    amount = forms.DecimalField(label=_("Amount paid (yuan)"), min_value=0, max_digits=14, decimal_places=2)
    surcharge = forms.DecimalField(
        label=_("Late surcharge owed (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("As the payment notice computed it (deferral and instalments included)."),
    )
    receipt_number = forms.CharField(label=_("Payment code or bank reference"), max_length=64)


class ExecuteForm(ActionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Execution.Kind.choices)
    on = forms.DateField(label=_("Date"), required=False, **DATE)
    at = forms.DateTimeField(label=_("Time (enforcement)"), required=False, **DATETIME)
    amount = forms.DecimalField(
        label=_("Fine paid (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=64, required=False)
    urgent = forms.BooleanField(label=_("Urgent (night or holiday enforcement)"), required=False)
    hard_to_collect_later = forms.BooleanField(label=_("Collecting later would be hard"), required=False)
    remote_area_request = forms.BooleanField(label=_("Remote area, at the party's request"), required=False)
    notice_published_on = forms.DateField(label=_("Demolition notice published on"), required=False, **DATE)
    demand_served_on = forms.DateField(label=_("Written demand served on"), required=False, **DATE)


class CashHandoverForm(ActionForm):
    on = forms.DateField(label=_("Handed over on"), required=False, **DATE)


class ExtendDecisionForm(ActionForm):
    days = forms.IntegerField(label=_("Extension (days)"), min_value=1, max_value=365)
    reason = forms.CharField(label=_("Reason"), max_length=2000, **TEXTAREA)


class RemedyForm(ActionForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Remedy.Kind.choices)
    filed_on = forms.DateField(label=_("Filed on"), required=False, **DATE)


class RemedyOutcomeForm(ActionForm):
    remedy = forms.IntegerField(label=_("Remedy record"), min_value=1)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in Decision.RemedyOutcome.choices if c[0]]
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, **DATE)
    fine = forms.DecimalField(
        label=_("Changed fine (yuan)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "file": ActionForm,
    "not_file": ReasonForm,
    "assign_handlers": HandlersForm,
    "recuse": RecuseForm,
    "start_investigation": ActionForm,
    "preserve_evidence": PreserveForm,
    "decide_preservation": PreservationDecisionForm,
    "impose_measure": MeasureForm,
    "report_measure": MeasureReportForm,
    "extend_measure": MeasureExtendForm,
    "release_measure": MeasureReleaseForm,
    "exclude_testing_time": MeasureTestingForm,
    "serve_advance_notice": NoticeForm,
    "record_statement": StatementForm,
    "waive_rights": WaiverForm,
    "request_hearing": HearingRequestForm,
    "schedule_hearing": HearingScheduleForm,
    "hold_hearing": HearingHoldForm,
    "submit_for_review": ActionForm,
    "review_approve": ReviewForm,
    "review_return": ReviewForm,
    "review_disapprove": ReviewForm,
    "submit_for_discussion": ActionForm,
    "discuss": DiscussionForm,
    "submit_for_decision": ActionForm,
    "decide": DecideForm,
    "decide_no_penalty": NoPenaltyForm,
    "return_for_investigation": ReasonForm,
    "refer_criminal": ReasonForm,
    "withdraw": ReasonForm,
    "suspend": ReasonForm,
    "resume": ActionForm,
    "extend_decision_period": ExtendDecisionForm,
    "serve_decision": ServeForm,
    "execute": ExecuteForm,
    "record_bank_payment": BankPaymentForm,
    "hand_over_cash": CashHandoverForm,
    "close": ActionForm,
    "archive": ActionForm,
    "file_remedy": RemedyForm,
    "remedy_outcome": RemedyOutcomeForm,
}
