"""Evidence items, their content-addressed files, enforcement activities and custody transfers.

An evidence item is never edited and never deleted inside its retention period: a correction is a new
item that supersedes the old one (``supersedes``, with the reason). Files are stored once per content,
under their SHA-256 (:class:`Blob`); every view, download, export and transfer is an audit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The statutory kinds of evidence (《行政处罚法》第四十六条)."""

    DOCUMENTARY = "documentary", _("Documentary evidence")
    PHYSICAL = "physical", _("Physical evidence")
    AUDIO_VISUAL = "audio_visual", _("Audio-visual material")
    ELECTRONIC_DATA = "electronic_data", _("Electronic data")
    WITNESS_TESTIMONY = "witness_testimony", _("Witness testimony")
    PARTY_STATEMENT = "party_statement", _("Party statement")
    EXPERT_OPINION = "expert_opinion", _("Expert opinion")
    INSPECTION_RECORD = "inspection_record", _("Inspection or on-site record")


class ActivityKind(models.TextChoices):
    """Enforcement activities that must be recorded on video from start to end (seed 001)."""

    QUESTIONING = "questioning", _("Questioning a party or witness")
    INSPECTION = "inspection", _("Inspecting premises or goods")
    PRESERVATION = "preservation", _("Evidence preservation")
    SEALING = "sealing", _("Sealing")
    SEIZURE = "seizure", _("Seizure")
    SAMPLING = "sampling", _("Sampling")
    VERIFICATION = "verification", _("On-site verification")
    SERVICE_LEFT = "service_left", _("Service by leaving the document")
    SERVICE_PUBLIC_NOTICE = "service_public_notice", _("Service by public notice")
    DEMOLITION = "demolition", _("Forced demolition")
    MAJOR_PROPERTY = "major_property", _("Activity touching major property")


class DeviceFlag(models.TextChoices):
    NONE = "", _("Registered and assigned")
    UNKNOWN = "unknown", _("Device not in the equipment register")
    UNASSIGNED = "unassigned", _("Device not assigned to an officer of the activity")
    OUT_OF_SERVICE = "out_of_service", _("Device registered as under repair or retired")


class Blob(models.Model):
    """One stored file, named by the SHA-256 of its content (the same content is stored once)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.BigIntegerField(_("size (bytes)"))
    mime = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=0), name="evidence_blob_size_nonnegative"),
        ]

    def __str__(self) -> str:
        return self.sha256

    @property
    def name(self) -> str:
        """The file's name in the evidence storage: ``ab/cd/abcd...``."""
        return f"{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"


class Activity(models.Model):
    """An enforcement activity (questioning, sealing, service by leaving ...) and how it was recorded.

    It is *done* only with at least one linked audio-visual item (seed 001); fewer than two recording
    devices needs a reason (seed 004). A case action that is such an activity uses up one done activity
    of its kind (``used_by_action``)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being recorded")
        DONE = "done", _("Done")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="av_activities")
    kind = models.CharField(_("activity"), max_length=24, choices=ActivityKind.choices)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    officers = models.ManyToManyField("org.Staff", verbose_name=_("officers"), related_name="av_activities")
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    device_count = models.PositiveSmallIntegerField(_("recording devices"), default=0)
    fewer_devices_reason = models.TextField(_("reason for fewer than two recording devices"), blank=True)
    used_by_action = models.CharField(_("case action"), max_length=40, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enforcement activity")
        verbose_name_plural = _("enforcement activities")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["case", "kind", "status"], name="evidence_act_case_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(device_count__gte=2) | ~Q(fewer_devices_reason=""),
                name="evidence_activity_devices_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(device_count__gte=1), name="evidence_activity_done_recorded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def fewer_devices(self) -> bool:
        return self.status == self.Status.DONE and self.device_count < 2


class Item(models.Model):
    """One piece of evidence of a case. Rows are never updated: a correction supersedes."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence_items")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"))
    captured_at = models.DateTimeField(_("captured at"))
    captured_by = models.ForeignKey(
        "org.Staff", verbose_name=_("captured by"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("enforcement activity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    device = models.ForeignKey(
        "org.BodyCamera",
        verbose_name=_("recording device"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence_items",
    )
    device_serial = models.CharField(_("device serial number"), max_length=64, blank=True)
    device_flag = models.CharField(
        _("device check"), max_length=16, choices=DeviceFlag.choices, blank=True, default=""
    )
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="items")
    original_name = models.CharField(_("file name"), max_length=255)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    retain_until = models.DateField(_("retained until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["-captured_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_reason=""),
                name="evidence_item_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Transfer(models.Model):
    """A hand-over of an item's custody (to the legal section, a court, an expert); append-only."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="transfers")
    to_holder = models.CharField(_("handed to"), max_length=200)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("custody transfer")
        verbose_name_plural = _("custody transfers")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"#{self.item_id} → {self.to_holder}"


class UploadSession(models.Model):
    """A resumable upload: chunks are appended at ``offset`` until ``size`` bytes have arrived."""

    id = models.UUIDField(primary_key=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    size = models.BigIntegerField(_("size (bytes)"))
    offset = models.BigIntegerField(_("received (bytes)"), default=0)
    filename = models.CharField(_("file name"), max_length=255)
    fields = models.JSONField(default=dict)
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("upload session")
        verbose_name_plural = _("upload sessions")

    def __str__(self) -> str:
        return f"{self.filename} {self.offset}/{self.size}"
