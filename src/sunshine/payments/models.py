"""Separated fine collection (罚缴分离, 《行政处罚法》第六十七条; 国务院令第235号): payment notices, the
bank's reconciliation files and their lines, deferral and instalment arrangements (第六十六条), and cash
collected on the spot (第七十条, 第七十一条).

Fine revenue is never tied to an officer (第七十四条): nothing here records who handled the case.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")

# The collecting bank when the finance section has not entered one (settings.PAYMENTS_COLLECTION_BANK).
DEFAULT_BANK = {
    "bank_name": "中国工商银行新城市分行营业部",
    "account_name": "新城市财政局非税收入汇缴结算户",
    "account_number": "1106020009001234567",
}


class CollectionAccount(models.Model):
    """The designated bank account fines are paid into (代收机构, 国务院令第235号第五条, 第七条).
    One active row; a notice copies it when issued, so a later change never alters an issued notice."""

    bank_name = models.CharField(_("bank"), max_length=100)
    account_name = models.CharField(_("account name"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=40)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("collection account")
        verbose_name_plural = _("collection accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="payments_one_active_bank"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number}"

    @classmethod
    def current(cls) -> CollectionAccount:
        account = cls.objects.filter(active=True).first()
        if account is None:
            values = getattr(settings, "PAYMENTS_COLLECTION_BANK", None) or DEFAULT_BANK
            account = cls.objects.create(active=True, **values)
        return account


class CodeCounter(models.Model):
    """The last payment-code sequence number of a year (locked while a notice is issued)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("payment code counter")
        verbose_name_plural = _("payment code counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class PaymentNotice(models.Model):
    """缴款通知: what the party pays, where, with which code, by when (第六十七条; 国务院令第235号第七条)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Unpaid")
        PARTIAL = "partial", _("Partly paid")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    class ExecutionStatus(models.TextChoices):
        NONE = "", _("Not yet")
        PENDING = "pending", _("Paid; execution to be recorded in the case")
        RECORDED = "recorded", _("Execution recorded in the case")

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="payment_notice"
    )
    code = models.CharField(_("payment code"), max_length=20, unique=True)
    decision_number = models.CharField(_("decision number"), max_length=64)
    party_name = models.CharField(_("party"), max_length=200)
    fine = models.DecimalField(_("fine (yuan)"), **MONEY)
    bank_name = models.CharField(_("bank"), max_length=100)
    account_name = models.CharField(_("account name"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=40)
    served_on = models.DateField(_("decision received on"))
    due = models.DateField(_("pay by"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    paid_total = models.DecimalField(_("paid (yuan)"), default=ZERO, **MONEY)
    surcharge = models.DecimalField(_("late surcharge (yuan)"), default=ZERO, **MONEY)
    paid_on = models.DateField(_("paid in full on"), null=True, blank=True)
    execution = models.CharField(
        _("execution in the case"), max_length=16, choices=ExecutionStatus.choices, blank=True, default=""
    )
    execution_note = models.TextField(_("execution note"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment notice")
        verbose_name_plural = _("payment notices")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["status", "due"], name="payments_notice_status_due")]
        constraints = [
            models.CheckConstraint(condition=Q(fine__gt=0), name="payments_notice_fine_positive"),
            models.CheckConstraint(condition=Q(paid_total__gte=0), name="payments_notice_paid_nonneg"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def total_due(self) -> Decimal:
        return self.fine + self.surcharge


class Arrangement(models.Model):
    """暂缓或者分期缴纳: the party's request, recorded by an officer, decided by a leader (第六十六条)."""

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", _("Deferral")
        INSTALMENTS = "instalments", _("Instalments")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    notice = models.ForeignKey(
        PaymentNotice, verbose_name=_("payment notice"), on_delete=models.CASCADE, related_name="arrangements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.TextField(_("the party's economic difficulty"))
    requested_on = models.DateField(_("requested on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("deferral or instalments")
        verbose_name_plural = _("deferrals and instalments")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice"], condition=Q(status="pending"), name="payments_one_pending_arrangement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice} {self.kind} {self.status}"


class Instalment(models.Model):
    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="instalments")
    seq = models.PositiveSmallIntegerField(_("number"))
    due = models.DateField(_("pay by"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "seq"], name="payments_instalment_seq"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_instalment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.seq}: {self.due} {self.amount}"


class ReconciliationFile(models.Model):
    """One bank reconciliation file (对账文件), imported once (the same content again is recognised)."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        COMMAND = "command", _("Management command")
        API = "api", _("Bank or revenue system API")

    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    lines = models.PositiveIntegerField(_("lines"), default=0)
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        verbose_name = _("reconciliation file")
        verbose_name_plural = _("reconciliation files")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.name


class BankPayment(models.Model):
    """One payment the bank received (a line of a reconciliation file), matched by payment code."""

    class Result(models.TextChoices):
        PAID = "paid", _("Paid in full")
        PARTIAL = "partial", _("Partial payment")
        OVERPAID = "overpaid", _("Over-payment")
        UNKNOWN = "unknown", _("Unknown payment code")
        CANCELLED = "cancelled", _("Notice cancelled")

    class Resolution(models.TextChoices):
        NONE = "", _("Open")
        ASSIGNED = "assigned", _("Matched to a notice by hand")
        REFUNDED = "refunded", _("Refunded to the payer")
        ACCEPTED = "accepted", _("Checked, no action needed")

    EXCEPTIONS = (Result.PARTIAL, Result.OVERPAID, Result.UNKNOWN, Result.CANCELLED)

    file = models.ForeignKey(
        ReconciliationFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="payments"
    )
    line_no = models.PositiveIntegerField(_("line"))
    transaction_id = models.CharField(_("bank transaction"), max_length=64, unique=True)
    code = models.CharField(_("payment code as given"), max_length=40)
    notice = models.ForeignKey(
        PaymentNotice,
        verbose_name=_("payment notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    paid_on = models.DateField(_("paid on"))
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    excess = models.DecimalField(_("excess (yuan)"), default=ZERO, **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=16, choices=Resolution.choices, blank=True, default=""
    )
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank payment")
        verbose_name_plural = _("bank payments")
        ordering = ["file_id", "line_no"]
        indexes = [models.Index(fields=["result", "resolution"], name="payments_bankpay_exceptions")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payments_bankpay_positive")]

    def __str__(self) -> str:
        return self.transaction_id

    @property
    def is_open_exception(self) -> bool:
        return self.result in self.EXCEPTIONS and not self.resolution


class CashReceipt(models.Model):
    """A fine collected on the spot: the official receipt (第七十条), the officer's hand-in within 2 working
    days (第七十一条) and the agency's deposit at the bank within 2 more."""

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="cash_receipts"
    )
    receipt_number = models.CharField(_("receipt number"), max_length=64, unique=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    party_name = models.CharField(_("party"), max_length=200)
    collected_on = models.DateField(_("collected on"))
    handover_due = models.DateField(_("hand in by"))
    handed_in_on = models.DateField(_("handed in on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_on = models.DateField(_("received by finance on"), null=True, blank=True)
    deposit_due = models.DateField(_("deposit at the bank by"), null=True, blank=True)
    deposited_on = models.DateField(_("deposited on"), null=True, blank=True)
    bank_reference = models.CharField(_("bank deposit reference"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("cash receipt")
        verbose_name_plural = _("cash receipts")
        ordering = ["-collected_on", "-id"]
        indexes = [models.Index(fields=["received_on", "handover_due"], name="payments_cash_tracking")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payments_cash_positive")]

    def __str__(self) -> str:
        return self.receipt_number
