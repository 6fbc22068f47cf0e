"""Parties (当事人), field contacts along the five-step ladder (劝导记录) and vending points (便民疏导点).

The ladder (seed 000, 文明执法五步走): persuade → educate → guide (vulnerable groups, to a vending
point) → warn → penalise. A field contact records one of the first four rungs; penalties are cases.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import validate_photo


class Step(models.TextChoices):
    """The rungs of the five-step ladder (文明执法五步走), in order."""

    PERSUADE = "persuade", _("Persuade")
    EDUCATE = "educate", _("Educate")
    GUIDE = "guide", _("Guide")
    WARN = "warn", _("Warn")
    PENALIZE = "penalize", _("Penalise")


STEP_ORDER = {step: rank for rank, step in enumerate(Step.values)}
# The rungs a field contact can record; penalties are cases.
CONTACT_STEPS = (Step.PERSUADE, Step.EDUCATE, Step.GUIDE, Step.WARN)


class Party(models.Model):
    """A party (当事人): an individual or an organisation."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        ORGANISATION = "organisation", _("Organisation")

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    id_number = models.CharField(
        _("resident ID number"),
        max_length=18,
        blank=True,
        help_text=_("Optional: checked against GB 11643 when given."),
    )
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_("Checked against GB 32100-2015."),
    )
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=64, blank=True)
    laid_off = models.BooleanField(_("laid-off worker"), default=False)
    zero_employment_family = models.BooleanField(_("zero-employment family"), default=False)
    landless_farmer = models.BooleanField(_("landless farmer"), default=False)
    disabled = models.BooleanField(_("person with a disability"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    VULNERABLE_FIELDS = ("laid_off", "zero_employment_family", "landless_farmer", "disabled")

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="parties_party_unique_id_number"
            ),
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="parties_party_unique_credit_code"
            ),
            models.CheckConstraint(
                condition=Q(kind="individual", credit_code="")
                | Q(kind="organisation", id_number="", gender="", birth_date__isnull=True)
                & ~Q(credit_code=""),
                name="parties_party_identifier_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["phone"], name="parties_party_phone")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_organisation(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    @property
    def is_vulnerable(self) -> bool:
        """A member of a vulnerable group (seed 000 三引导: 下岗职工、零就业家庭、失地农民、残疾人)."""
        return any(getattr(self, name) for name in self.VULNERABLE_FIELDS)

    def vulnerable_labels(self) -> list[str]:
        return [
            self._meta.get_field(name).verbose_name for name in self.VULNERABLE_FIELDS if getattr(self, name)
        ]


class VendingPoint(models.Model):
    """A designated vending point (便民疏导点) where street vendors are guided to trade."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lng = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])
    lat = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vending_points",
    )
    capacity = models.PositiveIntegerField(_("capacity (stalls)"), validators=[MinValueValidator(1)])
    reserved_for_vulnerable = models.PositiveIntegerField(
        _("stalls reserved for vulnerable groups"),
        default=0,
        help_text=_(
            "Only laid-off workers, zero-employment families, landless farmers and disabled people "
            "may take these."
        ),
    )
    hours = models.CharField(_("opening hours"), max_length=64, blank=True)
    goods = models.CharField(_("goods allowed"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("vending point")
        verbose_name_plural = _("vending points")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="parties_point_capacity_positive"),
            models.CheckConstraint(
                condition=Q(reserved_for_vulnerable__lte=models.F("capacity")),
                name="parties_point_reserve_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VendorAssignment(models.Model):
    """A party's stall at a vending point from ``starts_on``; ``ends_on`` is the day it is free again
    (empty while the assignment is open)."""

    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="assignments"
    )
    point = models.ForeignKey(
        VendingPoint, verbose_name=_("vending point"), on_delete=models.PROTECT, related_name="assignments"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("ended on"), null=True, blank=True)
    vulnerable = models.BooleanField(
        _("vulnerable-group stall"),
        default=False,
        help_text=_("The party belonged to a vulnerable group when assigned."),
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("vendor assignment")
        verbose_name_plural = _("vendor assignments")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="parties_assignment_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["point", "ends_on"], name="parties_assign_point_end")]

    def __str__(self) -> str:
        return f"{self.party} @ {self.point}"

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)


class FieldContact(models.Model):
    """A field contact (劝导记录): one persuade / educate / guide / warn encounter in the street."""

    class Outcome(models.TextChoices):
        COMPLIED = "complied", _("Complied")
        NOT_COMPLIED = "not_complied", _("Did not comply")

    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    party_description = models.CharField(
        _("description of the person"),
        max_length=200,
        blank=True,
        help_text=_("When the person could not be identified: appearance, goods, vehicle."),
    )
    matter = models.ForeignKey(
        "catalog.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="field_contacts"
    )
    step = models.CharField(_("step"), max_length=16, choices=[(s.value, s.label) for s in CONTACT_STEPS])
    officers = models.ManyToManyField(
        "org.Staff", verbose_name=_("officers present"), related_name="field_contacts"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorder_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("recorder's unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_contacts",
    )
    lng = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    lat = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    address = models.CharField(_("place"), max_length=200, blank=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    photo = models.FileField(
        _("photo"), upload_to="parties/contacts/%Y/%m/", blank=True, validators=[validate_photo]
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    vending_point = models.ForeignKey(
        VendingPoint,
        verbose_name=_("guided to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_contacts",
    )
    notes = models.TextField(_("notes"), blank=True)
    recommended_step = models.CharField(_("recommended step"), max_length=16, choices=Step.choices)
    recommendation = models.TextField(_("recommendation"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("field contact")
        verbose_name_plural = _("field contacts")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(step="guide") | Q(vending_point__isnull=False),
                name="parties_contact_guide_has_point",
            ),
            models.CheckConstraint(
                condition=Q(party__isnull=False) | ~Q(party_description=""),
                name="parties_contact_party_or_description",
            ),
            models.CheckConstraint(
                condition=Q(step__in=["persuade", "educate", "guide", "warn"]),
                name="parties_contact_step_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["party", "matter", "occurred_at"], name="parties_contact_ladder"),
            models.Index(fields=["recorded_by", "occurred_at"], name="parties_contact_recorder"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.party or self.party_description}"

    @property
    def party_label(self) -> str:
        return self.party.name if self.party_id else self.party_description


class WaitingEntry(models.Model):
    """A party waiting for a stall at a full vending point (轮候). When a stall is released it goes to the
    first in line who may take it: vulnerable groups first, then by the time they joined
    (:func:`sunshine.parties.rules.waiting_order`)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ALLOCATED = "allocated", _("Stall allocated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    point = models.ForeignKey(
        VendingPoint, verbose_name=_("vending point"), on_delete=models.PROTECT, related_name="waiting"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="waiting"
    )
    joined_at = models.DateTimeField(_("joined the list"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    assignment = models.OneToOneField(
        VendorAssignment,
        verbose_name=_("stall allocated"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waiting_entry",
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "party"], condition=Q(status="waiting"), name="parties_waiting_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} → {self.point}"
