"""Citizen requests under first-inquiry responsibility (首问负责制), and their notices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit")
    WEB = "web", _("Web portal")
    HOTLINE = "hotline", _("12345 hotline")
    WECHAT = "wechat", _("WeChat")
    SUPERIOR = "superior", _("Superior assignment")
    MAYOR = "mayor", _("Mayor's line")


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint or report")
    INQUIRY = "inquiry", _("Inquiry")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class Urgency(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary")
    URGENT = "urgent", _("Urgent")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DISPATCHED = "dispatched", _("Dispatched to a squad")
    REFERRED = "referred", _("Referred outside the bureau")
    LINKED = "linked", _("Being handled as a contact or case")
    REPLIED = "replied", _("Replied")
    MERGED = "merged", _("Merged into another request")


OPEN_STATUSES = (Status.REGISTERED, Status.DISPATCHED, Status.REFERRED, Status.LINKED)


class Request(models.Model):
    """One call, letter, visit or message from a citizen.

    ``first_receiver`` is the staff member who registered it; they stay answerable until it is
    replied to, whoever handles it (seed 000: 首问负责制).
    """

    tracking_no = models.CharField(_("tracking number"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.ORDINARY)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=60, blank=True)
    citizen_phone = models.CharField(_("citizen's phone"), max_length=20, blank=True)
    content = models.TextField(_("content"))
    address = models.CharField(_("place"), max_length=200, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    matter = models.ForeignKey(
        "catalog.Matter",
        verbose_name=_("matter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grid = models.ForeignKey(
        "org.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    first_receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first receiver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests_received",
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_at = models.DateTimeField(_("reply due"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    referred_department = models.CharField(_("department referred to"), max_length=100, blank=True)
    referred_contact = models.CharField(_("contact at the department"), max_length=100, blank=True)
    referred_told = models.TextField(_("what the citizen was told"), blank=True)
    reply_channel = models.CharField(_("reply channel"), max_length=16, choices=Channel.choices, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reply_content = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extension_days = models.PositiveSmallIntegerField(_("extended by (days)"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extension approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopened = models.BooleanField(_("reopened once"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        "parties.FieldContact",
        verbose_name=_("field contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("citizen request")
        verbose_name_plural = _("citizen requests")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="service_req_board"),
            models.Index(fields=["status", "due_at"], name="service_req_status_due"),
            # The board (open requests, soonest due first) reads this small ordered index whatever the
            # planner's statistics say: after ANALYZE, SQLite judged (status, due_at) too unselective
            # and scanned the table. The condition is the board's filter, term for term.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=["registered", "dispatched", "referred", "linked"]),
                name="service_req_open_due",
            ),
        ]
        constraints = [
            # A replied request always has its reply (first-inquiry responsibility, seed 000).
            models.CheckConstraint(
                condition=~models.Q(status="replied")
                | (
                    models.Q(replied_at__isnull=False)
                    & ~models.Q(reply_content="")
                    & ~models.Q(reply_channel="")
                ),
                name="service_request_replied_has_reply",
            ),
            # 《信访工作条例》第三十四条: extended once, by at most 30 days, with its reason.
            models.CheckConstraint(
                condition=models.Q(extension_days__isnull=True)
                | (
                    models.Q(extension_days__gte=1, extension_days__lte=30)
                    & ~models.Q(extension_reason="")
                    & models.Q(extended_by__isnull=False)
                ),
                name="service_request_extension_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="service_request_satisfaction_range",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_no

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Notice(models.Model):
    """A message to a citizen, kept in an outbox and sent through ``service.notify`` backends."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="notices")
    phone = models.CharField(_("phone"), max_length=20)
    text = models.TextField(_("message"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    backend = models.CharField(_("backend"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.text[:30]}"


class ApiKey(models.Model):
    """A key for POSTing requests through Open311 GeoReport v2, issued and revoked by the system
    administrator (in the admin site)."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("client"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return self.name


class SupervisionItem(models.Model):
    """An item handed down for supervision (督办) by superiors, the mayor's line or the bureau's leaders."""

    class Source(models.TextChoices):
        SUPERIOR = "superior", _("Superior authority")
        MAYOR = "mayor", _("Mayor's line")
        LEADER = "leader", _("Bureau leaders")
        PEOPLES_CONGRESS = "congress", _("People's congress or CPPCC")

    class State(models.TextChoices):
        OPEN = "open", _("In progress")
        DONE = "done", _("Done")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    content = models.TextField(_("content"))
    deadline = models.DateField(_("deadline"), db_index=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="+"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    result = models.TextField(_("result"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")
        ordering = ["state", "deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="done") | ~models.Q(result=""),
                name="service_supervision_done_has_result",
            )
        ]

    def __str__(self) -> str:
        return self.reference or self.content[:30]


class SupervisionProgress(models.Model):
    item = models.ForeignKey(SupervisionItem, on_delete=models.CASCADE, related_name="progress")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("progress"))
    at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class SocialSupervisor(models.Model):
    """A social supervisor (义务监督员) appointed from experts and business people (seed 000)."""

    class Background(models.TextChoices):
        EXPERT = "expert", _("Expert")
        BUSINESS = "business", _("Business person")
        RESIDENT = "resident", _("Resident representative")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="social_supervisor"
    )
    name = models.CharField(_("name"), max_length=60)
    background = models.CharField(_("background"), max_length=16, choices=Background.choices)
    area = models.CharField(_("area"), max_length=100)
    appointed_on = models.DateField(_("appointed on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("social supervisor")
        verbose_name_plural = _("social supervisors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupervisorReport(models.Model):
    """A social supervisor's report: a problem (becomes a citizen request) or misconduct by staff (goes
    to the inspection office only; never shown to the staff member reported)."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("Problem in the area")
        MISCONDUCT = "misconduct", _("Misconduct by staff")

    supervisor = models.ForeignKey(SocialSupervisor, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    content = models.TextField(_("what happened"))
    place = models.CharField(_("place"), max_length=200)
    occurred_at = models.DateTimeField(_("when"))
    photo = models.ImageField(_("photo"), upload_to="service/reports/%Y/%m/", blank=True)
    staff_reported = models.ForeignKey(
        "org.Staff",
        verbose_name=_("staff member reported"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    staff_description = models.CharField(_("staff member (badge, description)"), max_length=100, blank=True)
    request = models.OneToOneField(Request, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    result = models.TextField(_("result"), blank=True)
    result_at = models.DateTimeField(_("result at"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervisor report")
        verbose_name_plural = _("supervisor reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.place}"


class VendorGroup(models.Model):
    """A self-governance group of vendors for an area or street section, with its leader (seed 000)."""

    name = models.CharField(_("name"), max_length=100)
    area = models.CharField(_("area or street section"), max_length=200)
    leader = models.ForeignKey(
        "parties.Party", verbose_name=_("leader"), on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        "parties.Party", verbose_name=_("members"), related_name="vendor_groups", blank=True
    )

    class Meta:
        verbose_name = _("vendor self-governance group")
        verbose_name_plural = _("vendor self-governance groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
