"""The power list (权责清单), discretion benchmarks (裁量基准) and the major-decision review catalog.

A :class:`Matter` is one enforcement matter the bureau may act on. What the law says about it lives in
a :class:`MatterVersion`: the list is adjusted as laws change (seed 003, 动态调整机制), so each change is a
new version with its own effective dates, and a case keeps the version it was decided under. Exactly
one version is in force on any date from the first version's start onwards: versions of a matter never
overlap and follow each other without a gap (``services.version_publish`` keeps it so; the database
forbids two open versions and inverted date ranges).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Category(models.TextChoices):
    CITY_APPEARANCE = "city_appearance", _("City appearance and sanitation")
    LANDSCAPING = "landscaping", _("Landscaping and greening")
    MUNICIPAL = "municipal", _("Municipal utilities")
    PLANNING = "planning", _("Urban planning and illegal construction")
    ENVIRONMENT = "environment", _("Environmental protection")
    COMMERCE = "commerce", _("Business administration")
    ROADS = "roads", _("Roads and occupation of roads")


# The category labels used by the bundled matters.csv (and by most Chinese power lists).
CATEGORY_BY_CHINESE = {
    "市容环卫": Category.CITY_APPEARANCE,
    "园林绿化": Category.LANDSCAPING,
    "市政公用": Category.MUNICIPAL,
    "城乡规划": Category.PLANNING,
    "城乡规划/违法建设": Category.PLANNING,
    "违法建设": Category.PLANNING,
    "环境保护": Category.ENVIRONMENT,
    "工商管理": Category.COMMERCE,
    "工商": Category.COMMERCE,
    "道路/占道": Category.ROADS,
    "道路": Category.ROADS,
    "占道": Category.ROADS,
}


class PartyKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class PenaltyKind(models.TextChoices):
    """Kinds of penalty (《行政处罚法》第九条) plus the demolition order the review catalog names."""

    WARNING = "warning", _("Warning")
    CRITICISM = "criticism", _("Circulated criticism")
    FINE = "fine", _("Fine")
    CONFISCATE_GAINS = "confiscate_gains", _("Confiscation of illegal gains")
    CONFISCATE_PROPERTY = "confiscate_property", _("Confiscation of illegal property")
    LICENCE_SUSPENSION = "licence_suspension", _("Temporary withholding of a licence")
    QUALIFICATION_DOWNGRADE = "qualification_downgrade", _("Lowering of a qualification grade")
    LICENCE_REVOCATION = "licence_revocation", _("Revocation of a licence")
    RESTRICT_BUSINESS = "restrict_business", _("Restriction of business activities")
    SUSPEND_BUSINESS = "suspend_business", _("Order to suspend production or business")
    CLOSURE = "closure", _("Order to close")
    RESTRICT_EMPLOYMENT = "restrict_employment", _("Restriction of employment")
    DEMOLITION = "demolition", _("Order to demolish within a time limit")


class Matter(models.Model):
    """An enforcement matter (执法事项) on the bureau's power list."""

    code = models.CharField(_("code"), max_length=16, unique=True, help_text=_("For example SR-001."))
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, db_index=True)
    active = models.BooleanField(
        _("on the list"), default=True, help_text=_("Cleared when the matter is removed from the power list.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("enforcement matter")
        verbose_name_plural = _("enforcement matters")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MatterVersion(models.Model):
    """What the law says about a matter during one period; ``effective_to`` is the last day (inclusive)."""

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Last day in force; empty while in force.")
    )
    violated_law = models.CharField(_("law violated"), max_length=100)
    violated_article = models.CharField(_("article violated"), max_length=64, blank=True)
    violated_text = models.TextField(_("text of the provision violated"), blank=True)
    penalty_law = models.CharField(_("penalty law"), max_length=100)
    penalty_article = models.CharField(_("penalty article"), max_length=64, blank=True)
    penalty_text = models.TextField(_("text of the penalty provision"), blank=True)
    fine_individual_min = models.DecimalField(
        _("statutory fine for individuals, minimum"), null=True, blank=True, **MONEY
    )
    fine_individual_max = models.DecimalField(
        _("statutory fine for individuals, maximum"), null=True, blank=True, **MONEY
    )
    fine_org_min = models.DecimalField(
        _("statutory fine for organisations, minimum"), null=True, blank=True, **MONEY
    )
    fine_org_max = models.DecimalField(
        _("statutory fine for organisations, maximum"), null=True, blank=True, **MONEY
    )
    fine_rate_min = models.DecimalField(
        _("statutory fine rate, minimum (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    fine_rate_max = models.DecimalField(
        _("statutory fine rate, maximum (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    fine_rate_base = models.CharField(
        _("base of the fine rate"),
        max_length=100,
        blank=True,
        help_text=_("Where the law sets the fine as a share of an amount, e.g. 建设工程造价."),
    )
    other_penalties = models.TextField(_("other penalties and measures"), blank=True)
    handling_unit = models.CharField(_("handling unit"), max_length=100, blank=True)
    time_limit_days = models.PositiveIntegerField(
        _("time limit (days)"), null=True, blank=True, help_text=_("Days from filing to decision.")
    )
    verified = models.BooleanField(_("verified against the statute"), default=False)
    note = models.TextField(_("note"), blank=True)
    change_reason = models.TextField(_("reason for this version"), blank=True)
    benchmark_document = models.CharField(_("discretion benchmark document"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("matter version")
        verbose_name_plural = _("matter versions")
        ordering = ["matter__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "number"], name="catalog_version_number_unique"),
            models.UniqueConstraint(fields=["matter", "effective_from"], name="catalog_version_start_unique"),
            models.UniqueConstraint(
                fields=["matter"],
                condition=Q(effective_to__isnull=True),
                name="catalog_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="catalog_version_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(fine_individual_min__isnull=True)
                | Q(fine_individual_max__isnull=True)
                | Q(fine_individual_min__lte=F("fine_individual_max")),
                name="catalog_version_ind_range",
            ),
            models.CheckConstraint(
                condition=Q(fine_org_min__isnull=True)
                | Q(fine_org_max__isnull=True)
                | Q(fine_org_min__lte=F("fine_org_max")),
                name="catalog_version_org_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter.code} v{self.number}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def statutory_range(self, party_kind: str) -> tuple[Decimal | None, Decimal | None]:
        if party_kind == PartyKind.ORGANISATION:
            return self.fine_org_min, self.fine_org_max
        return self.fine_individual_min, self.fine_individual_max

    @property
    def violated_citation(self) -> str:
        return f"《{self.violated_law}》{self.violated_article}"

    @property
    def penalty_citation(self) -> str:
        return f"《{self.penalty_law}》{self.penalty_article}"

    def clean(self):
        super().clean()
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The last day cannot precede the first day.")})
        for low, high in (
            (self.fine_individual_min, self.fine_individual_max),
            (self.fine_org_min, self.fine_org_max),
        ):
            if low is not None and high is not None and low > high:
                raise ValidationError(_("A fine minimum cannot exceed its maximum."))


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    ORDINARY = "ordinary", _("Ordinary")
    SERIOUS = "serious", _("Serious")
    GRAVE = "grave", _("Grave")


SEVERITY_ORDER = [Severity.MINOR, Severity.ORDINARY, Severity.SERIOUS, Severity.GRAVE]


class BenchmarkTier(models.Model):
    """One severity tier of a version's discretion benchmark (裁量基准, 《行政处罚法》第三十四条).

    A fine range left empty for a party kind means this tier imposes no fine on that kind of party; a
    range whose minimum equals its maximum is a fixed amount. Where the law sets the fine as a share of an
    amount (《城乡规划法》第六十四条: 建设工程造价百分之五以上百分之十以下), the tier gives a rate range
    instead and the fine is checked against the rate times the base amount.
    """

    version = models.ForeignKey(
        MatterVersion, verbose_name=_("matter version"), on_delete=models.CASCADE, related_name="tiers"
    )
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    conditions = models.TextField(_("conditions"))
    fine_individual_min = models.DecimalField(
        _("fine for individuals, minimum"), null=True, blank=True, **MONEY
    )
    fine_individual_max = models.DecimalField(
        _("fine for individuals, maximum"), null=True, blank=True, **MONEY
    )
    fine_org_min = models.DecimalField(_("fine for organisations, minimum"), null=True, blank=True, **MONEY)
    fine_org_max = models.DecimalField(_("fine for organisations, maximum"), null=True, blank=True, **MONEY)
    fine_rate_min = models.DecimalField(
        _("fine rate, minimum (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    fine_rate_max = models.DecimalField(
        _("fine rate, maximum (%)"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    other_penalties = models.TextField(_("other penalties"), blank=True)
    first_violation_waiver = models.BooleanField(
        _("first-violation waiver may apply"),
        default=False,
        help_text=_(
            "《行政处罚法》第三十三条: a first, minor violation corrected in time may go unpunished."
        ),
    )
    bureau_setting = models.BooleanField(
        _("amounts set by the bureau"),
        default=False,
        help_text=_("The national text gives no amount; these are the bureau's own settings."),
    )

    class Meta:
        verbose_name = _("benchmark tier")
        verbose_name_plural = _("benchmark tiers")
        constraints = [
            models.UniqueConstraint(fields=["version", "severity"], name="catalog_tier_unique"),
            models.CheckConstraint(
                condition=Q(fine_individual_min__isnull=True)
                | Q(fine_individual_max__isnull=True)
                | Q(fine_individual_min__lte=F("fine_individual_max")),
                name="catalog_tier_ind_range",
            ),
            models.CheckConstraint(
                condition=Q(fine_org_min__isnull=True)
                | Q(fine_org_max__isnull=True)
                | Q(fine_org_min__lte=F("fine_org_max")),
                name="catalog_tier_org_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.get_severity_display()}"

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self.severity)

    def fine_range(self, party_kind: str) -> tuple[Decimal | None, Decimal | None]:
        if party_kind == PartyKind.ORGANISATION:
            return self.fine_org_min, self.fine_org_max
        return self.fine_individual_min, self.fine_individual_max


class ReviewCatalogRule(models.Model):
    """One line of the major-decision legal review catalog (重大执法决定法制审核目录清单).

    A rule applies to a decision when every condition it sets holds (conditions left empty are not
    checked): the matter, the category, a penalty kind among the decision's, a fine at or above the
    threshold for the party's kind, a hearing held, a complex case, a major public interest.
    《行政处罚法》第五十八条.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    citation = models.CharField(_("citation"), max_length=200, blank=True)
    matter = models.ForeignKey(
        Matter,
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_rules",
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices, blank=True)
    penalty_kind = models.CharField(_("penalty kind"), max_length=32, choices=PenaltyKind.choices, blank=True)
    amount_individual_from = models.DecimalField(
        _("fine on an individual from"), null=True, blank=True, **MONEY
    )
    amount_org_from = models.DecimalField(_("fine on an organisation from"), null=True, blank=True, **MONEY)
    when_hearing_held = models.BooleanField(_("when a hearing was held"), default=False)
    when_complex_case = models.BooleanField(_("when the case is complex"), default=False)
    when_major_public_interest = models.BooleanField(
        _("when a major public interest is involved"), default=False
    )
    active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("review catalog rule")
        verbose_name_plural = _("review catalog rules")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if not any(
            [
                self.matter_id,
                self.category,
                self.penalty_kind,
                self.amount_individual_from is not None,
                self.amount_org_from is not None,
                self.when_hearing_held,
                self.when_complex_case,
                self.when_major_public_interest,
            ]
        ):
            raise ValidationError(_("A review rule needs at least one condition."))


class RegionalSettings(models.Model):
    """Settings that vary by province or city; one row (``current()``)."""

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    hearing_threshold_individual = models.DecimalField(
        _("hearing threshold for individuals"),
        default=Decimal("10000"),
        help_text=_(
            "较大数额 for individuals (《行政处罚法》第六十三条); fines at or above it may be heard."
        ),
        **MONEY,
    )
    hearing_threshold_org = models.DecimalField(
        _("hearing threshold for organisations"),
        default=Decimal("100000"),
        help_text=_(
            "较大数额 for organisations (《行政处罚法》第六十三条); fines at or above it may be heard."
        ),
        **MONEY,
    )
    publication_years_individual = models.PositiveSmallIntegerField(
        _("publication period for individuals (years)"), default=2
    )
    publication_years_org = models.PositiveSmallIntegerField(
        _("publication period for organisations (years)"), default=5
    )
    ladder_window_months = models.PositiveSmallIntegerField(
        _("ladder window (months)"),
        default=12,
        help_text=_("Earlier contacts and cases within this window count towards the next step."),
    )
    decision_publication_working_days = models.PositiveSmallIntegerField(
        _("penalty decision publication deadline (working days)"), default=7
    )
    other_decision_publication_working_days = models.PositiveSmallIntegerField(
        _("other decision publication deadline (working days)"), default=20
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("regional settings")
        verbose_name_plural = _("regional settings")
        constraints = [models.CheckConstraint(condition=Q(singleton=1), name="catalog_settings_singleton")]

    def __str__(self) -> str:
        return str(_("Regional settings"))

    @classmethod
    def current(cls) -> RegionalSettings:
        """The one settings row, created with the defaults on first use."""
        obj, _created = cls.objects.get_or_create(singleton=1)
        return obj

    def hearing_threshold(self, party_kind: str) -> Decimal:
        if party_kind == PartyKind.ORGANISATION:
            return self.hearing_threshold_org
        return self.hearing_threshold_individual
