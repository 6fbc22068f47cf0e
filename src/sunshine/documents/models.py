"""Enforcement documents (执法文书): issued PDFs, their numbers, verification codes, signatures and seals.

An issued :class:`Document` is never edited. Its PDF is stored content-addressed (the SHA-256 of the bytes
names the file and is recorded here); a correction issues a new version and voids the old one with the
reason (the old row keeps ``superseded_by``). Numbers come from :class:`DocumentCounter`, one row per
numbering unit, kind and year, taken under ``select_for_update`` in the issuing transaction: a failed issue
rolls its number back with it, so the series has no gaps and no duplicates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FILING_APPROVAL = "filing_approval", _("Case filing approval form")
    INSPECTION_RECORD = "inspection_record", _("On-site inspection record")
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record")
    CORRECTION_ORDER = "correction_order", _("Order to correct")
    PRESERVATION_NOTICE = "preservation_notice", _("Notice of evidence registered for preservation")
    MEASURE_DECISION = "measure_decision", _("Decision on sealing or seizure")
    MEASURE_RELEASE = "measure_release", _("Decision to release sealing or seizure")
    ADVANCE_NOTICE = "advance_notice", _("Advance notice of administrative penalty")
    HEARING_NOTICE = "hearing_notice", _("Hearing notice")
    HEARING_RECORD = "hearing_record", _("Hearing record")
    REVIEW_OPINION = "review_opinion", _("Legal review opinion")
    DISCUSSION_RECORD = "discussion_record", _("Collective discussion record")
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    SUMMARY_DECISION = "summary_decision", _("On-the-spot administrative penalty decision")
    NO_PENALTY_DECISION = "no_penalty_decision", _("Decision not to impose an administrative penalty")
    SERVICE_RECEIPT = "service_receipt", _("Proof of service")
    DEMAND_NOTICE = "demand_notice", _("Demand to perform")
    CLOSURE_APPROVAL = "closure_approval", _("Case closure approval form")


class Status(models.TextChoices):
    CURRENT = "current", _("Current")
    VOIDED = "voided", _("Voided")


class DocumentCounter(models.Model):
    """The last number of one kind of document issued by one numbering unit in one year."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "year"], name="documents_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.year}: {self.last}"


class Document(models.Model):
    """One issued version of an enforcement document."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # What the document is about: "case", or "<record type>:<pk>", or "entry:<n>" for a record typed in.
    record_key = models.CharField(_("record"), max_length=48)
    number = models.CharField(_("document number"), max_length=64, blank=True)
    sequence = models.PositiveIntegerField(_("number in the series"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=100)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.JSONField(_("content"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.CURRENT)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"))
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("enforcement document")
        verbose_name_plural = _("enforcement documents")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["case", "kind"], name="documents_case_kind_idx")]
        constraints = [
            # One current version of a document per record; older versions are voided.
            models.UniqueConstraint(
                fields=["case", "kind", "record_key"],
                condition=Q(status="current"),
                name="documents_one_current",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "record_key", "version"], name="documents_version_once"
            ),
            models.CheckConstraint(
                condition=Q(status="current", void_reason="", voided_at__isnull=True)
                | Q(status="voided", voided_at__isnull=False) & ~Q(void_reason=""),
                name="documents_void_has_reason",
            ),
        ]

    def __str__(self) -> str:
        label = self.number or self.title
        return f"{label} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.status == Status.CURRENT


class StaffSignature(models.Model):
    """An officer's handwritten signature as a PNG, placed on the documents the officer signs."""

    staff = models.OneToOneField(
        "org.Staff", verbose_name=_("officer"), on_delete=models.PROTECT, related_name="signature"
    )
    image = models.BinaryField(_("signature image (PNG)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("officer signature")
        verbose_name_plural = _("officer signatures")

    def __str__(self) -> str:
        return str(self.staff)


class UnitSeal(models.Model):
    """The seal (印章) of an enforcement body, as a PNG with a transparent background."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="seal"
    )
    image = models.BinaryField(_("seal image (PNG)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit seal")
        verbose_name_plural = _("unit seals")

    def __str__(self) -> str:
        return str(self.unit)


class PartySignature(models.Model):
    """The party's signature on a document: drawn on a tablet (placed in the PDF it was issued with) or a
    scan of the signed paper copy (kept beside the PDF, which is never edited)."""

    class Source(models.TextChoices):
        TABLET = "tablet", _("Signed on a tablet")
        SCAN = "scan", _("Scan of the signed paper")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="party_signatures")
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    signer = models.CharField(_("signed by"), max_length=100)
    image = models.BinaryField(_("image"))
    content_type = models.CharField(_("content type"), max_length=32)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    captured_at = models.DateTimeField(_("captured at"))
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("captured by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("party signature")
        verbose_name_plural = _("party signatures")
        ordering = ["captured_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.source} {self.signer}"


class IssuingSettings(models.Model):
    """What documents state that is the same for every case: where fines are paid (国务院令第235号
    《罚款决定与罚款收缴分离实施办法》第七条) and the public address of the verification page."""

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    bank_name = models.CharField(_("collecting bank"), max_length=100, blank=True)
    bank_account_name = models.CharField(_("account name"), max_length=100, blank=True)
    bank_account = models.CharField(_("account number"), max_length=64, blank=True)
    public_base_url = models.CharField(
        _("public address of the portal"),
        max_length=200,
        blank=True,
        help_text=_("e.g. https://zf.example.gov.cn — the QR code points to <address>/verify/<code>/."),
    )

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")

    def __str__(self) -> str:
        return str(_("document settings"))
