"""Oversight of the team (issue 8 sections 1 and 2): conduct checks and their findings, misconduct
investigations, accountability actions, enforcement faults and the qualification regime.

Seeds 002 (执法过错责任追究, 执法资格, 执法档案) and 004 (the "四个做到", 纠正、约谈、通报批评、调离岗位).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sunshine.parties.validators import validate_photo


class CheckItem(models.TextChoices):
    """The "four musts" of seed 004 (四个做到), plus anything else the checker saw."""

    UNIFORM = "uniform", _("Uniform and insignia worn")
    CERTIFICATE = "certificate", _("Certificate shown")
    CONDUCT = "conduct", _("Civil language and conduct")
    RECORDER = "recorder", _("Recording device on")
    OTHER = "other", _("Other")


FOUR_MUSTS = (CheckItem.UNIFORM, CheckItem.CERTIFICATE, CheckItem.CONDUCT, CheckItem.RECORDER)


class ConductCheck(models.Model):
    """One check of a squad's officers: a squad leader's daily check, or the inspection office's open or
    unannounced inspection (明察暗访)."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily check")
        OPEN = "open", _("Open inspection")
        UNANNOUNCED = "unannounced", _("Unannounced inspection")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit checked"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("conduct check")
        verbose_name_plural = _("conduct checks")
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["unit", "checked_at"], name="oversight_check_unit_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.checked_at:%Y-%m-%d}"


class CheckEntry(models.Model):
    """One officer in a check: the four musts, each met or not."""

    conduct_check = models.ForeignKey(ConductCheck, on_delete=models.CASCADE, related_name="entries")
    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="conduct_entries"
    )
    uniform = models.BooleanField(_("uniform and insignia worn"), default=True)
    certificate = models.BooleanField(_("certificate shown"), default=True)
    conduct = models.BooleanField(_("civil language and conduct"), default=True)
    recorder = models.BooleanField(_("recording device on"), default=True)
    # Denormalised from the check for the officer record's yearly counts (one index, no join).
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("officer checked")
        verbose_name_plural = _("officers checked")
        ordering = ["conduct_check_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conduct_check", "staff"], name="oversight_entry_once")
        ]
        indexes = [models.Index(fields=["staff", "checked_on"], name="oversight_entry_staff_on")]

    def __str__(self) -> str:
        return f"{self.conduct_check_id}: {self.staff_id}"

    @property
    def passed(self) -> bool:
        return self.uniform and self.certificate and self.conduct and self.recorder


