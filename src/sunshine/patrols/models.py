"""Grid patrols (网格巡查) and conflict incidents (执法冲突事件).

A squad leader assigns a grid and a shift to officers (:class:`Assignment`); an officer's phone records a
:class:`Patrol` with its track (:class:`TrackPoint`, each located in a grid) and what was found on the way
(:class:`Finding`, which becomes a field contact or is linked to the case or request it led to). Coverage
of grids per day is counted from the track points. A :class:`Incident` is reported at once to the leaders,
followed up, and closed with the outcome and, when there is one, the public statement.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sunshine.org.models import Grid, Staff, Unit


class Assignment(models.Model):
    """A grid and a shift given to one or more officers or auxiliaries (网格巡查责任)."""

    grid = models.ForeignKey(Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("shift starts"))
    ends_at = models.TimeField(_("shift ends"))
    staff = models.ManyToManyField(Staff, verbose_name=_("patrol members"), related_name="patrol_assignments")
    note = models.CharField(_("note"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol assignment")
        verbose_name_plural = _("patrol assignments")
        ordering = ["-day", "starts_at", "grid__code"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "day", "starts_at"], name="patrols_assignment_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="patrols_shift_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.grid.code} {self.day} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Patrol(models.Model):
    """One officer's patrol, recorded on the phone from start to end."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("On patrol")
        ENDED = "ended", _("Ended")

    staff = models.ForeignKey(
        Staff, verbose_name=_("patroller"), on_delete=models.PROTECT, related_name="patrols"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("squad"), on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    point_count = models.PositiveIntegerField(_("track points"), default=0)
    distance_m = models.FloatField(_("distance (m)"), default=0)
    last_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_lng = models.FloatField(null=True, blank=True, editable=False)
    last_lat = models.FloatField(null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"], condition=Q(status="active"), name="patrols_one_active_per_staff"
            ),
        ]
        indexes = [models.Index(fields=["unit", "started_at"], name="patrols_unit_started_idx")]

    def __str__(self) -> str:
        return f"{self.staff} {self.started_at:%Y-%m-%d %H:%M}"


class TrackPoint(models.Model):
    patrol = models.ForeignKey(Patrol, on_delete=models.CASCADE, related_name="points")
    at = models.DateTimeField(_("time"))
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)
    grid = models.ForeignKey(Grid, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("track point")
        verbose_name_plural = _("track points")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["patrol", "at"], name="patrols_point_patrol_at_idx"),
            models.Index(fields=["grid", "at"], name="patrols_point_grid_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%H:%M:%S} {self.lng:.5f},{self.lat:.5f}"


class Finding(models.Model):
    """Something found on patrol, and what it became."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Not handled yet")
        CONTACT = "contact", _("Field contact recorded")
        CASE = "case", _("Case")
        REQUEST = "request", _("Request")
        NOTHING = "nothing", _("Nothing to do")

    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="findings"
    )
    at = models.DateTimeField(_("time"))
    description = models.TextField(_("what was found"))
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.OPEN)
    contact = models.ForeignKey(
        "parties.FieldContact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "service.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("patrol finding")
        verbose_name_plural = _("patrol findings")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class Incident(models.Model):
    """执法冲突事件: reported at once to leaders, the local government and the superior department
    (seed 004: 立即向当地政府和上级城市管理执法部门报告), followed up and closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being handled")
        CLOSED = "closed", _("Closed")

    occurred_at = models.DateTimeField(_("occurred at"))
    place = models.CharField(_("place"), max_length=200)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("squad"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what happened"))
    injuries = models.TextField(_("injuries and damage"), blank=True)
    staff = models.ManyToManyField(
        Staff, verbose_name=_("staff involved"), related_name="incidents", blank=True
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.ManyToManyField(
        "evidence.Item", verbose_name=_("audio-visual records of the case"), blank=True, related_name="+"
    )
    av_note = models.TextField(
        _("audio-visual records"),
        blank=True,
        help_text=_("Which cameras recorded it and where the recordings are, when there is no case yet."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))
    government_informed_at = models.DateTimeField(_("local government informed at"), null=True, blank=True)
    superior_informed_at = models.DateTimeField(_("superior department informed at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    statement = models.TextField(_("public statement"), blank=True)
    statement_published_on = models.DateField(_("statement published on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflict incident")
        verbose_name_plural = _("conflict incidents")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.place}"


class IncidentUpdate(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("time"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("follow-up"))

    class Meta:
        verbose_name = _("incident follow-up")
        verbose_name_plural = _("incident follow-ups")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:30]}"
