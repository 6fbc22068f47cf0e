"""Units, grids, staff, certificates, training and equipment."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    """A node of the bureau's tree: bureau → brigade → squads, and the bureau's sections."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", _("Bureau")
        BRIGADE = "brigade", _("Brigade")
        SQUAD = "squad", _("Squad")
        SECTION = "section", _("Section")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(
        _("short name"), max_length=16, blank=True, help_text=_("Used in document numbers, e.g. 新城管.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("1/3/7/"): a unit's subtree is every unit whose path starts with its own.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    duties = models.TextField(_("duties"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path", "sort_order"]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    """A patrol grid (网格), owned by one squad; its polygon routes requests and patrols."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    squad = models.ForeignKey(
        Unit, verbose_name=_("owning squad"), on_delete=models.PROTECT, related_name="grids"
    )
    polygon = models.JSONField(
        _("polygon (GeoJSON)"), help_text=_("A GeoJSON Polygon in WGS 84 longitude/latitude.")
    )
    # Bounding box, kept in step with the polygon by the service that saves it, for fast look-ups.
    min_lng = models.FloatField(default=0)
    min_lat = models.FloatField(default=0)
    max_lng = models.FloatField(default=0)
    max_lat = models.FloatField(default=0)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]
        indexes = [models.Index(fields=["min_lng", "max_lng"], name="org_grid_bbox_lng")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_lng__lte=models.F("max_lng"), min_lat__lte=models.F("max_lat")),
                name="grid_bbox_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Staff(models.Model):
    """A member of the bureau: an enforcement officer, an auxiliary (协管员) or civilian staff."""

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Enforcement officer")
        AUXILIARY = "auxiliary", _("Auxiliary")
        CIVILIAN = "civilian", _("Civilian staff")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        STUDY_LEAVE = "study_leave", _("Suspended for study")
        SUSPENDED = "suspended", _("Suspended")
        DEPARTED = "departed", _("Departed")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    employee_no = models.CharField(_("employee number"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff")
    title = models.CharField(_("post"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    is_legal_reviewer = models.BooleanField(_("legal reviewer"), default=False)
    legal_professional_qualification = models.BooleanField(
        _("holds the national legal professional qualification"), default=False
    )
    hired_on = models.DateField(_("hired on"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["unit__path", "employee_no"]
        indexes = [models.Index(fields=["kind", "status"], name="org_staff_kind_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="staff_id_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """An administrative enforcement certificate (行政执法证件)."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced by renewal")

    staff = models.ForeignKey(
        Staff, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    enforcement_category = models.CharField(_("enforcement category"), max_length=64)
    enforcement_area = models.CharField(_("enforcement area"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.VALID)

    class Meta:
        verbose_name = _("enforcement certificate")
        verbose_name_plural = _("enforcement certificates")
        ordering = ["-expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            # One card in force per person: issuing or renewing replaces the previous one.
            models.UniqueConstraint(
                fields=["staff"], condition=models.Q(status="valid"), name="certificate_one_valid_per_staff"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class TrainingRecord(models.Model):
    class ExamResult(models.TextChoices):
        NONE = "none", _("No exam")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    staff = models.ForeignKey(
        Staff, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.CharField(_("course"), max_length=200)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    date = models.DateField(_("date"))
    exam_result = models.CharField(
        _("exam result"), max_length=8, choices=ExamResult.choices, default=ExamResult.NONE
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-date"]
        indexes = [models.Index(fields=["staff", "date"], name="org_training_staff_date")]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.hours})"


class BodyCamera(models.Model):
    """A body-worn camera (执法记录仪) from the equipment register."""

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        REPAIR = "repair", _("Under repair")
        RETIRED = "retired", _("Retired")

    serial = models.CharField(_("serial number"), max_length=64, unique=True)
    model_name = models.CharField(_("model"), max_length=64, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="body_cameras"
    )
    assigned_to = models.ForeignKey(
        Staff,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_cameras",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_SERVICE)

    class Meta:
        verbose_name = _("body camera")
        verbose_name_plural = _("body cameras")
        ordering = ["serial"]

    def __str__(self) -> str:
        return self.serial


class Vehicle(models.Model):
    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        REPAIR = "repair", _("Under repair")
        RETIRED = "retired", _("Retired")

    plate = models.CharField(_("plate number"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=32)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="vehicles")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_SERVICE)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["plate"]

    def __str__(self) -> str:
        return self.plate
