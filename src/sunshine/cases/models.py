"""Cases (案件) and the record of every procedural step.

The state of a case changes only through :func:`sunshine.cases.services.case_act` (general procedure)
and :func:`sunshine.cases.services.case_summary_decide` (summary procedure), following the transition
tables of :mod:`sunshine.cases.workflow`. Each transition writes one :class:`CaseEvent` and, where the
step has content of its own, one step record (advance notice, statement, hearing, legal review, …).
A case keeps the matter version in force on the day of the act, forever (《行政处罚法》第三十七条).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .workflow import Procedure, State

MONEY = {
    "max_digits": 14,
    "decimal_places": 2,
    "default": Decimal("0.00"),
    "validators": [MinValueValidator(0)],
}


class Source(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    REQUEST = "request", _("Citizen request")
    SUPERVISOR_REPORT = "supervisor_report", _("Supervisor report")
    TRANSFER = "transfer", _("Transfer")
    ASSIGNMENT = "assignment", _("Superior assignment")
    OFF_SITE = "off_site", _("Off-site (camera)")


class Harm(models.TextChoices):
    NONE = "none", _("No harmful consequence")
    SLIGHT = "slight", _("Slight harmful consequence")
    HARMFUL = "harmful", _("Harmful consequence")


class CaseCounter(models.Model):
    """The last number of a series (case numbers, decision numbers) used in a year; issued under
    ``select_for_update`` so that two writers never get the same number."""

    series = models.CharField(max_length=16)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="cases_counter_unique")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Case(models.Model):
    """An administrative penalty case, in the general or the summary procedure."""

    number = models.CharField(_("case number"), max_length=40, unique=True)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    procedure = models.CharField(_("procedure"), max_length=16, choices=Procedure.choices)
    state = models.CharField(_("state"), max_length=24, choices=State.choices, db_index=True)
    previous_state = models.CharField(_("state before suspension"), max_length=24, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="cases"
    )
    matter_version = models.ForeignKey(
        "catalog.MatterVersion",
        verbose_name=_("matter (version in force at the act)"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    parties = models.ManyToManyField(
        "parties.Party", verbose_name=_("parties"), through="CaseParty", related_name="cases"
    )
    handlers = models.ManyToManyField(
        "org.Staff", verbose_name=_("handlers"), through="CaseHandler", related_name="handled_cases"
    )
    act_at = models.DateTimeField(_("time of the act"))
    act_ended_on = models.DateField(
        _("act ended on"), null=True, blank=True, help_text=_("For a continuing act, the day it ended.")
    )
    act_continuing = models.BooleanField(_("the act is still continuing"), default=False)
    place = models.CharField(_("place"), max_length=200)
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    facts = models.TextField(_("facts"))
    severity = models.CharField(_("severity"), max_length=16, blank=True)
    major = models.BooleanField(_("major or complex case (collective discussion)"), default=False)
    complex_case = models.BooleanField(_("complex case"), default=False)
    major_public_interest = models.BooleanField(_("major public interest involved"), default=False)
    limitation_extended = models.BooleanField(
        _("life, health or financial safety with harmful consequences (5-year limitation)"), default=False
    )
    first_violation = models.BooleanField(_("first violation"), default=False)
    harm = models.CharField(_("harm"), max_length=16, choices=Harm.choices, default=Harm.HARMFUL)
    corrected_in_time = models.BooleanField(_("corrected in time"), default=False)
    early_reason = models.CharField(
        _("reason for opening before the ladder reached “penalise”"), max_length=32, blank=True
    )
    opened_early = models.BooleanField(_("opened before the ladder reached “penalise”"), default=False)
    proposed_kinds = models.JSONField(_("proposed penalty kinds"), default=list, blank=True)
    proposed_fine = models.DecimalField(_("proposed fine (yuan)"), **MONEY)
    review_required = models.BooleanField(_("legal review required"), default=False)
    hearing_available = models.BooleanField(_("hearing available"), default=False)
    registered_on = models.DateField(_("registered on"))
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    decision_extension_days = models.PositiveIntegerField(_("decision period extension (days)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "state"], name="cases_unit_state_idx"),
            models.Index(fields=["-registered_on", "-id"], name="cases_registered_idx"),
            models.Index(fields=["procedure", "state"], name="cases_proc_state_idx"),
            # The list's order within a squad and within a state, so that a page is an index range.
            models.Index(fields=["unit", "-registered_on", "-id"], name="cases_unit_registered_idx"),
            models.Index(fields=["state", "-registered_on", "-id"], name="cases_state_registered_idx"),
            models.Index(fields=["unit", "state", "-registered_on", "-id"], name="cases_unit_state_reg_idx"),
            models.Index(
                fields=["state", "procedure", "-registered_on", "-id"], name="cases_state_proc_reg_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(proposed_fine__gte=0), name="cases_proposed_fine_nonneg"),
            models.CheckConstraint(
                condition=Q(act_ended_on__isnull=True) | Q(act_continuing=False),
                name="cases_continuing_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:case_detail", args=[self.pk])


class CaseParty(models.Model):
    class Role(models.TextChoices):
        PRINCIPAL = "principal", _("Party")
        JOINT = "joint", _("Joint party")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_parties")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PRINCIPAL)

    class Meta:
        verbose_name = _("party of a case")
        verbose_name_plural = _("parties of cases")
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="cases_party_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.party_id}"


class CaseHandler(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_handlers")
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="case_handler_roles")
    lead = models.BooleanField(_("lead handler"), default=False)

    class Meta:
        verbose_name = _("handler of a case")
        verbose_name_plural = _("handlers of cases")
        constraints = [models.UniqueConstraint(fields=["case", "staff"], name="cases_handler_once")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.staff_id}"


class CaseEvent(models.Model):
    """One row per transition (STYLE.md 4): who did what, when, from which state to which."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=24, blank=True)
    to_state = models.CharField(_("to"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="cases_event_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} → {self.to_state}"


class AdvanceNotice(models.Model):
    """行政处罚事先告知: the proposed penalty, facts, grounds, basis and rights (《行政处罚法》第四十四条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    served_on = models.DateField(_("served on"))
    method = models.CharField(_("service method"), max_length=16)
    penalty_kinds = models.JSONField(_("proposed penalty kinds"), default=list)
    fine = models.DecimalField(_("proposed fine (yuan)"), **MONEY)
    grounds = models.TextField(_("facts, grounds and basis"))
    hearing_available = models.BooleanField(_("hearing right announced"), default=False)
    reply_due = models.DateField(_("statement and defence until"))
    hearing_request_due = models.DateField(_("hearing request until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("advance notice")
        verbose_name_plural = _("advance notices")
        ordering = ["served_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.served_on}"


class Statement(models.Model):
    """陈述、申辩, or the party's express waiver of them (《行政处罚法》第四十五条, 第六十二条)."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", _("Statement and defence")
        WAIVER = "waiver", _("Express waiver")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    notice = models.ForeignKey(AdvanceNotice, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("content"), blank=True)
    review = models.TextField(_("re-examination of the facts, grounds and evidence"), blank=True)
    adopted = models.BooleanField(_("adopted"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statement and defence")
        verbose_name_plural = _("statements and defences")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.received_on}"


class Hearing(models.Model):
    """听证: the request, the notice, the chair and the record (《行政处罚法》第六十三条, 第六十四条)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        HELD = "held", _("Held")
        ABANDONED = "abandoned", _("Abandoned by the party")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    notice = models.ForeignKey(AdvanceNotice, on_delete=models.CASCADE, related_name="hearings")
    requested_on = models.DateField(_("requested on"))
    chair = models.ForeignKey(
        "org.Staff",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notified_on = models.DateField(_("party notified on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    public = models.BooleanField(_("held in public"), default=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    record = models.TextField(_("record"), blank=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.hearing_on or self.requested_on}"


class LegalReview(models.Model):
    """法制审核 with its written opinion (《行政处罚法》第五十八条)."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned for more investigation")
        DISAPPROVE = "disapprove", _("Disapproved")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        "org.Staff", verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    checks = models.JSONField(_("checks"), default=dict)
    opinion = models.TextField(_("written opinion"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("legal review")
        verbose_name_plural = _("legal reviews")
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.outcome} {self.reviewed_on}"


class CollectiveDiscussion(models.Model):
    """集体讨论 by the agency's leaders (《行政处罚法》第五十七条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    held_on = models.DateField(_("held on"))
    participants = models.ManyToManyField("org.Staff", verbose_name=_("participants"), related_name="+")
    conclusion = models.TextField(_("conclusion"))

    class Meta:
        verbose_name = _("collective discussion")
        verbose_name_plural = _("collective discussions")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"


class Decision(models.Model):
    """行政处罚决定 (or the decision not to penalise), with its remedies (《行政处罚法》第五十九条)."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("Penalty")
        NO_PENALTY = "no_penalty", _("No penalty")

    class RemedyOutcome(models.TextChoices):
        NONE = "", _("None")
        UPHELD = "upheld", _("Upheld")
        CHANGED = "changed", _("Changed")
        REVOKED = "revoked", _("Revoked")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    document_number = models.CharField(_("document number"), max_length=64, unique=True)
    penalty_kinds = models.JSONField(_("penalty kinds"), default=list, blank=True)
    fine = models.DecimalField(_("fine (yuan)"), **MONEY)
    other_penalties = models.TextField(_("other penalties"), blank=True)
    mitigated = models.BooleanField(_("lighter or reduced penalty"), default=False)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    remedies_text = models.TextField(_("remedies"))
    on_the_spot = models.BooleanField(_("decided on the spot"), default=False)
    payment_due = models.DateField(_("payment due"), null=True, blank=True)
    remedy_outcome = models.CharField(
        _("outcome of reconsideration or litigation"),
        max_length=16,
        choices=RemedyOutcome.choices,
        blank=True,
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [models.CheckConstraint(condition=Q(fine__gte=0), name="cases_decision_fine_nonneg")]

    def __str__(self) -> str:
        return self.document_number


class Service(models.Model):
    """送达 of the decision (《行政处罚法》第六十一条)."""

    class Method(models.TextChoices):
        DIRECT = "direct", _("Direct")
        LEFT = "left", _("Left at the residence")
        POSTAL = "postal", _("Postal")
        PUBLIC_NOTICE = "public_notice", _("Public notice")
        ELECTRONIC = "electronic", _("Electronic")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    served_on = models.DateField(_("served on"))
    recipient = models.CharField(_("recipient"), max_length=100, blank=True)
    late_reason = models.TextField(_("reason for late service"), blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["served_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.method} {self.served_on}"


class Execution(models.Model):
    """执行: payment (with late surcharge), performance, or compulsory enforcement."""

    class Kind(models.TextChoices):
        PAID = "paid", _("Fine paid at the bank or online")
        COLLECTED_ON_SPOT = "collected_on_spot", _("Fine collected on the spot")
        PERFORMED = "performed", _("Penalty performed")
        ENFORCED = "enforced", _("Compulsory enforcement")
        DEMOLISHED = "demolished", _("Forced demolition")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="executions")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    on = models.DateField(_("date"))
    amount = models.DecimalField(_("fine paid (yuan)"), **MONEY)
    surcharge = models.DecimalField(_("late surcharge (yuan)"), **MONEY)
    receipt_number = models.CharField(_("receipt number"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("execution")
        verbose_name_plural = _("executions")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.on}"


class EvidencePreservation(models.Model):
    """先行登记保存 of evidence, decided within 7 working days (《行政处罚法》第五十六条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preservations")
    items = models.TextField(_("items"))
    registered_on = models.DateField(_("registered on"))
    due = models.DateField(_("decide by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    late_reason = models.TextField(_("reason for the delay"), blank=True)

    class Meta:
        verbose_name = _("evidence preservation")
        verbose_name_plural = _("evidence preservations")
        ordering = ["registered_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.registered_on}"


class CompulsoryMeasure(models.Model):
    """查封 or 扣押 (《行政强制法》第十八条, 第十九条, 第二十五条)."""

    class Kind(models.TextChoices):
        SEALING = "sealing", _("Sealing")
        SEIZURE = "seizure", _("Seizure")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    items = models.TextField(_("places, facilities or property"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    extension_days = models.PositiveIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    testing_days = models.PositiveIntegerField(
        _("testing days (not counted)"),
        default=0,
        help_text=_(
            "Days of testing, inspection or appraisal, excluded from the period and notified in writing."
        ),
    )
    emergency = models.BooleanField(_("emergency measure on the spot"), default=False)
    started_at = models.DateTimeField(_("taken at"))
    reported_at = models.DateTimeField(_("reported to the head at"), null=True, blank=True)
    party_present = models.BooleanField(_("party present"), default=True)
    witness = models.CharField(_("witness"), max_length=100, blank=True)
    officers = models.ManyToManyField("org.Staff", verbose_name=_("officers"), related_name="+")
    released_on = models.DateField(_("released on"), null=True, blank=True)

    class Meta:
        verbose_name = _("compulsory measure")
        verbose_name_plural = _("compulsory measures")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="cases_measure_dates"),
            models.CheckConstraint(condition=Q(extension_days__lte=30), name="cases_measure_extension_30"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.start}–{self.end}"


class Recusal(models.Model):
    """回避, decided by the agency head (《行政处罚法》第四十三条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    granted = models.BooleanField(_("granted"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")

    def __str__(self) -> str:
        return f"{self.case_id} {self.staff_id}"


class Remedy(models.Model):
    """行政复议 or 行政诉讼 brought against the decision, and its outcome."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
        LITIGATION = "litigation", _("Administrative litigation")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    filed_on = models.DateField(_("filed on"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Decision.RemedyOutcome.choices, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("reconsideration or litigation")
        verbose_name_plural = _("reconsiderations and litigations")
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.filed_on}"
