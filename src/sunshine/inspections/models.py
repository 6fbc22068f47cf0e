"""Double-random inspection (双随机一公开): matters, the target directory, the inspector pool, plans,
verifiable draws and inspection tasks (issue 7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionMatter(models.Model):
    """An inspection matter (抽查事项) from the power list: basis, content, method and checklist."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    matter = models.ForeignKey(
        "catalog.Matter", verbose_name=_("power-list matter"), on_delete=models.PROTECT, null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=32, db_index=True)
    basis = models.TextField(_("basis"))
    content = models.TextField(_("content"))
    method = models.CharField(_("method"), max_length=200)
    checklist = models.JSONField(_("checklist"), default=list, blank=True)

    class Meta:
        verbose_name = _("inspection matter")
        verbose_name_plural = _("inspection matters")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Risk(models.TextChoices):
    LOW = "low", _("Low risk")
    MEDIUM = "medium", _("Medium risk")
    HIGH = "high", _("High risk")


class Compliance(models.TextChoices):
    GOOD = "good", _("Good record")
    NORMAL = "normal", _("Normal record")
    POOR = "poor", _("Poor record")


class Target(models.Model):
    """An entry of the target directory (检查对象名录库)."""

    class Kind(models.TextChoices):
        ORGANISATION = "org", _("Organisation")
        INDIVIDUAL = "individual", _("Individual business")

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORGANISATION)
    address = models.CharField(_("address"), max_length=200, blank=True)
    area = models.CharField(_("area"), max_length=32, blank=True, db_index=True)
    category = models.CharField(_("category"), max_length=32, db_index=True)
    risk = models.CharField(_("risk"), max_length=8, choices=Risk.choices, default=Risk.MEDIUM)
    compliance = models.CharField(
        _("compliance record"), max_length=8, choices=Compliance.choices, default=Compliance.NORMAL
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inspection target")
        verbose_name_plural = _("inspection targets")
        ordering = ["credit_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.credit_code})"


class Inspector(models.Model):
    """An entry of the inspector pool (执法检查人员名录库): a qualified officer, areas and categories."""

    staff = models.OneToOneField(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="inspector"
    )
    categories = models.JSONField(
        _("categories"), default=list, blank=True, help_text=_("Empty: all categories.")
    )
    areas = models.JSONField(_("areas"), default=list, blank=True, help_text=_("Empty: all areas."))
    related_targets = models.ManyToManyField(
        Target, verbose_name=_("related targets"), blank=True, related_name="related_inspectors"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["staff__employee_no"]

    def __str__(self) -> str:
        return str(self.staff)


class Plan(models.Model):
    """A random inspection plan, approved and published before its draw."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        DRAWN = "drawn", _("Drawn")

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey("org.Unit", verbose_name=_("inspecting unit"), on_delete=models.PROTECT)
    matters = models.ManyToManyField(InspectionMatter, verbose_name=_("matters"))
    categories = models.JSONField(
        _("target categories"), default=list, blank=True, help_text=_("Empty: all.")
    )
    areas = models.JSONField(_("target areas"), default=list, blank=True, help_text=_("Empty: all."))
    proportion = models.DecimalField(
        _("proportion (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    frequency = models.CharField(_("frequency"), max_length=64)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    inspectors_per_target = models.PositiveSmallIntegerField(_("inspectors per target"), default=2)
    exclusions = models.TextField(_("exclusions"), blank=True)
    exclude_inspected_since = models.DateField(
        _("exclude inspectors who inspected the target since"), null=True, blank=True
    )
    public_value_source = models.CharField(_("public value source"), max_length=200)
    public_value_date = models.DateField(_("public value date"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-period_start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(inspectors_per_target__gte=2), name="insp_plan_two_inspectors"
            ),
            models.CheckConstraint(
                condition=models.Q(proportion__isnull=False) | models.Q(count__isnull=False),
                name="insp_plan_size",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="insp_plan_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Draw(models.Model):
    """A plan's draw: the frozen inputs (published when frozen) and, once the seed is known, the result."""

    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="draw")
    algorithm = models.CharField(max_length=32)
    plan_data = models.JSONField()
    snapshot = models.TextField()
    snapshot_hash = models.CharField(max_length=64)
    inspectors = models.TextField()
    conflicts = models.JSONField(default=list)
    frozen_at = models.DateTimeField()
    public_value = models.CharField(max_length=200, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")

    def __str__(self) -> str:
        return f"{self.plan.code} {self.snapshot_hash[:12]}"

    def published(self) -> dict:
        """The JSON anyone can feed to ``verifier.py``."""
        return {
            "algorithm": self.algorithm,
            "plan": self.plan_data,
            "snapshot": self.snapshot,
            "snapshot_hash": self.snapshot_hash,
            "inspectors": self.inspectors,
            "conflicts": self.conflicts,
            "public_value": self.public_value,
            "seed": self.seed,
            "result": self.result,
        }


class PublicValueEntry(models.Model):
    """One person's entry of the plan's public value; two different people must agree."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="entries")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=200)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draw", "entered_by"], name="insp_entry_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.draw_id}: {self.value}"


class Task(models.Model):
    """An inspection of one drawn target by its drawn inspectors."""

    class Result(models.TextChoices):
        NO_PROBLEM = "no_problem", _("No problem found")
        CORRECTED = "corrected", _("Problem found and corrected")
        VIOLATION = "violation", _("Violation: case registered")

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="tasks")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="tasks")
    inspectors = models.ManyToManyField("org.Staff", related_name="inspection_tasks")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    checklist = models.JSONField(default=list, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="inspection_task"
    )
    contact = models.OneToOneField(
        "parties.FieldContact",
        verbose_name=_("field contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_task",
        help_text=_("A minor finding handled on the five-step ladder (seed 000) instead of a case."),
    )
    publish_due = models.DateField(_("publish by"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection task")
        verbose_name_plural = _("inspection tasks")
        ordering = ["draw", "id"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "target"], name="insp_task_once"),
            models.CheckConstraint(
                condition=~models.Q(result="violation") | models.Q(case__isnull=False),
                name="insp_violation_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draw.plan.code} · {self.target.name}"


class TaskPhoto(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="inspections/%Y/%m/")
    taken_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name
