"""The working-day calendar and the deadlines every module runs on.

The calendar stores only the exceptions to the ordinary week: statutory holidays (法定节假日, which
may fall on a weekday or a weekend) and make-up workdays (调休上班日, always a Saturday or Sunday).
Every other day is derived: Monday to Friday work, Saturday and Sunday rest. A year with a
:class:`CalendarYear` row marked *official* follows the State Council's notice; any other year is
provisional (weekends only) and everything computed in it says so.

A :class:`Deadline` is one running time limit of some object (a case, a seizure, a request),
computed by :mod:`sunshine.workdays.calendar` and kept here so that boards can list them and so that
they can be recomputed when an administrator enters or corrects a year.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday")
    MAKEUP_WORKDAY = "makeup", _("Make-up workday")
    WEEKEND = "weekend", _("Weekend")
    WORKDAY = "workday", _("Workday")


class Source(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar package")
    ADMINISTRATOR = "administrator", _("Administrator")


class CalendarYear(models.Model):
    """A year whose holidays are known. Years without a row are provisional (weekends only)."""

    class Status(models.TextChoices):
        OFFICIAL = "official", _("Official")
        PROVISIONAL = "provisional", _("Provisional")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OFFICIAL)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PACKAGE)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2200), name="workdays_year_in_range"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One exception to the ordinary week: a statutory holiday or a make-up workday."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=64, blank=True, help_text=_("e.g. 国庆节"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.PACKAGE)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            # The kind decides whether the day is worked; the two can never disagree.
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["holiday", "weekend"], is_workday=False)
                    | Q(kind__in=["makeup", "workday"], is_workday=True)
                ),
                name="workdays_day_kind_matches_workday",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()


class CalendarPolicy(models.Model):
    """The one row of calendar settings (id 1), changed by the system administrator."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    roll_forward_calendar_periods = models.BooleanField(
        _("roll calendar-day periods forward"),
        default=True,
        help_text=_(
            "A period counted in calendar days whose last day is a rest day ends on the next working day."
        ),
    )
    due_soon_working_days = models.PositiveSmallIntegerField(
        _("due soon within (working days)"),
        default=2,
        help_text=_("Deadlines due within this many working days are highlighted on the boards."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar policy")
        verbose_name_plural = _("calendar policy")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="workdays_policy_singleton")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class DeadlineKind(models.TextChoices):
    WORKING = "working", _("Working days")
    CALENDAR = "calendar", _("Calendar days")
    HOURS = "hours", _("Hours")


class Deadline(models.Model):
    """A running time limit of some object, e.g. a case's hearing-request period.

    Created and changed only through :mod:`sunshine.workdays.services` (``deadline_set``,
    ``deadline_meet``, ``deadline_cancel``). ``due`` is the last day on which the act is in time;
    for an hours-based limit ``due_at`` is the exact moment and ``due`` its local date.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        CANCELLED = "cancelled", _("Cancelled")

    owner_type = models.ForeignKey(
        ContentType, verbose_name=_("owner type"), on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(_("owner id"))
    owner = GenericForeignKey("owner_type", "owner_id")
    key = models.CharField(_("key"), max_length=64, help_text=_("e.g. hearing_request"))
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=DeadlineKind.choices)
    start = models.DateField(_("start"))
    start_at = models.DateTimeField(_("start time"), null=True, blank=True)
    length = models.PositiveIntegerField(_("length"))
    rule = models.CharField(_("rule code"), max_length=64, blank=True)
    citation = models.CharField(_("citation"), max_length=200, blank=True)
    # None: follow the calendar policy (and be recomputed when it changes).
    roll_forward = models.BooleanField(_("roll forward"), null=True, blank=True)
    due = models.DateField(_("due"))
    due_at = models.DateTimeField(_("due time"), null=True, blank=True)
    rolled_from = models.DateField(_("rolled forward from"), null=True, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadlines",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    closed_note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "key"],
                condition=Q(status="open"),
                name="workdays_one_open_deadline_per_key",
            ),
            models.CheckConstraint(
                condition=Q(kind="hours", due_at__isnull=False, start_at__isnull=False)
                | (Q(kind__in=["working", "calendar"]) & Q(due_at__isnull=True)),
                name="workdays_deadline_hours_have_times",
            ),
            models.CheckConstraint(
                condition=Q(status="met", met_at__isnull=False) | ~Q(status="met"),
                name="workdays_deadline_met_has_time",
            ),
            models.CheckConstraint(condition=Q(due__gte=models.F("start")), name="workdays_due_after_start"),
        ]
        indexes = [
            models.Index(fields=["responsible", "status", "due"], name="workdays_dl_resp_idx"),
            models.Index(fields=["unit", "status", "due"], name="workdays_dl_unit_idx"),
            models.Index(fields=["status", "due"], name="workdays_dl_status_due_idx"),
            models.Index(fields=["owner_type", "owner_id"], name="workdays_dl_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} → {self.due_at or self.due}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def met_late(self) -> bool:
        """Met, but after the limit (for statistics and oversight)."""
        if self.status != self.Status.MET or self.met_at is None:
            return False
        if self.due_at is not None:
            return self.met_at > self.due_at
        from django.utils import timezone

        return timezone.localdate(self.met_at) > self.due

    def computation(self):
        """The stored computation as a :class:`sunshine.workdays.calendar.Computed` (for its explanation)."""
        from .calendar import Computed

        return Computed(
            start=self.start_at if self.kind == DeadlineKind.HOURS else self.start,
            length=self.length,
            kind=self.kind,
            due=self.due_at if self.kind == DeadlineKind.HOURS else self.due,
            rule=self.rule,
            citation=self.citation,
            provisional=self.provisional,
            rolled_from=self.rolled_from,
        )

    @property
    def explanation(self) -> str:
        return self.computation().explanation
