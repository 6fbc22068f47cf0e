"""The append-only, hash-chained audit log (执法全过程记录, 可回溯管理).

Each event's hash is SHA-256 over the previous event's hash and the event's canonical encoding
(see :mod:`sunshine.audit.chain`). One row, :class:`ChainHead`, holds the sequence number and hash
of the newest event; an append locks it, so concurrent writers never fork the chain or leave a gap.
Nothing in the application updates or deletes events.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Event(models.Model):
    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    payload = models.TextField(_("payload (canonical JSON)"), default="{}")
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            models.Index(fields=["actor", "created_at"], name="audit_event_actor_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class ChainHead(models.Model):
    """The newest event's sequence and hash; row id 1 only."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_singleton")]

    def __str__(self) -> str:
        return f"head #{self.seq}"