class Finding(models.Model):
    """A problem found with one officer; a rectification task with a deadline in working days that the
    officer answers and the checker closes."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting rectification")
        ANSWERED = "answered", _("Rectification reported")
        CLOSED = "closed", _("Closed")

    conduct_check = models.ForeignKey(ConductCheck, on_delete=models.PROTECT, related_name="findings")
    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="conduct_findings"
    )
    item = models.CharField(_("item"), max_length=16, choices=CheckItem.choices)
    description = models.TextField(_("what was found"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    found_on = models.DateField(_("found on"))
    due = models.DateField(_("rectify by"))
    response = models.TextField(_("rectification"), blank=True)
    responded_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-found_on", "-id"]
        indexes = [
            models.Index(fields=["staff", "found_on"], name="oversight_finding_staff_on"),
            models.Index(fields=["status", "due"], name="oversight_finding_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("found_on")), name="finding_due_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.description[:30]}"


class FindingPhoto(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="oversight/findings/%Y/%m/", validators=[validate_photo])
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("finding photo")
        verbose_name_plural = _("finding photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class Investigation(models.Model):
    """The inspection office's investigation of a misconduct report (a social supervisor's or a citizen's).
    Never shown to the staff member concerned."""

    class Status(models.TextChoices):
        OPEN = "open", _("Under investigation")
        CONCLUDED = "concluded", _("Concluded")

    class Conclusion(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("Substantiated")
        PARTLY = "partly", _("Partly substantiated")
        UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")

    report = models.OneToOneField(
        "service.SupervisorReport",
        verbose_name=_("misconduct report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.OneToOneField(
        "service.Request",
        verbose_name=_("citizen complaint"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        "org.Staff",
        verbose_name=_("staff member concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("investigator"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=16, choices=Conclusion.choices, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("misconduct investigation")
        verbose_name_plural = _("misconduct investigations")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(report__isnull=False) | models.Q(request__isnull=False),
                name="investigation_has_source",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | ~models.Q(conclusion=""),
                name="investigation_concluded_has_conclusion",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class EnforcementFault(models.Model):
    """An enforcement fault (执法过错) found by legal review, reconsideration, litigation or inspection,
    linked to the case and the officers responsible (seed 002)."""

    class Source(models.TextChoices):
        REVIEW = "review", _("Legal review")
        RECONSIDERATION = "reconsideration", _("Administrative reconsideration")
        LITIGATION = "litigation", _("Administrative litigation")
        INSPECTION = "inspection", _("Inspection")

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("found by"), max_length=16, choices=Source.choices)
    found_on = models.DateField(_("found on"))
    description = models.TextField(_("the fault"))
    officers = models.ManyToManyField(
        "org.Staff", verbose_name=_("officers responsible"), through="FaultOfficer", related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enforcement fault")
        verbose_name_plural = _("enforcement faults")
        ordering = ["-found_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.found_on}"


class FaultOfficer(models.Model):
    fault = models.ForeignKey(EnforcementFault, on_delete=models.CASCADE, related_name="responsible")
    staff = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="faults_responsible")
    # The fault's year, kept here so the two-in-a-year count is one indexed aggregate.
    year = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fault", "staff"], name="oversight_fault_officer_once")
        ]
        indexes = [models.Index(fields=["staff", "year"], name="oversight_fault_staff_year")]

    def __str__(self) -> str:
        return f"{self.fault_id}: {self.staff_id}"


class FaultFlag(models.Model):
    """An officer with two or more faults in a calendar year, to be dealt with (seed 002: 一年内有两次以上
    执法过错的，要依法予以处理). Handled by an accountability action."""

    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    flagged_at = models.DateTimeField(_("flagged at"))
    action = models.ForeignKey(
        "AccountabilityAction",
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fault flag")
        verbose_name_plural = _("fault flags")
        ordering = ["-year", "-flagged_at"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="oversight_flag_once_a_year")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.year}"


class AccountabilityAction(models.Model):
    """An accountability action (问责) against one staff member, with its basis and a leader's approval
    (seed 004: 纠正、约谈、通报批评、调离岗位; seed 002: 先停止执法/停职)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        ADMONITION = "admonition", _("Admonition talk")
        CIRCULATED_CRITICISM = "circulated_criticism", _("Circulated criticism")
        REASSIGNMENT = "reassignment", _("Reassignment")
        SUSPENSION = "suspension", _("Suspension from enforcement")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="accountability"
    )
    kind = models.CharField(_("action"), max_length=24, choices=Kind.choices)
    basis = models.CharField(_("basis (rule cited)"), max_length=300)
    reason = models.TextField(_("facts and reasons"))
    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fault = models.ForeignKey(
        EnforcementFault,
        verbose_name=_("enforcement fault"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    investigation = models.ForeignKey(
        Investigation,
        verbose_name=_("investigation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("accountability action")
        verbose_name_plural = _("accountability actions")
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["staff", "proposed_at"], name="oversight_action_staff_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="proposed") | models.Q(decided_by__isnull=False),
                name="action_decided_has_decider",
            ),
            models.CheckConstraint(condition=~models.Q(basis=""), name="action_has_basis"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class QualificationExam(models.Model):
    """A law-enforcement qualification exam sat by an officer (seed 002: 对考试不合格的，要离岗学习)."""

    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    sat_on = models.DateField(_("sat on"))
    passed = models.BooleanField(_("passed"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification exam")
        verbose_name_plural = _("qualification exams")
        ordering = ["-sat_on", "-id"]
        indexes = [models.Index(fields=["staff", "sat_on"], name="oversight_exam_staff_on")]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.sat_on}"


class CertificateReview(models.Model):
    """The annual review of an officer's enforcement certificate (seed 002: 对已取得执法资格的人员，也要
    进行年度审核)."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    certificate = models.ForeignKey(
        "org.Certificate", verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate review")
        verbose_name_plural = _("certificate reviews")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "year"], name="oversight_review_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.year}"
