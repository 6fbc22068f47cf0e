"""Case-file scoring and evaluation (评议考核, issue 8 section 3).

- :class:`Rubric` and :class:`RubricItem`: the scoring rubric of case-file review (案卷评查), versioned:
  a change makes a new version, and every review keeps the version it was scored with.
- :class:`SamplingDraw`: a recorded, seeded draw of closed cases of one unit and period to review.
- :class:`CaseFileReview` and :class:`Deduction`: one review of one closed case, item by item.
- :class:`EvaluationInvite` and :class:`PartyEvaluation`: the party's rating of the officers' conduct
  through a signed single-use link (seed 002: 把行政管理相对人的评议意见作为考核的重要依据).
- :class:`ScoreEntry`: the ledger of points per officer, case by case (seed 002: 逐件考核,累积记分).

Fine amounts and revenue are never part of any score (《行政处罚法》第七十四条): no model here has one.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

POINTS = {"max_digits": 6, "decimal_places": 1}


class Group(models.TextChoices):
    """The parts of a case file a rubric scores (seed 001; LEGAL.md, legal review checks)."""

    SUBJECT = "subject", _("Enforcement subject and officers")
    FACTS = "facts", _("Facts")
    EVIDENCE = "evidence", _("Evidence")
    PROCEDURE = "procedure", _("Procedure")
    LAW = "law", _("Law applied")
    DISCRETION = "discretion", _("Discretion")
    DOCUMENTS = "documents", _("Documents and filing")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class Rubric(models.Model):
    """One version of the scoring rubric. Exactly one version is active; old versions are kept."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    excellent_min = models.DecimalField(_("excellent from (points)"), **POINTS)
    pass_min = models.DecimalField(_("pass from (points)"), **POINTS)
    active = models.BooleanField(_("in force"), default=False)
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scoring rubric")
        verbose_name_plural = _("scoring rubrics")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="evaluation_one_rubric"
            ),
            models.CheckConstraint(
                condition=Q(pass_min__lte=models.F("excellent_min")), name="evaluation_rubric_thresholds"
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class RubricItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    group = models.CharField(_("part"), max_length=16, choices=Group.choices)
    code = models.CharField(_("code"), max_length=16)
    title = models.CharField(_("item"), max_length=200)
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(Decimal("0.5"))], **POINTS
    )
    guidance = models.TextField(_("deduction guidance"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="evaluation_item_code_once"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="evaluation_item_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title} ({self.max_points})"


class SamplingDraw(models.Model):
    """A recorded draw of closed cases to review: the frozen population (case ids), the seed and the
    result, so that anyone can repeat it (:func:`sunshine.evaluation.rules.sample`)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("closed from"))
    period_end = models.DateField(_("closed until"))
    percentage = models.DecimalField(
        _("share drawn (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    seed = models.CharField(_("seed"), max_length=64)
    algorithm = models.CharField(_("algorithm"), max_length=64)
    population = models.JSONField(_("population (case ids)"), default=list)
    random_ids = models.JSONField(_("drawn at random (case ids)"), default=list)
    rule_ids = models.JSONField(_("selected by rule (case ids)"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sampling draw")
        verbose_name_plural = _("sampling draws")
        ordering = ["-drawn_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="evaluation_draw_period"
            ),
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100), name="evaluation_draw_percentage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_start}–{self.period_end}"


class Reason(models.TextChoices):
    RANDOM = "random", _("Drawn at random")
    HEARING = "hearing", _("Rule: a hearing was held")
    MAJOR = "major", _("Rule: major or complex case")
    CHANGED = "changed", _("Rule: changed or revoked on reconsideration or litigation")
    MANUAL = "manual", _("Chosen by the legal section")


class CaseFileReview(models.Model):
    """The review of one closed case file (案卷评查) against one rubric version."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To review")
        DONE = "done", _("Reviewed")

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="file_review"
    )
    # Denormalised from the case for the per-unit, per-year aggregates.
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("why reviewed"), max_length=16, choices=Reason.choices)
    draw = models.ForeignKey(
        SamplingDraw,
        verbose_name=_("draw"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        "org.Staff",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("score"), null=True, blank=True, **POINTS)
    grade = models.CharField(_("grade"), max_length=16, choices=Grade.choices, blank=True)
    comments = models.TextField(_("overall comments"), blank=True)
    selected_on = models.DateField(_("selected on"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("case-file review")
        verbose_name_plural = _("case-file reviews")
        ordering = ["status", "-selected_on", "-id"]
        indexes = [
            models.Index(fields=["year", "unit"], name="evaluation_review_year_unit"),
            models.Index(fields=["status", "unit"], name="evaluation_review_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(score__isnull=False, rubric__isnull=False, year__isnull=False),
                name="evaluation_done_has_score",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="evaluation_score_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"


class Deduction(models.Model):
    review = models.ForeignKey(CaseFileReview, on_delete=models.CASCADE, related_name="deductions")
    item = models.ForeignKey(RubricItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points deducted"), **POINTS)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["item__order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="evaluation_deduction_positive"),
            models.UniqueConstraint(fields=["review", "item"], name="evaluation_deduction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.item_id} -{self.points}"


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class EvaluationInvite(models.Model):
    """A single-use invitation to rate the officers of one case or one citizen request.

    The link carries a signed token naming this row and its nonce; the row is used once and expires."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.ForeignKey(
        "service.Request",
        verbose_name=_("citizen request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    officers = models.ManyToManyField("org.Staff", verbose_name=_("officers rated"), related_name="+")
    nonce = models.CharField(max_length=32, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation invitation")
        verbose_name_plural = _("evaluation invitations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(request__isnull=True))
                | (Q(case__isnull=True) & Q(request__isnull=False)),
                name="evaluation_invite_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"invite {self.pk}"


class PartyEvaluation(models.Model):
    """The party's rating of the officers' conduct, submitted through an invitation."""

    invite = models.OneToOneField(EvaluationInvite, on_delete=models.PROTECT, related_name="evaluation")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    year = models.PositiveIntegerField(_("year"))
    # Dissatisfied ratings with a comment go to the inspection office's queue.
    needs_follow_up = models.BooleanField(_("for the inspection office"), default=False)
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_note = models.TextField(_("follow-up"), blank=True)

    class Meta:
        verbose_name = _("party evaluation")
        verbose_name_plural = _("party evaluations")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["year", "unit"], name="evaluation_party_year_unit"),
            models.Index(fields=["needs_follow_up", "followed_up_at"], name="evaluation_party_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} {self.submitted_at:%Y-%m-%d}"


class ScoreEntry(models.Model):
    """One line of an officer's ledger: the score of one reviewed case they handled, or one party
    rating of their conduct (seed 002: 逐件考核,累积记分)."""

    class Kind(models.TextChoices):
        CASE_FILE = "case_file", _("Case-file review")
        PARTY = "party", _("Party evaluation")

    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="score_entries"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    points = models.DecimalField(_("points"), **POINTS)
    deducted = models.DecimalField(_("points deducted"), default=Decimal("0"), **POINTS)
    review = models.ForeignKey(
        CaseFileReview, null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )
    evaluation = models.ForeignKey(
        PartyEvaluation, null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )
    on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["staff", "year"], name="evaluation_entry_staff_year"),
            models.Index(fields=["year", "unit"], name="evaluation_entry_year_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="case_file") & Q(review__isnull=False) & Q(evaluation__isnull=True))
                | (Q(kind="party") & Q(review__isnull=True) & Q(evaluation__isnull=False)),
                name="evaluation_entry_source",
            ),
            models.UniqueConstraint(fields=["staff", "review"], name="evaluation_entry_review_once"),
            models.UniqueConstraint(fields=["staff", "evaluation"], name="evaluation_entry_party_once"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.year} {self.kind} {self.points}"
