"""Statistics: pre-aggregated figures and the quarterly and annual reports built from them.

The fact tables are filled only by :mod:`sunshine.stats.aggregate` (a scheduled Celery job and the
``stats_rebuild`` command), never on a page view (STYLE.md 11). A day's rows are always replaced as a
whole, so a re-run gives the same rows (idempotent) and the rows equal a recount from the source rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VALUE = {"max_digits": 18, "decimal_places": 2, "default": Decimal("0")}


class FactBase(models.Model):
    """The dimensions every fact row has; a dimension that does not apply is empty."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("matter category"), max_length=32, blank=True)
    procedure = models.CharField(_("procedure"), max_length=16, blank=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)
    metric = models.CharField(_("metric"), max_length=48)
    value = models.DecimalField(_("value"), **VALUE)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.metric} {self.unit_id or '-'} {self.value}"


def _unique(period: str, prefix: str) -> list[models.UniqueConstraint]:
    # Two partial constraints, because a NULL unit is distinct from every other NULL in a plain one.
    dims = [period, "category", "procedure", "channel", "metric"]
    return [
        models.UniqueConstraint(
            fields=[period, "unit", *dims[1:]], condition=Q(unit__isnull=False), name=f"{prefix}_unique_unit"
        ),
        models.UniqueConstraint(fields=dims, condition=Q(unit__isnull=True), name=f"{prefix}_unique_nounit"),
    ]


class DailyFact(FactBase):
    """One figure for one day (Asia/Shanghai), unit, matter category, procedure, channel and metric."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = _unique("day", "stats_daily")
        indexes = [models.Index(fields=["day", "metric"], name="stats_daily_day_metric")]


class MonthlyFact(FactBase):
    """The sum of a month's daily figures with the same dimensions (``month`` is the first day)."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        constraints = _unique("month", "stats_monthly")
        indexes = [
            models.Index(fields=["month", "metric"], name="stats_monthly_month_metric"),
            models.Index(fields=["unit", "month"], name="stats_monthly_unit_month"),
        ]


class UnitMonthFact(models.Model):
    """The dashboard's table: a month's figure per unit and metric only (no category, procedure or
    channel; requests received per channel are the metrics ``requests.received@<channel>``). Its size
    depends on the number of units and months, not on the volume of cases and requests."""

    month = models.DateField(_("month"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    metric = models.CharField(_("metric"), max_length=64)
    value = models.DecimalField(_("value"), **VALUE)

    class Meta:
        verbose_name = _("monthly figure per unit")
        verbose_name_plural = _("monthly figures per unit")
        indexes = [models.Index(fields=["month", "metric"], name="stats_unitmonth_month_metric")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.unit_id or '-'} {self.metric} {self.value}"


class GridDailyFact(models.Model):
    """Field contacts and citizen requests per grid and day, for the dashboards' maps."""

    day = models.DateField(_("day"))
    grid = models.ForeignKey("org.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    metric = models.CharField(_("metric"), max_length=48)
    value = models.PositiveIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("daily figure per grid")
        verbose_name_plural = _("daily figures per grid")
        constraints = [
            models.UniqueConstraint(fields=["day", "grid", "metric"], name="stats_grid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.grid_id} {self.metric} {self.value}"


class Snapshot(models.Model):
    """A figure that is a state, not a flow, taken by each run for its day: officers, legal reviewers,
    officers who met the training commitment this year, overdue requests and deadlines."""

    day = models.DateField(_("day"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    metric = models.CharField(_("metric"), max_length=48)
    value = models.DecimalField(_("value"), **VALUE)

    class Meta:
        verbose_name = _("snapshot figure")
        verbose_name_plural = _("snapshot figures")
        indexes = [models.Index(fields=["day", "metric"], name="stats_snapshot_day_metric")]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.value}"


class Watermark(models.Model):
    """How far the incremental fill has read a source: the highest primary key (or audit sequence)."""

    name = models.CharField(_("source"), max_length=48, unique=True)
    value = models.BigIntegerField(_("high-water mark"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("high-water mark")
        verbose_name_plural = _("high-water marks")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


class FillRun(models.Model):
    """One run of the fill (scheduled, command or rebuild): when, how many days and rows it rewrote."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        COMMAND = "command", _("Command")
        REBUILD = "rebuild", _("Rebuild")

    trigger = models.CharField(_("trigger"), max_length=16, choices=Trigger.choices)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    days = models.PositiveIntegerField(_("days recomputed"), default=0)
    rows = models.PositiveIntegerField(_("rows written"), default=0)

    class Meta:
        verbose_name = _("fill run")
        verbose_name_plural = _("fill runs")
        ordering = ["-finished_at", "-id"]

    def __str__(self) -> str:
        return f"{self.trigger} {self.finished_at:%Y-%m-%d %H:%M}: {self.days}"


class UnitReport(models.Model):
    """A unit's quarterly figures, submitted to the legal section in the quarter's last week (seed 001)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        ACCEPTED = "accepted", _("Accepted")

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    figures = models.JSONField(_("figures"), default=dict)
    note = models.TextField(_("note"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submissions = models.PositiveSmallIntegerField(_("submissions"), default=1)
    late = models.BooleanField(_("submitted after the quarter"), default=False)
    late_reason = models.TextField(_("reason for late submission"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    comments = models.TextField(_("review comments"), blank=True)

    class Meta:
        verbose_name = _("unit quarterly report")
        verbose_name_plural = _("unit quarterly reports")
        ordering = ["-year", "-quarter", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="stats_unit_report_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="stats_unit_report_q"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(comments=""), name="stats_unit_report_return_comments"
            ),
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(late_reason=""), name="stats_unit_report_late_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}Q{self.quarter}"


class BureauReport(models.Model):
    """The bureau's quarterly or annual figures, aggregated by the legal section and published by the
    bureau (seed 001); the annual report is published by 31 January (国办发〔2018〕118号)."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly")
        ANNUAL = "annual", _("Annual")

    class Status(models.TextChoices):
        AGGREGATED = "aggregated", _("Aggregated")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), default=0, help_text=_("0 for the annual report.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    figures = models.JSONField(_("figures"), default=dict)
    by_unit = models.JSONField(_("figures by unit"), default=dict)
    aggregated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aggregated by"), on_delete=models.PROTECT, related_name="+"
    )
    aggregated_at = models.DateTimeField(_("aggregated at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_late = models.BooleanField(_("published after the deadline"), default=False)

    class Meta:
        verbose_name = _("bureau report")
        verbose_name_plural = _("bureau reports")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="stats_bureau_report_once"),
            models.CheckConstraint(
                condition=Q(kind="annual", quarter=0) | Q(kind="quarterly", quarter__gte=1, quarter__lte=4),
                name="stats_bureau_report_quarter",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="stats_bureau_report_published_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}" + (f"Q{self.quarter}" if self.quarter else "")
