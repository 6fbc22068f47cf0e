"""Publications of penalty decisions on the public portal (行政处罚决定公示).

One :class:`Publication` per penalty decision, created when the decision is made (the ``case_acted``
signal). It holds the text the public sees, **already masked and frozen** at that moment: a page view
reads this one row and never joins the case tables, so a later edit of the case or the party never
leaks, and the public list is one indexed query. Its life:

``pending`` → ``published`` (on its deadline, 7 working days after the decision, or earlier by a legal
reviewer) → ``withdrawn`` (the decision was changed or revoked, or a reviewer withdrew it; the reason is
shown) / ``expired`` (the publication period ended). ``held_back`` (a reviewer's decision: state or
commercial secret, privacy) and ``excluded`` (a minor's case) never reach the public.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting publication")
    PUBLISHED = "published", _("Published")
    HELD_BACK = "held_back", _("Held back")
    EXCLUDED = "excluded", _("Not to be published (minor)")
    WITHDRAWN = "withdrawn", _("Withdrawn from publication")
    EXPIRED = "expired", _("Publication period ended")


class HoldGround(models.TextChoices):
    STATE_SECRET = "state_secret", _("State secret")
    COMMERCIAL_SECRET = "commercial_secret", _("Commercial secret")
    PRIVACY = "privacy", _("Personal privacy")
    SAFETY = "safety", _("Public safety or social stability")


class WithdrawalCause(models.TextChoices):
    CHANGED = "changed", _("Decision changed")
    REVOKED = "revoked", _("Decision revoked")
    CORRECTION = "correction", _("Published in error")


class Publication(models.Model):
    decision = models.OneToOneField(
        "cases.Decision", verbose_name=_("decision"), on_delete=models.PROTECT, related_name="publication"
    )
    # Kept for filters and staff scoping; public pages read only the frozen columns below.
    case_id_ref = models.PositiveBigIntegerField(_("case"), db_index=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("deciding unit"), on_delete=models.PROTECT, related_name="+"
    )
    unit_path = models.CharField(max_length=255, editable=False, default="")
    matter = models.ForeignKey(
        "catalog.Matter", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    # True while the decision is on the public list (published, or withdrawn after publication).
    listed = models.BooleanField(_("on the public list"), default=False)

    # --- the frozen public text (masked when made; never recomputed) ---
    document_number = models.CharField(_("document number"), max_length=64)
    party_kind = models.CharField(_("party kind"), max_length=16)
    party_display = models.CharField(_("party"), max_length=300)
    act = models.CharField(_("act"), max_length=300)
    facts = models.TextField(_("facts"), blank=True)
    legal_basis = models.TextField(_("legal basis"))
    penalty = models.TextField(_("penalty"))
    fine = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, default=Decimal("0.00"))
    unit_name = models.CharField(_("deciding unit"), max_length=200)
    decided_on = models.DateField(_("decided on"))

    # --- the deadlines and what happened ---
    due_on = models.DateField(_("to be published by"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_late = models.BooleanField(_("published after the deadline"), default=False)
    ends_on = models.DateField(_("publication ends on"), null=True, blank=True)
    hold_ground = models.CharField(_("ground"), max_length=24, choices=HoldGround.choices, blank=True)
    hold_reason = models.TextField(_("reason for holding back"), blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held back on"), null=True, blank=True)
    withdrawal_cause = models.CharField(
        _("cause of withdrawal"), max_length=16, choices=WithdrawalCause.choices, blank=True
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawal_due = models.DateField(_("to be withdrawn by"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_late = models.BooleanField(_("withdrawn after the deadline"), default=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            # the public list, newest first, and its unit / matter filters: partial indexes, because
            # SQLite cannot use an index on a boolean column for a bare ``WHERE "listed"``
            models.Index(fields=["-decided_on", "-id"], condition=Q(listed=True), name="disc_pub_list"),
            models.Index(
                fields=["unit", "-decided_on", "-id"], condition=Q(listed=True), name="disc_pub_unit"
            ),
            models.Index(
                fields=["matter", "-decided_on", "-id"], condition=Q(listed=True), name="disc_pub_matter"
            ),
            # the scheduled job: what is due to publish, and what has expired
            models.Index(fields=["status", "due_on"], name="disc_pub_due"),
            models.Index(fields=["status", "ends_on"], name="disc_pub_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held_back") | (~Q(hold_ground="") & ~Q(hold_reason="")),
                name="disclosure_hold_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawal_reason=""),
                name="disclosure_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(listed=True) | Q(published_on__isnull=False),
                name="disclosure_listed_was_published",
            ),
        ]

    def __str__(self) -> str:
        return self.document_number

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN
